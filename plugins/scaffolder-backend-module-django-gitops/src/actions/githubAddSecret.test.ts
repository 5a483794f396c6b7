import { actionContext, outputOf, sandboxIntegrations, taskState } from '../testing/actionContext';
import { SANDBOX_TOKEN, useGitHubSandbox } from '../testing/sandbox';
import { createGithubAddSecretAction } from './githubAddSecret';

type Context = Parameters<ReturnType<typeof createGithubAddSecretAction>['handler']>[0];
const SECRET = 'ghp_gitopsToken_Do-Not-Log-Me_42';

describe('github:add-secret', () => {
  const gh = useGitHubSandbox();
  const action = createGithubAddSecretAction({ integrations: sandboxIntegrations() });
  const input = { repoUrl: 'github.com?owner=acme&repo=app', secretValue: SECRET };

  beforeEach(() => gh.sandbox.createRepo('acme', 'app'));

  it('stores PAT_TOKEN encrypted for the repository, once even when the step is retried', async () => {
    const checkpoint = taskState();
    const first = actionContext<Context>(input, { checkpoint });
    await action.handler(first.ctx);
    const second = actionContext<Context>(input, { checkpoint });
    await action.handler(second.ctx);

    expect(gh.sandbox.secrets('acme', 'app')).toEqual([expect.objectContaining({ name: 'PAT_TOKEN', value: SECRET })]);
    expect(gh.sandbox.countWrites('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}')).toBe(1);
    expect(outputOf(first.ctx, 'status')).toBe('created');
    expect(outputOf(second.ctx, 'status')).toBe('created');
    for (const { transcript } of [first, second]) {
      expect(transcript()).not.toContain(SECRET);
      expect(transcript()).not.toContain(SANDBOX_TOKEN);
    }
  });

  it('refuses a bad secret name before any request', async () => {
    const { ctx } = actionContext<Context>({ ...input, secretName: 'GITHUB_TOKEN' });
    await expect(action.handler(ctx)).rejects.toThrow('secretName: must hold only letters, digits and "_", and start with neither a digit nor "GITHUB_"');
    await expect(action.handler(actionContext<Context>({ ...input, secretValue: '' }).ctx)).rejects.toThrow('secretValue: is empty');
    expect(gh.sandbox.countRequests()).toBe(0);
  });

  it('writes nothing in a dry run', async () => {
    const { ctx, transcript } = actionContext<Context>(input, { isDryRun: true });
    await action.handler(ctx);
    expect(outputOf(ctx, 'status')).toBe('dry-run');
    expect(gh.sandbox.countWrites()).toBe(0);
    expect(transcript()).toMatch(/would store the secret PAT_TOKEN in acme\/app/);
  });

  it('keeps the value out of the error when GitHub refuses the sealed secret', async () => {
    gh.sandbox.faults.failNext('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', 1, 422);
    const { ctx, transcript } = actionContext<Context>(input);

    const error = await action.handler(ctx).catch(e => e);

    expect(error.message).toMatch(/^Storing the secret PAT_TOKEN in acme\/app: GitHub answered 422/);
    const everything = `${error} ${error.stack} ${JSON.stringify(error)} ${transcript()}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(SANDBOX_TOKEN);
  });
});
