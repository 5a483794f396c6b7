/**
 * `npm run bench:replicas`: the crash test's 20 onboardings (without the crash) on one replica of
 * the portal and on two, against the sandbox with 100 ms per GitHub request and CI runs of 6 s.
 * Prints wall time, GitHub requests and writes per onboarding, how many tasks each replica ran,
 * and where the time went (mean seconds per step). A third run submits the 20 at once to two
 * replicas, to show Backstage's claim race.
 */
import { PortalCluster, startPortalCluster } from '../src/__testUtils__/portalCluster';

const ONBOARDINGS = 20;
const LATENCY_MS = 100;
const RUN = { appearAfterMs: 1000, queuedMs: 1000, inProgressMs: 4000 };

interface Scenario {
  label: string;
  replicas: number;
  /** At once, or each claimed before the next is submitted (people pressing Create). */
  burst: boolean;
}

const scenarios: Scenario[] = [
  { label: '1 replica', replicas: 1, burst: false },
  { label: '2 replicas', replicas: 2, burst: false },
  { label: '2 replicas, burst', replicas: 2, burst: true },
];

async function measure(scenario: Scenario) {
  const cluster = await startPortalCluster({ replicas: scenario.replicas, latencyMs: LATENCY_MS, run: RUN, staleTimeoutSeconds: 30 });
  try {
    const names = Array.from({ length: ONBOARDINGS }, (_, index) => `bench-${String(index + 1).padStart(2, '0')}`);
    const replicaOf = (index: number) => cluster.replicas[index % cluster.replicas.length];
    const started = Date.now();
    if (scenario.burst) {
      await Promise.all(names.map((name, index) => cluster.submit(replicaOf(index), name)));
    } else {
      for (const [index, name] of names.entries()) await cluster.waitForClaim(await cluster.submit(replicaOf(index), name));
    }
    const tasks = await cluster.waitForTasksToEnd(ONBOARDINGS, 1_200_000);
    const seconds = (Date.now() - started) / 1000;
    return {
      scenario: scenario.label,
      seconds,
      failed: tasks.filter(task => task.status !== 'completed').length,
      requests: cluster.sandbox.sandbox.requests.length / ONBOARDINGS,
      writes: cluster.sandbox.sandbox.countWrites() / ONBOARDINGS,
      shares: cluster.replicas.map(replica => replica.taskExecutions().size),
      steps: await meanStepSeconds(cluster),
    };
  } finally {
    await cluster.stop();
  }
}

/** Mean seconds from each step's start to its end, over every task. */
async function meanStepSeconds(cluster: PortalCluster): Promise<Record<string, number>> {
  const rows = await cluster.query<{ task_id: string; body: string; created_at: Date }>(
    "select task_id, body, created_at from task_events where event_type = 'log' order by id",
  );
  const started = new Map<string, number>();
  const totals = new Map<string, number[]>();
  for (const row of rows) {
    const { stepId, status } = JSON.parse(row.body);
    if (!stepId || !status) continue;
    const key = `${row.task_id}/${stepId}`;
    if (status === 'processing') started.set(key, row.created_at.getTime());
    if (status === 'completed' && started.has(key)) {
      totals.set(stepId, [...(totals.get(stepId) ?? []), (row.created_at.getTime() - started.get(key)!) / 1000]);
    }
  }
  return Object.fromEntries([...totals].map(([step, values]) => [step, values.reduce((a, b) => a + b, 0) / values.length]));
}

async function main() {
  const results = [];
  for (const scenario of scenarios) {
    process.stderr.write(`${scenario.label}...\n`);
    results.push(await measure(scenario));
  }
  console.log(`${ONBOARDINGS} onboardings, ${LATENCY_MS} ms per GitHub request, CI runs of ${(RUN.appearAfterMs + RUN.queuedMs + RUN.inProgressMs) / 1000} s, concurrentTasksLimit 10 per replica\n`);
  console.log('| | wall time | failed | GitHub requests / onboarding | writes / onboarding | tasks run by each replica |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(`| ${r.scenario} | ${r.seconds.toFixed(1)} s | ${r.failed} | ${r.requests.toFixed(1)} | ${r.writes.toFixed(1)} | ${r.shares.join(' + ')} |`);
  }
  const steps = Object.keys(results[0].steps);
  console.log(`\nMean seconds per step:\n\n| | ${steps.join(' | ')} |\n| --- |${steps.map(() => ' --- |').join('')}`);
  for (const r of results) console.log(`| ${r.scenario} | ${steps.map(step => (r.steps[step] ?? 0).toFixed(1)).join(' | ')} |`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
