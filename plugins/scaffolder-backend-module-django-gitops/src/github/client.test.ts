import { useGitHubSandbox, SANDBOX_TOKEN } from '../testing/sandbox';
import { createGitHubClient, gitHubFailure } from './client';

const GET_REPO = 'GET /repos/{owner}/{repo}';

describe('createGitHubClient', () => {
  const gh = useGitHubSandbox();
  const repo = { owner: 'acme', repo: 'app' };
  beforeEach(() => gh.sandbox.createRepo('acme', 'app', { autoInit: true }));

  it('asks again after server errors and a 409, saying so, then answers', async () => {
    gh.sandbox.faults.failNext(GET_REPO, 2, 502);
    gh.sandbox.faults.failNext(GET_REPO, 1, 409);

    const { data } = await gh.client.repos.get(repo);

    expect(data.full_name).toBe('acme/app');
    expect(gh.sandbox.requests.map(r => r.status)).toEqual([502, 502, 409, 200]);
    expect(gh.logs).toEqual([
      'GitHub answered 502 to GET /repos/{owner}/{repo}; asking again in 0.001s (retry 1 of 3)',
      'GitHub answered 502 to GET /repos/{owner}/{repo}; asking again in 0.004s (retry 2 of 3)',
      'GitHub answered 409 to GET /repos/{owner}/{repo}; asking again in 0.009s (retry 3 of 3)',
    ]);
  });

  it('gives up after its retries, and a request can ask for none', async () => {
    gh.sandbox.faults.failNext(GET_REPO, 5, 503);
    await expect(gh.client.repos.get(repo)).rejects.toMatchObject({ status: 503 });
    expect(gh.sandbox.countRequests()).toBe(4);

    gh.sandbox.resetRequestLog();
    await expect(gh.client.repos.get({ ...repo, request: { retries: 0 } })).rejects.toMatchObject({ status: 503 });
    expect(gh.sandbox.countRequests()).toBe(1);
  });

  it('does not ask again when the answer will not change', async () => {
    await expect(gh.client.repos.get({ owner: 'acme', repo: 'missing' })).rejects.toMatchObject({ status: 404 });
    await expect(gh.client.git.createRef({ ...repo, ref: 'refs/heads/main', sha: 'f'.repeat(40) })).rejects.toMatchObject({ status: 422 });
    expect(gh.sandbox.countRequests()).toBe(2);
    expect(gh.logs).toEqual([]);
  });

  it("waits out a secondary rate limit as long as GitHub's retry-after says", async () => {
    gh.sandbox.faults.secondaryRateLimit(GET_REPO, 1, 1);
    const started = Date.now();

    await gh.client.repos.get(repo);

    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(gh.sandbox.requests.map(r => r.status)).toEqual([403, 200]);
    expect(gh.logs).toEqual(['GitHub secondary rate limit on GET /repos/{owner}/{repo}; retrying in 1s']);
  });

  it('stops after its rate-limit retries', async () => {
    gh.sandbox.faults.secondaryRateLimit(GET_REPO, 2, 1);
    const client = createGitHubClient({ auth: SANDBOX_TOKEN, baseUrl: gh.sandbox.baseUrl, log: gh.log, rateLimitRetries: 1 });

    await expect(client.repos.get(repo)).rejects.toMatchObject({ status: 403 });
    expect(gh.sandbox.countRequests()).toBe(2);
  });

  it('waits a minute, as GitHub advises, when a rate limit says nothing or zero of when to come back', async () => {
    // A task waits at most 30 s here, so the minute shows in the refusal instead of being waited.
    const client = createGitHubClient({ auth: SANDBOX_TOKEN, baseUrl: gh.sandbox.baseUrl, log: gh.log, maxRateLimitPauseSeconds: 30 });
    gh.sandbox.faults.failNext(GET_REPO, 1, 429);
    await expect(client.repos.get(repo)).rejects.toMatchObject({ status: 429 });
    gh.sandbox.faults.secondaryRateLimit(GET_REPO, 1, 0);
    await expect(client.repos.get(repo)).rejects.toMatchObject({ status: 403 });

    expect(gh.logs).toEqual([
      "GitHub's secondary rate limit on GET /repos/{owner}/{repo} lifts in 60s, longer than a task waits",
      "GitHub's secondary rate limit on GET /repos/{owner}/{repo} lifts in 60s, longer than a task waits",
    ]);
    expect(gh.sandbox.countRequests()).toBe(2);
  });

  it('fails at once, saying why, when the primary rate limit lifts later than a task waits', async () => {
    await gh.restart({ rateLimit: 1 });
    await gh.client.users.getAuthenticated();

    const error = await gh.client.users.getAuthenticated().catch(e => e);

    expect(gitHubFailure('Reading the user', error).message).toBe('Reading the user: GitHub answered 403 API rate limit exceeded for user ID 1.');
    expect(gh.sandbox.countRequests()).toBe(2);
    expect(gh.logs).toEqual([expect.stringMatching(/^GitHub's primary rate limit on GET \/user lifts in \d+s, longer than a task waits$/)]);
  });

  it('stops at once when the task is cancelled during a 60 s rate-limit pause', async () => {
    gh.sandbox.faults.secondaryRateLimit(GET_REPO, 1, 60);
    const controller = new AbortController();
    const client = createGitHubClient({ auth: SANDBOX_TOKEN, baseUrl: gh.sandbox.baseUrl, log: gh.log, request: { signal: controller.signal } });

    const request = client.repos.get(repo);
    while (gh.logs.length === 0) await new Promise(resolve => setTimeout(resolve, 5));
    const cancelled = Date.now();
    controller.abort();

    await expect(request).rejects.toMatchObject({ name: 'AbortError' });
    // Generous for a loaded machine: the pause itself is 60 s.
    expect(Date.now() - cancelled).toBeLessThan(1000);
    expect(gh.logs).toEqual(['GitHub secondary rate limit on GET /repos/{owner}/{repo}; retrying in 60s']);
    expect(gh.sandbox.countRequests()).toBe(1);
  });

  it('keeps what GitHub answered as the cause, without the request', async () => {
    gh.sandbox.faults.failNext(GET_REPO, 4, 503);
    const error = await gh.client.repos.get(repo).catch(e => e);

    const reported = gitHubFailure('Reading acme/app', error);

    expect(reported.cause).toMatchObject({
      status: 503,
      request: { method: 'GET', url: `${gh.sandbox.baseUrl}/repos/acme/app`, headers: {} },
      response: { status: 503, data: { message: 'Server Error' } },
    });
    expect((reported.cause as any).response.headers['x-github-request-id']).toMatch(/^[0-9A-F]+$/);
    expect(JSON.stringify(reported.cause)).not.toContain(SANDBOX_TOKEN);
  });

  it('puts the token in no log line and no error it reports', async () => {
    gh.sandbox.faults.secondaryRateLimit(GET_REPO, 1, 1);
    gh.sandbox.faults.failNext(GET_REPO, 4, 500);

    const error = await gh.client.repos.get(repo).catch(e => e);
    const reported = gitHubFailure('Reading acme/app', error);

    expect(reported.message).toBe('Reading acme/app: GitHub answered 500 Server Error');
    expect(`${reported.message}\n${reported.stack}\n${JSON.stringify(reported)}\n${gh.logs.join('\n')}`).not.toContain(SANDBOX_TOKEN);
    expect(gh.logs).toHaveLength(4);
  });
});
