import { errorBodyOf, statusOf, useSandbox } from './__testUtils__/harness';

describe('faults and latency', () => {
  const h = useSandbox();
  const repo = { owner: 'dev', repo: 'app' };

  it('delays every request by the configured latency', async () => {
    // A whole second, so that an answer without it is told apart on a loaded machine too.
    h.sandbox.faults.latency(1000);
    const started = Date.now();
    await h.octokit.users.getAuthenticated();
    expect(Date.now() - started).toBeGreaterThanOrEqual(995);
    h.sandbox.faults.clear();
    const again = Date.now();
    await h.octokit.users.getAuthenticated();
    expect(Date.now() - again).toBeLessThan(995);
  });

  it('fails the next N requests to a route with a 5xx, then answers normally', async () => {
    h.sandbox.faults.failNext('POST /user/repos', 2, 503);
    h.sandbox.faults.failNext(request => request.path === '/user', 1);
    expect(await statusOf(h.octokit.repos.createForAuthenticatedUser({ name: 'app' }))).toBe(503);
    expect(await statusOf(h.octokit.repos.createForAuthenticatedUser({ name: 'app' }))).toBe(503);
    expect(await statusOf(h.octokit.repos.createForAuthenticatedUser({ name: 'app' }))).toBe(201);
    expect(await statusOf(h.octokit.users.getAuthenticated())).toBe(502);
    expect(await statusOf(h.octokit.users.getAuthenticated())).toBe(200);
    expect(h.sandbox.requests.map(entry => entry.fault)).toEqual(['failure', 'failure', undefined, 'failure', undefined]);
    // A failed request changed nothing.
    expect(h.sandbox.listRepos().map(r => r.fullName)).toEqual(['dev/app']);
  });

  it('answers the secondary rate limit with 403 and retry-after', async () => {
    h.sandbox.faults.secondaryRateLimit('*', 1, 7);
    const error = await h.octokit.users.getAuthenticated().catch(e => e);
    expect(error.status).toBe(403);
    expect(error.response.headers['retry-after']).toBe('7');
    expect(error.response.data.message).toMatch(/secondary rate limit/);
    expect(await statusOf(h.octokit.users.getAuthenticated())).toBe(200);
  });

  it('keeps new repositories unavailable (409) for their first Git Data requests or a while', async () => {
    await h.sandbox.createRepo('dev', 'before');
    await h.sandbox.commitFiles('dev', 'before', { message: 'init', files: { a: 'a' } });
    h.sandbox.faults.unavailableAfterCreate({ requests: 2 });
    await h.octokit.repos.createForAuthenticatedUser({ name: 'app', auto_init: true });
    expect(await statusOf(h.octokit.git.getRef({ ...repo, ref: 'heads/main' }))).toBe(409);
    expect(await statusOf(h.octokit.git.getRef({ ...repo, ref: 'heads/main' }))).toBe(409);
    expect(await statusOf(h.octokit.git.getRef({ ...repo, ref: 'heads/main' }))).toBe(200);
    // Repositories created before the fault was armed are not affected.
    expect(await statusOf(h.octokit.git.getRef({ owner: 'dev', repo: 'before', ref: 'heads/main' }))).toBe(200);

    h.sandbox.faults.unavailableAfterCreate({ ms: 300 });
    await h.octokit.repos.createForAuthenticatedUser({ name: 'timed', auto_init: true });
    expect(await errorBodyOf(h.octokit.git.getRef({ owner: 'dev', repo: 'timed', ref: 'heads/main' }))).toMatchObject({ message: 'Repository is unavailable', status: '409' });
    await new Promise(resolve => setTimeout(resolve, 310));
    expect(await statusOf(h.octokit.git.getRef({ owner: 'dev', repo: 'timed', ref: 'heads/main' }))).toBe(200);
  });

  it('can refuse only the first reads of a new repository, the commits API included', async () => {
    h.sandbox.faults.unavailableAfterCreate({ requests: 2, readsOnly: true });
    await h.octokit.repos.createForAuthenticatedUser({ name: 'app', auto_init: true });
    const head = (await h.sandbox.repo('dev', 'app').commits())[0].sha;

    expect(await errorBodyOf(h.octokit.repos.getCommit({ ...repo, ref: 'main' }))).toMatchObject({ message: 'Repository is unavailable', status: '409' });
    // A write in between is neither refused nor counted.
    expect(await statusOf(h.octokit.git.createBlob({ ...repo, content: 'x' }))).toBe(201);
    expect(await statusOf(h.octokit.git.getCommit({ ...repo, commit_sha: head }))).toBe(409);
    expect(await statusOf(h.octokit.repos.getCommit({ ...repo, ref: 'main' }))).toBe(200);
  });

  it('lands a competing commit between the client\'s read and its ref update', async () => {
    await h.octokit.repos.createForAuthenticatedUser({ name: 'app', auto_init: true });
    h.sandbox.faults.competingCommitBeforeRefUpdate('dev', 'app', 'main', 1, { path: 'apps/other/kustomization.yaml', content: 'other\n' });

    /** Read the branch, commit a file on top, and move the branch without force. */
    const attempt = async () => {
      const head = (await h.octokit.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
      const base = (await h.octokit.git.getCommit({ ...repo, commit_sha: head })).data.tree.sha;
      const tree = await h.octokit.git.createTree({ ...repo, base_tree: base, tree: [{ path: 'apps/mine/kustomization.yaml', mode: '100644', type: 'blob', content: 'mine\n' }] });
      const commit = await h.octokit.git.createCommit({ ...repo, message: 'Add mine', tree: tree.data.sha, parents: [head] });
      return h.octokit.git.updateRef({ ...repo, ref: 'heads/main', sha: commit.data.sha, force: false });
    };
    expect(await errorBodyOf(attempt())).toMatchObject({ message: 'Update is not a fast forward', status: '422' });
    expect(await statusOf(attempt())).toBe(200);

    const history = await h.sandbox.repo('dev', 'app').commits();
    expect(history.map(commit => commit.message)).toEqual(['Add mine', 'Competing change from another writer', 'Initial commit']);
    expect(history[0].files).toEqual(['README.md', 'apps/mine/kustomization.yaml', 'apps/other/kustomization.yaml']);
  });
});
