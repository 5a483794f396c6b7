/**
 * Dev Portal's scaffolder module for the new frontend system: the `DjangoModelsEditor` form
 * field of the Django GitOps template.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDjangoGitops as default } from './module';
