import { createGitHubSandbox } from './sandbox';
import { statusOf, testOctokit, TEST_TOKEN, useSandbox } from './__testUtils__/harness';

describe('conditional requests, rate limits and authentication', () => {
  const h = useSandbox();

  it('answers 304 to a current If-None-Match without spending the rate limit; other requests spend it', async () => {
    await h.octokit.repos.createForAuthenticatedUser({ name: 'app' });
    const first = await h.octokit.repos.get({ owner: 'dev', repo: 'app' });
    expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    expect(remaining).toBe(4998);

    const conditional = { owner: 'dev', repo: 'app', headers: { 'if-none-match': first.headers.etag } };
    expect(await statusOf(h.octokit.repos.get(conditional))).toBe(304);
    const again = await h.octokit.rest.users.getAuthenticated();
    expect(Number(again.headers['x-ratelimit-remaining'])).toBe(remaining - 1);

    // A change makes the old ETag stale: a full answer, which counts.
    await h.octokit.repos.replaceAllTopics({ owner: 'dev', repo: 'app', names: ['x'] });
    const changed = await h.octokit.repos.get(conditional);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(Number(changed.headers['x-ratelimit-remaining'])).toBe(remaining - 3);

    const log = h.sandbox.requests.filter(entry => entry.route === 'GET /repos/{owner}/{repo}');
    expect(log.map(entry => [entry.status, entry.conditional, entry.notModified])).toEqual([
      [200, false, false],
      [304, true, true],
      [200, true, false],
    ]);
  });

  it('refuses missing and wrong tokens with 401', async () => {
    const anonymous = testOctokit(h.sandbox.baseUrl, '');
    expect(await statusOf(anonymous.users.getAuthenticated())).toBe(401);
    const wrong = testOctokit(h.sandbox.baseUrl, 'ghp_wrong');
    await expect(wrong.users.getAuthenticated()).rejects.toMatchObject({ status: 401, response: { data: { message: 'Bad credentials' } } });
    expect((await h.octokit.users.getAuthenticated()).data.login).toBe('dev');
  });

  it('answers 403 once the primary rate limit is spent', async () => {
    const limited = createGitHubSandbox({ token: TEST_TOKEN, rateLimit: 2 });
    try {
      const call = () => limited.handle(new Request('https://api.github.com/user', { headers: { authorization: `token ${TEST_TOKEN}` } }));
      expect((await call()).status).toBe(200);
      expect((await call()).headers.get('x-ratelimit-remaining')).toBe('0');
      const refused = await call();
      expect(refused.status).toBe(403);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(await refused.json()).toMatchObject({ message: 'API rate limit exceeded for user ID 1.' });
    } finally {
      await limited.close();
    }
  });

  it('logs every request with its route, status and whether it wrote', async () => {
    await h.octokit.repos.createForAuthenticatedUser({ name: 'app' });
    await h.octokit.repos.get({ owner: 'dev', repo: 'app' });
    await statusOf(h.octokit.repos.get({ owner: 'dev', repo: 'nope' }));
    await statusOf(h.octokit.request('GET /not/a/route'));
    expect(h.sandbox.requests.map(({ method, path, route, status, write }) => ({ method, path, route, status, write }))).toEqual([
      { method: 'POST', path: '/user/repos', route: 'POST /user/repos', status: 201, write: true },
      { method: 'GET', path: '/repos/dev/app', route: 'GET /repos/{owner}/{repo}', status: 200, write: false },
      { method: 'GET', path: '/repos/dev/nope', route: 'GET /repos/{owner}/{repo}', status: 404, write: false },
      { method: 'GET', path: '/not/a/route', route: undefined, status: 404, write: false },
    ]);
    expect(h.sandbox.countWrites()).toBe(1);
    expect(h.sandbox.countRequests('GET /repos/{owner}/{repo}')).toBe(2);
    expect(h.sandbox.requests.map(entry => entry.seq)).toEqual([...h.sandbox.requests.map(entry => entry.seq)].sort((a, b) => a - b));
    h.sandbox.resetRequestLog();
    expect(h.sandbox.requests).toEqual([]);
  });
});
