/**
 * Onboardings of different apps pushing into one GitOps repository (the in-process GitHub
 * sandbox) at the same time, each with its own client as separate tasks would have: total time,
 * commit attempts (mean, max) and requests. A backend is one push queue: the tasks of one backend
 * take turns, those of different backends race through compare-and-swap. Prints a table.
 * Run: npm run bench:gitops
 */
import { performance } from 'node:perf_hooks';
import { setupServer } from 'msw/node';
import { createGitHubSandbox } from '@dev-portal/github-sandbox';
import { createGitHubClient } from '../src/github/client';
import { appManifests, appNames, folderInRepository, toFilesToCommit } from '../src/gitops/__testUtils__/apps';
import { KeyedQueue, pushAppFolder } from '../src/gitops';
import { BOOTSTRAP_PATHS, generateBootstrapFiles } from '../src/k8s';

const TOKEN = 'bench-token';
const SCENARIOS = [
  { apps: 1, backends: 1, latencyMs: 0 },
  { apps: 50, backends: 1, latencyMs: 0 },
  // Round trips to GitHub take tens of milliseconds: every request here waits 30 ms more.
  { apps: 50, backends: 1, latencyMs: 30 },
  { apps: 50, backends: 5, latencyMs: 0 },
  // No queue at all: compare-and-swap alone, the worst case.
  { apps: 50, backends: 50, latencyMs: 0 },
];
const server = setupServer();

async function run({ apps, backends, latencyMs }: (typeof SCENARIOS)[number]) {
  const sandbox = createGitHubSandbox({ token: TOKEN });
  server.resetHandlers(...sandbox.handlers);
  await sandbox.createRepo('acme', 'gitops', { autoInit: true });
  sandbox.faults.latency(latencyMs);
  const names = appNames(apps);
  const expected = names.map((name, variant) => appManifests(name, { variant }));
  const bootstrap = { paths: [...BOOTSTRAP_PATHS], render: (repoURL: string) => generateBootstrapFiles({ repoURL }) };
  const queues = Array.from({ length: backends }, () => new KeyedQueue());

  const start = performance.now();
  const results = await Promise.allSettled(
    names.map((appName, i) =>
      pushAppFolder(createGitHubClient({ auth: TOKEN, baseUrl: sandbox.baseUrl }), {
        owner: 'acme',
        repo: 'gitops',
        appName,
        files: toFilesToCommit(expected[i]),
        message: `Deploy ${appName}`,
        bootstrap,
        queue: queues[i % backends],
      }),
    ),
  );
  const totalMs = performance.now() - start;

  sandbox.faults.clear();
  for (const [i, name] of names.entries()) {
    if (results[i].status === 'rejected') continue;
    const folder = await folderInRepository(sandbox, 'acme', 'gitops', `apps/${name}`);
    if (JSON.stringify([...folder].sort()) !== JSON.stringify([...expected[i]].sort())) throw new Error(`apps/${name}/ is not as generated`);
  }
  const attempts = results.flatMap(result => (result.status === 'fulfilled' ? [result.value.attempts] : []));
  const row = {
    apps,
    backends,
    latencyMs,
    totalMs: Math.round(totalMs),
    failed: apps - attempts.length,
    attemptsMean: attempts.reduce((sum, n) => sum + n, 0) / attempts.length,
    attemptsMax: Math.max(...attempts),
    commits: (await sandbox.repo('acme', 'gitops').commits()).length - 1,
    writes: sandbox.countWrites(),
    requests: sandbox.countRequests(),
  };
  await sandbox.close();
  return row;
}

async function main() {
  server.listen({ onUnhandledRequest: 'error' });
  const rows = [];
  for (const scenario of SCENARIOS) rows.push(await run(scenario));
  server.close();

  console.log(
    'apps  backends  latency ms  total ms  failed  attempts mean  attempts max  commits  write requests  requests  requests/app',
  );
  for (const r of rows) {
    console.log(
      [
        String(r.apps).padStart(4),
        String(r.backends).padStart(8),
        String(r.latencyMs).padStart(10),
        String(r.totalMs).padStart(8),
        String(r.failed).padStart(6),
        r.attemptsMean.toFixed(2).padStart(13),
        String(r.attemptsMax).padStart(12),
        String(r.commits).padStart(7),
        String(r.writes).padStart(14),
        String(r.requests).padStart(8),
        (r.requests / r.apps).toFixed(1).padStart(12),
      ].join('  '),
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
