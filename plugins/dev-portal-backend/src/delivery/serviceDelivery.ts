import type { ServiceDelivery, WorkflowRunSummary } from '@dev-portal/plugin-dev-portal-common';
import { imageTagForCommit, readServiceLayout, type ServiceLayout } from '@dev-portal/plugin-scaffolder-backend-module-django-gitops';
import type { RepositoryReader } from '../github/repositoryReader';
import { readAnswersText } from '../service/answers';
import type { GeneratedService } from '../service/generatedService';
import { publicOrigin, readKustomization } from './appFolder';

/** Swagger UI, where the generated project's urls.py serves it. */
const API_DOCS_PATH = '/api/docs/';

/** Argo CD as the platform runs it (`devPortal.argocd.url` and `.namespace`). */
export interface ArgoCdLocation {
  url: string;
  namespace: string;
}

/**
 * Where the service stands: the latest CI/CD run of its default branch, the image its GitOps
 * folder deploys and whether that is the latest successful build, and its links. Every GitHub
 * read goes through the readers' ETag cache: a page view of an unchanged service costs no
 * counted request.
 */
export async function readServiceDelivery(
  service: GeneratedService,
  readerFor: (owner: string, repo: string) => Promise<RepositoryReader>,
  argocd: ArgoCdLocation | undefined,
): Promise<ServiceDelivery> {
  const { owner, repo } = service.repository;
  const app = await readerFor(owner, repo);
  const layout = readServiceLayout(await readAnswersText(app, service));
  const [gitopsOwner, gitopsRepo] = layout.gitops.repository.split('/');
  const [ci, folder] = await Promise.all([
    layout.cicd ? readCi(app, layout) : undefined,
    readAppFolder(await readerFor(gitopsOwner, gitopsRepo), layout.gitops),
  ]);
  const deployed = folder.kustomization?.image;
  const latestBuild = ci?.latestBuild;
  return {
    repository: { slug: `${owner}/${repo}`, url: `${service.webOrigin}/${owner}/${repo}`, defaultBranch: layout.defaultBranch },
    ci,
    gitops: {
      ...layout.gitops,
      folderUrl: `${service.webOrigin}/${layout.gitops.repository}/tree/${layout.gitops.branch}/${layout.gitops.folder}`,
      deployed,
      upToDate: deployed?.tag && latestBuild ? deployed.tag === latestBuild.imageTag : undefined,
    },
    argocdUrl: argocd && `${argocd.url.replace(/\/+$/, '')}/applications/${argocd.namespace}/${service.argocdAppName ?? layout.name}`,
    apiDocsUrl: folder.origin && `${folder.origin}${API_DOCS_PATH}`,
  };
}

type RunFields = Omit<WorkflowRunSummary, 'failedJob'>;

/** The latest run of the workflow on the default branch, its failed job, and the latest successful run's image. */
async function readCi(app: RepositoryReader, layout: ServiceLayout): Promise<NonNullable<ServiceDelivery['ci']>> {
  const latestRunWhere = (filter: { status?: string }) =>
    app.get(
      'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      { workflow_id: layout.workflowFile, branch: layout.defaultBranch, per_page: 1, ...filter },
      (data): RunFields | null => (data.workflow_runs[0] ? runFields(data.workflow_runs[0]) : null),
    );
  const latestRun = await latestRunWhere({});
  if (!latestRun) return {};
  const failed = latestRun.status === 'completed' && latestRun.conclusion !== 'success';
  const [latestSuccess, failedJob] = await Promise.all([
    latestRun.conclusion === 'success' ? latestRun : latestRunWhere({ status: 'success' }),
    failed ? readFailedJob(app, latestRun.id) : undefined,
  ]);
  return {
    latestRun: { ...latestRun, failedJob: failedJob ?? undefined },
    latestBuild: latestSuccess
      ? { imageTag: imageTagForCommit(latestSuccess.commitSha), commitSha: latestSuccess.commitSha, runUrl: latestSuccess.url }
      : undefined,
  };
}

function runFields(run: any): RunFields {
  return {
    id: run.id,
    runNumber: run.run_number,
    status: run.status,
    conclusion: run.conclusion ?? undefined,
    commitSha: run.head_sha,
    url: run.html_url,
    updatedAt: run.updated_at,
  };
}

/** The run's first failed job (one that ended otherwise than success or skipped) and its first failed step. */
function readFailedJob(app: RepositoryReader, runId: number) {
  return app.get(
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
    { run_id: runId, filter: 'latest', per_page: 100 },
    (data): NonNullable<WorkflowRunSummary['failedJob']> | null => {
      const job = data.jobs.find((candidate: any) => !['success', 'skipped', null].includes(candidate.conclusion));
      if (!job) return null;
      const step = (job.steps ?? []).find((candidate: any) => !['success', 'skipped', null].includes(candidate.conclusion));
      return { name: job.name, url: job.html_url ?? undefined, step: step?.name };
    },
  );
}

/** The image the app's folder deploys, and the public origin its Ingress or HTTPRoute routes. */
async function readAppFolder(gitops: RepositoryReader, { folder, branch }: ServiceLayout['gitops']) {
  const text = await gitops.readFile(`${folder}/kustomization.yaml`, branch);
  const kustomization = text === undefined ? undefined : readKustomization(text);
  const routeText = kustomization?.routeFile && (await gitops.readFile(`${folder}/${kustomization.routeFile}`, branch));
  return { kustomization, origin: routeText ? publicOrigin(routeText) : undefined };
}
