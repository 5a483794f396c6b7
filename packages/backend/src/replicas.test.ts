import { setTimeout as sleep } from 'node:timers/promises';
import {
  completedSteps,
  GITOPS_REPO,
  OWNER,
  PortalCluster,
  runningStep,
  startPortalCluster,
  TaskRecord,
} from './__testUtils__/portalCluster';

/**
 * The portal as a platform team runs it, killed in the middle of a burst of onboardings: two
 * replicas on one PostgreSQL, 20 onboardings into one GitOps repository, replica 1 killed with
 * SIGKILL while some of its tasks wait for CI and some have not pushed yet, then started again
 * (with an empty working directory, as a new pod). Slow: several minutes.
 */
jest.setTimeout(900_000);

const ONBOARDINGS = 20;
const RESUMED = /Task recovered - resuming from last known good state\. \d+ step\(s\) already completed\./;
const names = Array.from({ length: ONBOARDINGS }, (_, index) => `crash-${String(index + 1).padStart(2, '0')}`);

describe('two replicas, one killed mid-onboarding', () => {
  let cluster: PortalCluster;
  afterAll(async () => {
    await cluster?.stop();
  });

  it('completes every onboarding exactly once, the killed replica’s tasks resumed from the database', async () => {
    cluster = await startPortalCluster({
      replicas: 2,
      latencyMs: 100,
      run: { appearAfterMs: 1000, queuedMs: 1000, inProgressMs: 4000 },
      staleTimeoutSeconds: 20,
    });
    const [replica1, replica2] = cluster.replicas;

    // Alternately to each replica, as a load balancer spreads the Create page's requests, one
    // after the other as people press Create: each is claimed before the next arrives. (In a
    // burst, both replicas race for the same open task and the loser waits for its next
    // request, so one replica may run them all: see the README's note on replicas.)
    const submitted = new Map<string, string>();
    for (const [index, name] of names.entries()) {
      const id = await cluster.submit(cluster.replicas[index % 2], name);
      submitted.set(id, name);
      await cluster.waitForClaim(id);
    }

    // The moment of the crash: among the tasks replica 1 runs, some wait for their CI run and
    // some have written their workspace but not pushed it (the case that lost workspaces before).
    const waiting = (task: TaskRecord) => runningStep(task) === 'wait';
    const beforePush = (task: TaskRecord) => completedSteps(task).has('generate') && !completedSteps(task).has('push');
    let atKill: TaskRecord[] = [];
    const deadline = Date.now() + 180_000;
    for (;;) {
      const running = new Set(replica1.runningTasks());
      const all = await cluster.tasks();
      atKill = all.filter(task => running.has(task.id));
      if (atKill.some(waiting) && atKill.filter(beforePush).length >= 2) break;
      if (Date.now() > deadline) {
        throw new Error(`replica 1 never ran tasks both waiting for CI and before the push; replica 1 runs ${[...running]}:\n${summarise(all)}`);
      }
      await sleep(200);
    }
    replica1.kill();
    const killedAt = Date.now();
    const killed = replica1.runningTasks().sort();

    // Replica 2 finds the tasks whose heartbeats stopped and takes them over.
    const staleTasks = async () =>
      cluster.query("select id from tasks where status = 'processing' and last_heartbeat_at < now() - interval '3 seconds'");
    while ((await recoveredTasks(cluster)).length < killed.length || (await staleTasks()).length > 0) {
      if (Date.now() - killedAt > 120_000) throw new Error('replica 2 did not recover replica 1’s tasks within 2 minutes');
      await sleep(500);
    }
    const recoveredAfterMs = Date.now() - killedAt;
    await replica1.start();

    const tasks = await cluster.waitForTasksToEnd(ONBOARDINGS, 600_000);
    const allEndedAfterMs = Date.now() - killedAt;

    // Every onboarding completed; none is left running.
    expect(tasks.filter(task => task.status !== 'completed').map(task => `${submitted.get(task.id)}: ${task.status}\n${logOf(task)}`)).toEqual([]);
    expect(await cluster.query('select id from tasks where status = $1', ['processing'])).toEqual([]);

    // Exactly the tasks replica 1 was running were resumed, and each says so: that it resumed,
    // and which steps it skipped because they had completed (at least those completed shortly
    // before the kill) instead of repeating them.
    const resumed = tasks.filter(task => task.events.some(event => event.type === 'recovered'));
    expect(resumed.map(task => task.id).sort()).toEqual(killed);
    expect(killed).toEqual(expect.arrayContaining(atKill.map(task => task.id)));
    expect([...replica1.runningTasks(), ...replica2.runningTasks()]).toEqual([]);
    const unsaid = atKill.flatMap(before => {
      const log = logOf(tasks.find(task => task.id === before.id)!);
      const skipped = [...completedSteps(before)];
      const saysResumed = skipped.length === 0 || RESUMED.test(log);
      const unsaidSkips = skipped.filter(step => !log.includes(`Skipping step ${step} because it was already completed in a previous run`));
      return saysResumed && unsaidSkips.length === 0 ? [] : [{ task: submitted.get(before.id), saysResumed, unsaidSkips }];
    });
    expect(unsaid).toEqual([]);
    // Those killed after django:generate wrote the workspace and before the push pushed it all
    // from the copy the database kept: the replica that resumed them had never seen it.
    const resumedBeforePush = atKill.filter(beforePush).map(task => submitted.get(task.id)!);

    // GitHub holds each onboarding once: one commit, its secret, one GitOps commit per app.
    const sandbox = cluster.sandbox.sandbox;
    for (const name of names) {
      const commits = await sandbox.repo(OWNER, name).commits('main');
      expect({ name, commits: commits.length }).toEqual({ name, commits: 1 });
      expect(commits[0].files).toEqual(expect.arrayContaining(['manage.py', '.github/workflows/ci-cd.yml', 'catalog-info.yaml']));
      expect({ name, secrets: sandbox.secrets(OWNER, name, 'gitops').map(secret => secret.name) }).toEqual({ name, secrets: ['PAT_TOKEN'] });
    }
    const gitops = await sandbox.repo(OWNER, GITOPS_REPO).commits('main');
    const introduced = new Map<string, number>();
    for (const [index, commit] of gitops.entries()) {
      const parentFiles = new Set(gitops[index + 1]?.files ?? []);
      const folders = new Set(commit.files.filter(file => !parentFiles.has(file) && file.startsWith('apps/')).map(file => file.split('/')[1]));
      for (const folder of folders) introduced.set(folder, (introduced.get(folder) ?? 0) + 1);
    }
    expect(Object.fromEntries(introduced)).toEqual(Object.fromEntries(names.map(name => [name, 1])));
    expect(gitops).toHaveLength(1 + ONBOARDINGS);

    console.log(
      [
        `replica 1 was running ${killed.length} tasks when killed: ${atKill.filter(waiting).length} waiting for CI, ${resumedBeforePush.length} before the push (${resumedBeforePush.join(', ')})`,
        `they had all been taken over ${(recoveredAfterMs / 1000).toFixed(1)} s after the kill (stale timeout 20 s, recovery loop every 10 s); every task had ended ${(allEndedAfterMs / 1000).toFixed(1)} s after it`,
      ].join('\n'),
    );
  });
});

async function recoveredTasks(cluster: PortalCluster) {
  return cluster.query<{ task_id: string }>("select task_id from task_events where event_type = 'recovered'");
}

function logOf(task: TaskRecord): string {
  return task.events.map(event => event.body.message ?? '').join('\n');
}

function summarise(tasks: TaskRecord[]): string {
  return tasks.map(task => `${task.id}: ${task.status}, running ${runningStep(task) ?? '-'}, done ${[...completedSteps(task)].join(',')}`).join('\n');
}
