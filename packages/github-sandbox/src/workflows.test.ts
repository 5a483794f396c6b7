import { eventually, useSandbox } from './__testUtils__/harness';

const CI_WORKFLOW = `name: CI/CD
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Run tests
        run: python manage.py test
  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - name: Build and push
        run: docker buildx build .
  update-gitops:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - name: Update tag
        run: echo tag
`;

const LINT_WORKFLOW = 'name: Lint\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps: [{ run: ruff . }]\n';

describe('workflow runs', () => {
  const h = useSandbox();
  const repo = { owner: 'dev', repo: 'app' };

  beforeEach(async () => {
    await h.octokit.repos.createForAuthenticatedUser({ name: 'app' });
    h.sandbox.workflows.configure({ appearAfterMs: 40, queuedMs: 40, inProgressMs: 40, outcome: 'success' });
  });

  /** Pushes one commit with these files to a branch through the Git Data API, as the portal does. */
  async function push(files: Record<string, string>, message = 'Add project', branch = 'main') {
    const head = await h.octokit.git.getRef({ ...repo, ref: `heads/${branch}` }).catch(() => undefined);
    const parents = head ? [head.data.object.sha] : [];
    if (!head) {
      await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: '.keep', message: 'init [skip ci]', content: '', branch });
      return push(files, message, branch);
    }
    const base = (await h.octokit.git.getCommit({ ...repo, commit_sha: parents[0] })).data.tree.sha;
    const tree = await h.octokit.git.createTree({
      ...repo,
      base_tree: base,
      tree: Object.entries(files).map(([path, content]) => ({ path, mode: '100644' as const, type: 'blob' as const, content })),
    });
    const commit = await h.octokit.git.createCommit({ ...repo, message, tree: tree.data.sha, parents });
    await h.octokit.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.data.sha });
    return commit.data.sha;
  }

  const runsFor = async (head_sha: string) => (await h.octokit.actions.listWorkflowRunsForRepo({ ...repo, head_sha })).data;

  it('starts one run per push-triggered workflow after a delay, then queued -> in_progress -> completed', async () => {
    // Windows wide enough that a loaded machine still observes every state.
    h.sandbox.workflows.configure({ appearAfterMs: 400, queuedMs: 250, inProgressMs: 250 });
    const sha = await push({ '.github/workflows/ci-cd.yml': CI_WORKFLOW, '.github/workflows/lint.yaml': LINT_WORKFLOW, 'app.py': '' });
    // Not listed yet: "no run yet" is not "no run".
    expect((await runsFor(sha)).total_count).toBe(0);
    expect(h.sandbox.runs('dev', 'app').map(run => run.visible)).toEqual([false, false]);

    const listed = await eventually(async () => ((await runsFor(sha)).total_count === 2 ? await runsFor(sha) : undefined));
    const ci = listed.workflow_runs.find(run => run.path === '.github/workflows/ci-cd.yml')!;
    expect(ci).toMatchObject({ name: 'CI/CD', head_sha: sha, head_branch: 'main', event: 'push', status: 'queued', conclusion: null, run_attempt: 1, run_number: 1, display_title: 'Add project' });
    expect(ci.html_url).toBe(`https://github.com/dev/app/actions/runs/${ci.id}`);

    await eventually(async () => ((await h.octokit.actions.getWorkflowRun({ ...repo, run_id: ci.id })).data.status === 'in_progress' ? true : undefined));
    const completed = await eventually(async () => {
      const { data } = await h.octokit.actions.getWorkflowRun({ ...repo, run_id: ci.id });
      return data.status === 'completed' ? data : undefined;
    });
    expect(completed.conclusion).toBe('success');
    const jobs = (await h.octokit.actions.listJobsForWorkflowRun({ ...repo, run_id: ci.id, filter: 'latest' })).data.jobs;
    expect(jobs.map(job => [job.name, job.conclusion])).toEqual([['test', 'success'], ['build', 'success'], ['update-gitops', 'success']]);
    expect(jobs[0].steps!.map(step => step.name)).toEqual(['Set up job', 'Run actions/checkout@v4', 'Run tests', 'Complete job']);
  });

  it('fails in the configured job and step and skips the jobs that need it', async () => {
    h.sandbox.workflows.configure({ outcome: { conclusion: 'failure', job: 'build', step: 'Build and push' } });
    const sha = await push({ '.github/workflows/ci-cd.yml': CI_WORKFLOW });
    const run = await eventually(async () => (await runsFor(sha)).workflow_runs.find(r => r.status === 'completed'), 3000);
    expect(run.conclusion).toBe('failure');
    const { jobs } = (await h.octokit.actions.listJobsForWorkflowRun({ ...repo, run_id: run.id })).data;
    expect(jobs.map(job => [job.name, job.conclusion])).toEqual([['test', 'success'], ['build', 'failure'], ['update-gitops', 'skipped']]);
    expect(jobs[1].steps!.map(step => [step.name, step.conclusion])).toEqual([
      ['Set up job', 'success'],
      ['Build and push', 'failure'],
      ['Complete job', 'success'],
    ]);
  });

  it('can stay in progress forever, or end with any other conclusion', async () => {
    h.sandbox.workflows.configure({ outcome: 'never', appearAfterMs: 0, queuedMs: 0, inProgressMs: 0 });
    const stuck = await push({ '.github/workflows/ci-cd.yml': CI_WORKFLOW });
    await new Promise(resolve => setTimeout(resolve, 30));
    expect((await runsFor(stuck)).workflow_runs.map(run => run.status)).toEqual(['in_progress']);

    h.sandbox.workflows.configure({ outcome: 'cancelled' });
    const cancelled = await push({ 'x.txt': 'x' }, 'Second');
    await new Promise(resolve => setTimeout(resolve, 10));
    expect((await runsFor(cancelled)).workflow_runs.map(run => [run.status, run.conclusion])).toEqual([['completed', 'cancelled']]);
    // The earlier run kept the config it started with.
    expect((await runsFor(stuck)).workflow_runs[0].status).toBe('in_progress');
  });

  it('starts no run for [skip ci], for other branches, or without a push trigger', async () => {
    h.sandbox.workflows.configure({ appearAfterMs: 0 });
    await push({ '.github/workflows/ci-cd.yml': CI_WORKFLOW, '.github/workflows/manual.yml': 'on: workflow_dispatch\njobs:\n  a:\n    runs-on: x\n    steps: []\n' }, 'Update tag [skip ci]');
    await h.octokit.git.createRef({ ...repo, ref: 'refs/heads/feature', sha: (await h.octokit.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha });
    await push({ 'feature.txt': 'f' }, 'Feature work', 'feature');
    expect(h.sandbox.runs('dev', 'app')).toEqual([]);
    await push({ 'x.txt': 'x' }, 'Now run');
    expect(h.sandbox.runs('dev', 'app').map(run => run.path)).toEqual(['.github/workflows/ci-cd.yml']);
  });

  it('lists runs per workflow file and filters by head_sha, branch, event and status', async () => {
    h.sandbox.workflows.configure({ appearAfterMs: 0, queuedMs: 0, inProgressMs: 0 });
    const first = await push({ '.github/workflows/ci-cd.yml': CI_WORKFLOW, '.github/workflows/lint.yml': LINT_WORKFLOW });
    const second = await push({ 'b.txt': 'b' }, 'Second');
    const { data: workflows } = await h.octokit.actions.listRepoWorkflows(repo);
    expect(workflows.workflows.map(w => [w.name, w.path])).toEqual([['CI/CD', '.github/workflows/ci-cd.yml'], ['Lint', '.github/workflows/lint.yml']]);

    const byFile = await h.octokit.actions.listWorkflowRuns({ ...repo, workflow_id: 'ci-cd.yml' });
    expect(byFile.data.workflow_runs.map(run => [run.head_sha, run.run_number])).toEqual([[second, 2], [first, 1]]);
    const byId = await h.octokit.actions.listWorkflowRuns({ ...repo, workflow_id: workflows.workflows[1].id, head_sha: first });
    expect(byId.data.workflow_runs.map(run => run.name)).toEqual(['Lint']);
    expect((await h.octokit.actions.listWorkflowRunsForRepo({ ...repo, status: 'success' })).data.total_count).toBe(4);
    expect((await h.octokit.actions.listWorkflowRunsForRepo({ ...repo, status: 'in_progress' })).data.total_count).toBe(0);
    expect((await h.octokit.actions.listWorkflowRunsForRepo({ ...repo, branch: 'other' })).data.total_count).toBe(0);
    expect((await h.octokit.actions.listWorkflowRunsForRepo({ ...repo, event: 'push', branch: 'main' })).data.total_count).toBe(4);
    expect((await h.octokit.actions.listWorkflowRunsForRepo({ ...repo, per_page: 1 })).headers.link).toContain('rel="last"');
  });

  it('fails a run at startup when the workflow file cannot be loaded', async () => {
    h.sandbox.workflows.configure({ appearAfterMs: 0 });
    const sha = await push({ '.github/workflows/broken.yml': 'on: push\njobs: [' });
    expect((await runsFor(sha)).workflow_runs.map(run => [run.status, run.conclusion])).toEqual([['completed', 'startup_failure']]);
  });
});
