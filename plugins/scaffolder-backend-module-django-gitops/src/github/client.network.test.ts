import net from 'node:net';
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

  it("ends an attempt that outlasts the integration's timeout, and asks again", async () => {
    // Accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const silent = net.createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const logs: string[] = [];
    const client = createGitHubClient({
      auth: 'ghp_unused',
      baseUrl: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/api/v3`,
      retryAfterBaseSeconds: 0.001,
      request: { timeout: 200 },
      log: line => logs.push(line),
    });

    await expect(client.repos.get({ owner: 'acme', repo: 'app' })).rejects.toMatchObject({ status: 500 });

    expect(logs).toHaveLength(3);
    expect(logs[0]).toMatch(/^GET \/repos\/\{owner\}\/\{repo\} got no answer \(none within 200 ms\); asking again in 0\.001s \(retry 1 of 3\)$/);
    sockets.forEach(socket => socket.destroy());
    silent.close();
  });
});
