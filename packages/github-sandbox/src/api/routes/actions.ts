import { WorkflowRun } from '../../actions/actionsService';
import { notFound } from '../../http/errors';
import { RouteRequest } from '../../http/router';
import { SandboxCore, SandboxRoute } from '../core';
import { paginate } from '../pagination';

/** The `branch`, `event`, `head_sha` and `status` filters (status also takes a conclusion). */
function listRuns(request: RouteRequest, core: SandboxCore, runs: WorkflowRun[], selfUrl: string) {
  const now = core.actions.now();
  const { query } = request;
  const filtered = runs
    .map(run => ({ run, state: core.actions.stateOf(run, now) }))
    .filter(
      ({ run, state }) =>
        (!query.has('branch') || run.headBranch === query.get('branch')) &&
        (!query.has('event') || run.event === query.get('event')) &&
        (!query.has('head_sha') || run.headCommit.sha === query.get('head_sha')) &&
        (!query.has('status') || [state.status, state.conclusion].includes(query.get('status') as never)),
    );
  const page = paginate(filtered, query, selfUrl);
  return {
    status: 200,
    body: {
      total_count: filtered.length,
      workflow_runs: page.items.map(({ run, state }) => core.json.workflowRun(run, state)),
    },
    headers: page.headers,
  };
}

function findRun(request: RouteRequest, core: SandboxCore) {
  const repository = core.repository(request.params);
  const run = core.actions
    .visibleRuns(repository, core.actions.now())
    .find(candidate => String(candidate.id) === request.params.run_id);
  if (!run) throw notFound();
  return run;
}

export const actionsRoutes: SandboxRoute[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/workflows',
    docs: 'actions/workflows#list-repository-workflows',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const workflows = core.actions.listWorkflows(repository);
      return {
        status: 200,
        body: { total_count: workflows.length, workflows: workflows.map(workflow => core.json.workflow(repository, workflow)) },
      };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs',
    docs: 'actions/workflow-runs#list-workflow-runs-for-a-repository',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const runs = core.actions.visibleRuns(repository, core.actions.now());
      return listRuns(request, core, runs, core.urls.repoApi(repository.fullName, '/actions/runs'));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    docs: 'actions/workflow-runs#list-workflow-runs-for-a-workflow',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const workflow = core.actions.findWorkflow(repository, request.params.workflow_id);
      if (!workflow) throw notFound();
      const runs = core.actions.visibleRuns(repository, core.actions.now()).filter(run => run.workflow === workflow);
      const selfUrl = core.urls.repoApi(repository.fullName, `/actions/workflows/${request.params.workflow_id}/runs`);
      return listRuns(request, core, runs, selfUrl);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}',
    docs: 'actions/workflow-runs#get-a-workflow-run',
    async handle(request, core) {
      const run = findRun(request, core);
      return { status: 200, body: core.json.workflowRun(run, core.actions.stateOf(run, core.actions.now())) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
    docs: 'actions/workflow-jobs#list-jobs-for-a-workflow-run',
    async handle(request, core) {
      // Runs have a single attempt, so `filter=latest` and `filter=all` list the same jobs.
      const run = findRun(request, core);
      const state = core.actions.stateOf(run, core.actions.now());
      const jobs = state.jobs.map((job, index) => core.json.job(run, job, run.jobIds[index]));
      const page = paginate(jobs, request.query, core.urls.repoApi(run.repository.fullName, `/actions/runs/${run.id}/jobs`));
      return { status: 200, body: { total_count: jobs.length, jobs: page.items }, headers: page.headers };
    },
  },
];
