/**
 * GitHub request budget of github:batch-push and github:wait-workflow, and what our client adds
 * to each request, against the in-process sandbox. Run: npm run bench:github
 */
import { Octokit } from '@octokit/rest';
import { setupServer } from 'msw/node';
import { createGitHubSandbox } from '@dev-portal/github-sandbox';
import { createGitHubClient } from '../src/github/client';
import { commitChanges } from '../src/github/commit';
import { DEFAULT_POLL, waitForWorkflowRun } from '../src/github/runs';

const TOKEN = 'bench-token';
const WORKFLOW = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ok\n';

async function main() {
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });

  console.log('github:batch-push (one commit whatever the number of files)');
  console.log('files  repository  requests  writes  commits  ms');
  for (const count of [1, 15, 200]) {
    for (const autoInit of [false, true]) {
      const sandbox = createGitHubSandbox({ token: TOKEN });
      server.resetHandlers(...sandbox.handlers);
      await sandbox.createRepo('acme', 'app', { autoInit });
      sandbox.resetRequestLog();
      const client = createGitHubClient({ auth: TOKEN, baseUrl: sandbox.baseUrl });
      const files = Array.from({ length: count }, (_, i) => ({ path: `src/module_${i}.py`, content: Buffer.from(`value = ${i}\n`) }));
      const started = performance.now();
      await commitChanges(client, { owner: 'acme', repo: 'app', message: 'Bench', plan: () => ({ files }) });
      const ms = performance.now() - started;
      const commits = (await sandbox.repo('acme', 'app').commits()).length;
      console.log(
        `${String(count).padStart(5)}  ${(autoInit ? 'non-empty' : 'empty').padEnd(10)}  ${String(sandbox.countRequests()).padStart(8)}  ${String(sandbox.countWrites()).padStart(6)}  ${String(commits).padStart(7)}  ${ms.toFixed(0).padStart(4)}`,
      );
      await sandbox.close();
    }
  }

  // Waiting: the default schedule, 100 times faster, on a run that never finishes: one simulated
  // minute of waiting takes 600 ms here.
  const speedUp = 100;
  const sandbox = createGitHubSandbox({ token: TOKEN });
  server.resetHandlers(...sandbox.handlers);
  sandbox.workflows.configure({ appearAfterMs: 20, queuedMs: 20, inProgressMs: 20, outcome: 'never' });
  await sandbox.createRepo('acme', 'app', { autoInit: true });
  const headSha = await sandbox.commitFiles('acme', 'app', { message: 'Add workflow', files: { '.github/workflows/ci.yml': WORKFLOW } });
  const client = createGitHubClient({ auth: TOKEN, baseUrl: sandbox.baseUrl });
  sandbox.resetRequestLog();
  const poll = { initialMs: DEFAULT_POLL.initialMs / speedUp, maxMs: DEFAULT_POLL.maxMs / speedUp, factor: DEFAULT_POLL.factor };
  await waitForWorkflowRun(client, { owner: 'acme', repo: 'app', headSha, timeoutMs: 60_000 / speedUp, poll });
  const polls = sandbox.countRequests();
  const counted = sandbox.requests.filter(r => !r.notModified).length;
  console.log('\ngithub:wait-workflow, first minute of waiting on a run that does not change');
  console.log(`polls ${polls}, counted against the rate limit ${counted} (the rest answered 304)`);
  await sandbox.close();

  await clientOverhead(server);
  server.close();
}

/** What our request hook adds to a plain Octokit, per request, against the in-process sandbox. */
async function clientOverhead(server: ReturnType<typeof setupServer>) {
  const sandbox = createGitHubSandbox({ token: TOKEN });
  server.resetHandlers(...sandbox.handlers);
  await sandbox.createRepo('acme', 'app', { autoInit: true });
  const clients = {
    'plain Octokit': new Octokit({ auth: TOKEN, baseUrl: sandbox.baseUrl }),
    createGitHubClient: createGitHubClient({ auth: TOKEN, baseUrl: sandbox.baseUrl }),
  };
  const rounds = 200;
  const timings: Record<string, number> = {};
  // Twice, the first time to warm up; the second is reported.
  for (let pass = 0; pass < 2; pass++) {
    for (const [name, client] of Object.entries(clients)) {
      const started = performance.now();
      for (let i = 0; i < rounds; i++) await client.repos.get({ owner: 'acme', repo: 'app' });
      timings[name] = (performance.now() - started) / rounds;
    }
  }
  const [plain, ours] = [timings['plain Octokit'], timings.createGitHubClient];
  console.log(`\nclient, ${rounds} GETs in a row against the in-process sandbox`);
  console.log(`plain Octokit ${plain.toFixed(2)} ms a request; createGitHubClient ${ours.toFixed(2)} ms (${(ours / plain).toFixed(2)}x)`);
  await sandbox.close();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
