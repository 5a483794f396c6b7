/**
 * Dev Portal's scaffolder module: actions that generate a Django REST API and deliver it through
 * GitHub and GitOps.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDjangoGitops as default } from './module';
export { createDjangoGenerateAction } from './actions/djangoGenerate';
export { createGithubAddSecretAction } from './actions/githubAddSecret';
export { createGithubBatchPushAction } from './actions/githubBatchPush';
export { createGithubWaitWorkflowAction } from './actions/githubWaitWorkflow';
export type { GitHubActionOptions } from './actions/gitHubAccess';
export { createK8sManifestsAction } from './actions/k8sManifests';
export { createGitopsPushRepoBAction } from './actions/gitopsPushRepoB';
export { generateManifests, generateApplicationSet } from './k8s';
export { generateDjangoProject } from './django/generate';
export { generateWorkflow, imageRepository, WORKFLOW_PATH } from './ci/workflow';
export type { DjangoProject } from './django/generate';
export { validateProjectSpec, ProjectSpecError } from './project/validate';
export type { ProjectSpec, ProjectSpecInput, FieldSpec, ModelSpec } from './project/spec';
