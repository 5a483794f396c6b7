import { errorBodyOf, statusOf, useSandbox } from './__testUtils__/harness';

/** The generated workflow's shape: tests on pushes to main and on pull requests into it; deploys from main only. */
const CI_WORKFLOW = `name: CI/CD
on:
  push:
    branches: [main]
  pull_request:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - name: Run tests
        run: python manage.py test
  build-and-push:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - name: Build
        run: docker buildx build .
  update-gitops:
    needs: build-and-push
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - name: Update tag
        run: echo tag
`;

describe('pull requests', () => {
  const h = useSandbox();
  const repo = { owner: 'acme', repo: 'app' };

  beforeEach(async () => {
    h.sandbox.createOrg('acme');
    await h.sandbox.createRepo('acme', 'app', { autoInit: true });
    h.sandbox.workflows.configure({ appearAfterMs: 0, queuedMs: 0, inProgressMs: 0, outcome: 'success' });
    await h.sandbox.commitFiles('acme', 'app', { message: 'Add CI', files: { '.github/workflows/ci-cd.yml': CI_WORKFLOW } });
  });

  /** A branch from main's head with one commit of its own, made through the Git Data API. */
  async function branchWithCommit(branch: string, files: Record<string, string>, message = 'Change the models') {
    const main = (await h.octokit.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    const baseTree = (await h.octokit.git.getCommit({ ...repo, commit_sha: main })).data.tree.sha;
    const tree = await h.octokit.git.createTree({
      ...repo,
      base_tree: baseTree,
      tree: Object.entries(files).map(([path, content]) => ({ path, mode: '100644' as const, type: 'blob' as const, content })),
    });
    const commit = await h.octokit.git.createCommit({ ...repo, message, tree: tree.data.sha, parents: [main] });
    await h.octokit.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.data.sha });
    return commit.data.sha;
  }

  it('opens one, lists it and reads it back with its counts', async () => {
    const head = await branchWithCommit('change', { 'api/models.py': 'class Review:\n    pass\n', 'README.md': '# The app\n' });

    const { status, data, headers } = await h.octokit.pulls.create({ ...repo, head: 'change', base: 'main', title: 'Change the models', body: 'Files:\n- api/models.py' });

    expect(status).toBe(201);
    expect(headers.location).toBe('https://api.github.com/repos/acme/app/pulls/1');
    expect(data).toMatchObject({
      number: 1,
      state: 'open',
      draft: false,
      title: 'Change the models',
      body: 'Files:\n- api/models.py',
      html_url: 'https://github.com/acme/app/pull/1',
      head: { ref: 'change', sha: head, label: 'acme:change' },
      base: { ref: 'main', label: 'acme:main' },
      commits: 1,
      changed_files: 2,
      additions: 3,
      deletions: 1,
      mergeable: true,
      merged: false,
    });
    expect((await h.octokit.pulls.get({ ...repo, pull_number: 1 })).data.head.sha).toBe(head);
    expect((await h.octokit.pulls.list({ ...repo, head: 'acme:change' })).data.map(pull => pull.number)).toEqual([1]);
    expect((await h.octokit.pulls.list({ ...repo, head: 'acme:other' })).data).toEqual([]);
    expect((await h.octokit.pulls.list({ ...repo, state: 'closed' })).data).toEqual([]);
    expect(await statusOf(h.octokit.pulls.get({ ...repo, pull_number: 2 }))).toBe(404);
  });

  it("refuses a second one for the same branch, one without commits, and unknown branches, in GitHub's words", async () => {
    await branchWithCommit('change', { 'a.txt': 'a' });
    await h.octokit.pulls.create({ ...repo, head: 'acme:change', base: 'main', title: 'First' });
    const main = (await h.octokit.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await h.octokit.git.createRef({ ...repo, ref: 'refs/heads/empty', sha: main });

    expect(await errorBodyOf(h.octokit.pulls.create({ ...repo, head: 'change', base: 'main', title: 'Again' }))).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:change.' }],
      documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      status: '422',
    });
    expect((await errorBodyOf(h.octokit.pulls.create({ ...repo, head: 'empty', base: 'main', title: 'Nothing' }))).errors).toEqual([
      { resource: 'PullRequest', code: 'custom', message: 'No commits between main and empty' },
    ]);
    expect((await errorBodyOf(h.octokit.pulls.create({ ...repo, head: 'missing', base: 'main', title: 'x' }))).errors).toEqual([
      { resource: 'PullRequest', field: 'head', code: 'invalid' },
    ]);
    expect((await errorBodyOf(h.octokit.pulls.create({ ...repo, head: 'change', base: 'develop', title: 'x' }))).errors).toEqual([
      { resource: 'PullRequest', field: 'base', code: 'invalid' },
    ]);
    expect(await statusOf(h.octokit.pulls.create({ ...repo, head: 'someone:change', base: 'main', title: 'x' }))).toBe(422);
  });

  it('starts the pull_request runs on its head commit, skipping the deploy job, and again when the branch moves', async () => {
    const head = await branchWithCommit('change', { 'a.txt': 'a' });
    // The branch push alone starts nothing: the workflow runs on pushes to main only.
    expect(h.sandbox.runs('acme', 'app').filter(run => run.headBranch === 'change')).toEqual([]);

    await h.octokit.pulls.create({ ...repo, head: 'change', base: 'main', title: 'Change' });

    const { data } = await h.octokit.actions.listWorkflowRunsForRepo({ ...repo, head_sha: head });
    expect(data.workflow_runs).toHaveLength(1);
    const [run] = data.workflow_runs;
    expect(run).toMatchObject({ event: 'pull_request', head_sha: head, head_branch: 'change', display_title: 'Change', status: 'completed', conclusion: 'success' });
    expect(run.pull_requests).toEqual([
      expect.objectContaining({ number: 1, head: expect.objectContaining({ ref: 'change', sha: head }), base: expect.objectContaining({ ref: 'main' }) }),
    ]);
    const { data: jobs } = await h.octokit.actions.listJobsForWorkflowRun({ ...repo, run_id: run.id });
    expect(jobs.jobs.map(job => [job.name, job.conclusion])).toEqual([['test', 'success'], ['build-and-push', 'success'], ['update-gitops', 'skipped']]);

    const next = await h.sandbox.commitFiles('acme', 'app', { branch: 'change', message: 'Fix a test', files: { 'b.txt': 'b' } });
    expect(h.sandbox.runs('acme', 'app').find(candidate => candidate.headSha === next)).toMatchObject({ event: 'pull_request', pullRequest: 1 });
  });

  it('deploys from main: the same workflow runs every job on a push there', async () => {
    const sha = await h.sandbox.commitFiles('acme', 'app', { message: 'Release', files: { 'c.txt': 'c' } });
    const run = h.sandbox.runs('acme', 'app').find(candidate => candidate.headSha === sha)!;
    expect(run.event).toBe('push');
    expect(run.jobs.map(job => job.conclusion)).toEqual(['success', 'success', 'success']);
  });

  it('starts push runs on other branches when the filter takes them', async () => {
    await h.sandbox.commitFiles('acme', 'app', { message: 'Lint everywhere', files: { '.github/workflows/lint.yml': 'on: push\njobs:\n  lint:\n    runs-on: x\n    steps: [{ run: ruff . }]\n' } });
    const sha = await branchWithCommit('feature', { 'f.txt': 'f' });
    expect(h.sandbox.runs('acme', 'app').filter(run => run.headSha === sha).map(run => [run.path, run.event])).toEqual([['.github/workflows/lint.yml', 'push']]);
  });
});

describe('archived repositories', () => {
  const h = useSandbox();
  const repo = { owner: 'acme', repo: 'app' };

  beforeEach(async () => {
    h.sandbox.createOrg('acme');
    await h.sandbox.createRepo('acme', 'app', { autoInit: true });
  });

  it('are read-only after PATCH archived: true, and writable again after archived: false', async () => {
    const { data } = await h.octokit.repos.update({ ...repo, archived: true });
    expect(data.archived).toBe(true);
    expect(h.sandbox.repo('acme', 'app').archived).toBe(true);

    const readOnly = { message: 'Repository was archived so is read-only.', documentation_url: expect.any(String), status: '403' };
    expect(await errorBodyOf(h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'x.txt', message: 'x', content: 'eA==' }))).toEqual(readOnly);
    expect(await errorBodyOf(h.octokit.git.createBlob({ ...repo, content: 'x' }))).toEqual(readOnly);
    expect(await errorBodyOf(h.octokit.pulls.create({ ...repo, head: 'main', base: 'main', title: 'x' }))).toEqual(readOnly);
    expect(await errorBodyOf(h.octokit.repos.update({ ...repo, description: 'still archived' }))).toEqual(readOnly);
    expect((await h.octokit.repos.get(repo)).data.archived).toBe(true);
    expect(await h.sandbox.repo('acme', 'app').commits()).toHaveLength(1);

    await h.octokit.repos.update({ ...repo, archived: false });
    expect((await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'x.txt', message: 'x', content: 'eA==' })).status).toBe(201);
  });

  it('changes the settings it is given and refuses a rename it does not model', async () => {
    const { data } = await h.octokit.repos.update({ ...repo, description: 'Retired', has_wiki: false });
    expect(data).toMatchObject({ description: 'Retired', has_wiki: false, archived: false });
    expect(await statusOf(h.octokit.repos.update({ ...repo, name: 'renamed' }))).toBe(422);
  });
});
