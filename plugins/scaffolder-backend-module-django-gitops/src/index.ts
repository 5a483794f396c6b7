/**
 * Dev Portal's scaffolder module: actions that generate a Django REST API and deliver it through
 * GitHub and GitOps.
 *
 * @packageDocumentation
 */
export { scaffolderModuleDjangoGitops as default } from './module';
export { createDjangoGenerateAction, type DjangoGenerateActionOptions } from './actions/djangoGenerate';
export { createGithubAddSecretAction } from './actions/githubAddSecret';
export { createGithubBatchPushAction } from './actions/githubBatchPush';
export { createGithubEnsureRepoAction } from './actions/githubEnsureRepo';
export { createGithubWaitWorkflowAction, type GithubWaitWorkflowActionOptions } from './actions/githubWaitWorkflow';
export { createK8sManifestsAction } from './actions/k8sManifests';
export { createGitopsPushRepoBAction } from './actions/gitopsPushRepoB';
export type { GitHubActionOptions } from './scaffolder/gitHubAccess';
export type { PollSchedule } from './github/runs';
export { readDeployConfig, type DeployConfig } from './deployConfig';
export type { ArgoCdConventions } from './k8s/conventions';
export { previewDjangoProject, type DjangoProjectPreview } from './django/preview';
export { readServiceLayout, type ServiceLayout } from './django/answers';
export { imageTagForCommit } from './project/constants';
