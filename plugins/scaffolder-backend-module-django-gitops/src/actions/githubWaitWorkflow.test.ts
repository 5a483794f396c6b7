import { actionContext, outputOf, sandboxIntegrations, taskState } from '../testing/actionContext';
import { useGitHubSandbox } from '../testing/sandbox';
import { createGithubWaitWorkflowAction } from './githubWaitWorkflow';
import { CI_WORKFLOW } from '../testing/workflows';

type Context = Parameters<ReturnType<typeof createGithubWaitWorkflowAction>['handler']>[0];

describe('github:wait-workflow', () => {
  const gh = useGitHubSandbox();
  const action = createGithubWaitWorkflowAction({
    integrations: sandboxIntegrations(),
    poll: { initialMs: 5, maxMs: 40, factor: 2 },
  });
  const repoUrl = 'github.com?owner=acme&repo=app';

  async function push() {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    return gh.sandbox.commitFiles('acme', 'app', { message: 'Add project', files: { '.github/workflows/ci-cd.yml': CI_WORKFLOW } });
  }

  it('outputs the run and the image tag of the commit', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 10, queuedMs: 10, inProgressMs: 10, outcome: 'success' });
    const commitSha = await push();
    const { ctx, transcript } = actionContext<Context>({ repoUrl, commitSha, workflow: 'ci-cd.yml' });

    await action.handler(ctx);

    const [run] = gh.sandbox.runs('acme', 'app');
    expect(outputOf(ctx, 'runId')).toBe(run.id);
    expect(outputOf(ctx, 'runUrl')).toBe(run.htmlUrl);
    expect(outputOf(ctx, 'conclusion')).toBe('success');
    expect(outputOf(ctx, 'imageTag')).toBe(`sha-${commitSha.slice(0, 7)}`);
    expect(transcript()).toContain('completed/success');
  });

  it('fails naming the job and step, and linking the run', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: { conclusion: 'failure', job: 'test', step: 'Run the tests' } });
    const commitSha = await push();

    const error = await action.handler(actionContext<Context>({ repoUrl, commitSha }).ctx).catch(e => e);

    expect(error.message).toBe(`Workflow run failure in job "test", step "Run the tests": ${gh.sandbox.runs('acme', 'app')[0].htmlUrl}`);
  });

  it('reports a failed run without failing when asked to', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: 'failure' });
    const commitSha = await push();
    const { ctx } = actionContext<Context>({ repoUrl, commitSha, failOnFailure: false });

    await action.handler(ctx);

    expect(outputOf(ctx, 'conclusion')).toBe('failure');
  });

  it('times out saying how long it waited', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: 'never' });
    const commitSha = await push();

    await expect(action.handler(actionContext<Context>({ repoUrl, commitSha, timeoutSeconds: 0.3 }).ctx)).rejects.toThrow(
      /^Timed out after 0s waiting for https:\/\/github\.com\/acme\/app\/actions\/runs\/\d+ \(still in_progress\)$/,
    );
  });

  it('stops when the task is cancelled', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: 'never' });
    const commitSha = await push();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);

    await expect(action.handler(actionContext<Context>({ repoUrl, commitSha }, { signal: controller.signal }).ctx)).rejects.toThrow(/abort/i);
  });

  it('does not wait again when the step is retried after the run completed', async () => {
    gh.sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: 'success' });
    const commitSha = await push();
    const checkpoint = taskState();
    await action.handler(actionContext<Context>({ repoUrl, commitSha }, { checkpoint }).ctx);
    gh.sandbox.resetRequestLog();

    const retried = actionContext<Context>({ repoUrl, commitSha }, { checkpoint });
    await action.handler(retried.ctx);

    expect(gh.sandbox.countRequests(entry => entry.route?.includes('/actions/') ?? false)).toBe(0);
    expect(outputOf(retried.ctx, 'conclusion')).toBe('success');
  });

  it('refuses a commit that is not a full SHA before any request', async () => {
    await expect(action.handler(actionContext<Context>({ repoUrl, commitSha: 'main' }).ctx)).rejects.toThrow('commitSha: must be a full commit SHA');
    expect(gh.sandbox.countRequests()).toBe(0);
  });
});
