import { roundTrips, timeInFlight } from './testing/requestTiming';
import { formValues, stepStatuses, useScaffolder } from './testing/scaffolder';

/**
 * The whole template against a sandbox that answers every request 150 ms late, as GitHub does
 * from far away, with the workflow finishing at once. Prints what a run costs and holds it to
 * its budget of requests, writes, round trips, commits and runs; the times it prints depend on
 * how busy the machine is, so they are read (`npm run bench:template` runs this file alone),
 * never asserted.
 */
jest.setTimeout(120_000);

const LATENCY_MS = 150;
const TARGET_MS = 3000;

describe('one run of the template', () => {
  const scaffolder = useScaffolder();

  it('stays within its GitHub budget', async () => {
    const { sandbox } = scaffolder;
    sandbox.workflows.configure({ appearAfterMs: 0, queuedMs: 0, inProgressMs: 0, outcome: 'success' });
    // A first run warms the backend up (module loading, template compilation), as in a portal
    // that has served a request before; it deploys another app, so the measured one is new.
    const warmUp = await scaffolder.runTask({ ...formValues, repoUrl: 'github.com?owner=acme&repo=warm-up' });
    expect(warmUp.task.status).toBe('completed');
    // github:environment:create's Octokit spaces writes a second apart across the whole process: a run
    // right after the warm-up would wait for the warm-up's write, not for GitHub.
    await new Promise(resolve => setTimeout(resolve, 1000));
    const gitopsCommitsBefore = (await sandbox.repo('acme', 'gitops').commits()).length;
    sandbox.resetRequestLog();
    sandbox.faults.latency(LATENCY_MS);

    const started = Date.now();
    const { task, events } = await scaffolder.runTask(formValues);
    const wallMs = Date.now() - started;

    expect(task.status).toBe('completed');
    const requests = sandbox.requests;
    // Task events carry whole seconds only: time the wait by its polls in the request log.
    const polls = requests.filter(r => r.route?.includes('/actions/runs') || r.route?.includes('/actions/workflows'));
    const waitMs = polls.length ? polls[polls.length - 1].answeredAt.getTime() - polls[0].at.getTime() : 0;
    const repositories = ['inventory-api', 'gitops'];
    const commits = await Promise.all(repositories.map(async name => (await sandbox.repo('acme', name).commits()).length));
    const rounds = roundTrips(requests);
    const onGitHubMs = timeInFlight(requests);
    const row = {
      wallMs,
      waitMs,
      wallWithoutCiMs: wallMs - waitMs,
      requests: sandbox.countRequests(),
      writes: sandbox.countWrites(),
      rounds,
      // Latency, and the sandbox's own work behind it.
      sandboxMs: onGitHubMs - rounds * LATENCY_MS,
      // What the portal itself adds while no request is in flight.
      ownMs: wallMs - onGitHubMs,
      commits: { 'inventory-api': commits[0], gitops: commits[1] - gitopsCommitsBefore },
      runs: sandbox.runs('acme', 'inventory-api').length,
      polls: polls.length,
      steps: Object.keys(stepStatuses(events)).length,
    };
    console.log(
      [
        `template run, ${LATENCY_MS} ms per GitHub request, CI finishing at once`,
        `wall time            ${row.wallMs} ms; without the simulated CI (polls: ${row.polls}, ${row.waitMs} ms): ${row.wallWithoutCiMs} ms (target < ${TARGET_MS})`,
        `GitHub requests      ${row.requests} (writes: ${row.writes}) in ${row.rounds} round trips; the others went alongside`,
        `where the time went  ${row.rounds} x ${LATENCY_MS} ms latency, ${row.sandboxMs} ms the sandbox's own work, ${row.ownMs} ms the portal's own`,
        `commits              inventory-api: ${row.commits['inventory-api']}, gitops: ${row.commits.gitops}`,
        `workflow runs        ${row.runs}`,
      ].join('\n'),
    );

    expect(row.steps).toBe(9);
    expect(row.writes).toBeLessThanOrEqual(14);
    expect(row.commits['inventory-api']).toBe(1);
    expect(row.commits.gitops).toBe(1);
    expect(row.runs).toBe(1);
    // 2 to create the repository, 3 for the environment and its branch policy, 2 for the secret,
    // 5 for the push, 1 poll, 5 for the GitOps commit.
    expect(row.rounds).toBe(18);
  });
});
