/**
 * The contract between Dev Portal's backend routes (`/api/dev-portal`) and the frontend: the
 * annotations of generated services, the routes' answers and a client.
 *
 * @packageDocumentation
 */
export { ANSWERS_ANNOTATION, DJANGO_GITOPS_GENERATOR, GENERATOR_ANNOTATION } from './annotations';
export type { ImageBuild, ServiceDelivery, WorkflowRunSummary } from './delivery';
export type { ProjectPreview, ProjectPreviewResult, ProjectProblem } from './preview';
export { DevPortalClient, type DevPortalApi } from './client';
