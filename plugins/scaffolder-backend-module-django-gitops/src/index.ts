/**
 * Dev Portal's scaffolder module: actions that generate a Django REST API and deliver it through
 * GitHub and GitOps.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDjangoGitops as default } from './module';
export { createDjangoGenerateAction } from './actions/djangoGenerate';
export { generateDjangoProject, imageName } from './django/generate';
export type { DjangoProject } from './django/generate';
export { validateProjectSpec, ProjectSpecError } from './project/validate';
export type { ProjectSpec, ProjectSpecInput, FieldSpec, ModelSpec } from './project/spec';
