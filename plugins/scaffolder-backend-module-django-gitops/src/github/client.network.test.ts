import { freePort } from '../testing/net';
import { createGitHubClient } from './client';

describe('createGitHubClient without an answer', () => {
  it('asks again when the connection fails, and says that no answer came', async () => {
    // Nothing listens there, so every connection is refused.
    const port = await freePort();
    const logs: string[] = [];
    const client = createGitHubClient({
      auth: 'ghp_unused',
      baseUrl: `http://127.0.0.1:${port}/api/v3`,
      retryAfterBaseSeconds: 0.001,
      log: line => logs.push(line),
    });

    await expect(client.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({ status: 500 });

    expect(logs).toHaveLength(3);
    expect(logs[0]).toMatch(/^GET \/repos\/\{owner\}\/\{repo\} got no answer \(.+\); asking again in 0\.001s \(retry 1 of 3\)$/);
  });
});
