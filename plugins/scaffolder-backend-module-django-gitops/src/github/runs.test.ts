import { useGitHubSandbox } from '../testing/sandbox';
import { waitForWorkflowRun } from './runs';
import { CI_WORKFLOW } from '../testing/workflows';

const FAST = { initialMs: 5, maxMs: 40, factor: 2 };

describe('waitForWorkflowRun', () => {
  const gh = useGitHubSandbox();
  const ref = { owner: 'acme', repo: 'app' };

  async function pushWorkflow(message = 'Add project') {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    return gh.sandbox.commitFiles('acme', 'app', { message, files: { '.github/workflows/ci-cd.yml': CI_WORKFLOW, 'app.py': '' } });
  }

  it('waits for the run of the commit to appear and complete, telling each state once', async () => {
    // Each state lasts an hour of the runs' clock, which moves only when the waiter has told the
    // state: every state is seen, however slowly the machine polls.
    const HOUR = 3_600_000;
    gh.sandbox.workflows.configure({ appearAfterMs: HOUR, queuedMs: HOUR, inProgressMs: HOUR, outcome: 'success' });
    const headSha = await pushWorkflow();
    const log = (line: string) => {
      gh.log(line);
      gh.sandbox.workflows.advance(HOUR);
    };

    const result = await waitForWorkflowRun(gh.client, { ...ref, headSha, workflow: 'ci-cd.yml', timeoutMs: 10_000, poll: FAST, log });

    const [run] = gh.sandbox.runs('acme', 'app');
    expect(result).toMatchObject({ outcome: 'completed', conclusion: 'success', runId: run.id, runUrl: run.htmlUrl });
    expect(gh.logs).toEqual([
      `Waiting for the workflow run of ${headSha.slice(0, 7)} to start`,
      `Workflow run ${run.id} (${run.htmlUrl}): queued`,
      `Workflow run ${run.id} (${run.htmlUrl}): in_progress`,
      `Workflow run ${run.id} (${run.htmlUrl}): completed/success`,
    ]);
  });

  it('names the failed job and step', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: { conclusion: 'failure', job: 'test', step: 'Run the tests' } });
    const headSha = await pushWorkflow();

    const result = await waitForWorkflowRun(gh.client, { ...ref, headSha, timeoutMs: 10_000, poll: FAST });

    expect(result).toMatchObject({ outcome: 'completed', conclusion: 'failure', failedJob: 'test', failedStep: 'Run the tests' });
  });

  it('times out on a run that never finishes, saying how long it waited', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: 'never' });
    const headSha = await pushWorkflow();

    const result = await waitForWorkflowRun(gh.client, { ...ref, headSha, timeoutMs: 300, poll: FAST });

    const [run] = gh.sandbox.runs('acme', 'app');
    expect(result).toMatchObject({ outcome: 'timed-out', status: 'in_progress', runId: run.id, runUrl: run.htmlUrl });
    expect(result.waitedMs).toBeGreaterThanOrEqual(300);
  });

  it('does not take another commit\'s run for its own', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: 'success' });
    await pushWorkflow();
    const skipped = await gh.sandbox.commitFiles('acme', 'app', { message: 'Docs [skip ci]', files: { 'README.md': 'docs' } });

    const result = await waitForWorkflowRun(gh.client, { ...ref, headSha: skipped, timeoutMs: 300, poll: FAST });

    expect(result).toMatchObject({ outcome: 'timed-out', runId: undefined });
  });

  it('costs no rate limit while nothing changes', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: 'never' });
    const headSha = await pushWorkflow();
    // The run in its last state first: from then on nothing changes.
    gh.sandbox.workflows.advance(60_000);
    expect(gh.sandbox.runs('acme', 'app')[0]).toMatchObject({ status: 'in_progress', visible: true });
    gh.sandbox.resetRequestLog();

    await waitForWorkflowRun(gh.client, { ...ref, headSha, timeoutMs: 400, poll: { initialMs: 10, maxMs: 10, factor: 1 } });

    const polls = gh.sandbox.requests;
    expect(polls.length).toBeGreaterThan(1);
    // The first poll reads the run; every later one is answered 304.
    expect(polls.filter(r => !r.notModified)).toHaveLength(1);
  });

  it('stops when the task is cancelled', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: 'never' });
    const headSha = await pushWorkflow();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    await expect(
      waitForWorkflowRun(gh.client, { ...ref, headSha, timeoutMs: 10_000, poll: FAST, signal: controller.signal }),
    ).rejects.toThrow(/abort/i);
  });
});
