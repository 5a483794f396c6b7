import { actionContext, outputOf, sandboxIntegrations } from '../testing/actionContext';
import { useGitHubSandbox } from '../testing/sandbox';
import { createGithubArchiveRepoAction } from './githubArchiveRepo';

type Context = Parameters<ReturnType<typeof createGithubArchiveRepoAction>['handler']>[0];

describe('github:repo:archive', () => {
  const gh = useGitHubSandbox();
  const action = createGithubArchiveRepoAction({ integrations: sandboxIntegrations() });
  const input = { repoUrl: 'github.com?owner=acme&repo=app' };
  beforeEach(() => gh.sandbox.createRepo('acme', 'app', { autoInit: true }));

  it('archives the repository once, and leaves an archived one alone', async () => {
    const first = actionContext<Context>(input);
    await action.handler(first.ctx);
    expect(gh.sandbox.repo('acme', 'app').archived).toBe(true);
    expect(outputOf(first.ctx, 'archived')).toBe(true);

    const again = actionContext<Context>(input);
    await action.handler(again.ctx);
    expect(outputOf(again.ctx, 'archived')).toBe(false);
    expect(gh.sandbox.countWrites()).toBe(1);
  });

  it('in a dry run, archives nothing', async () => {
    gh.sandbox.resetRequestLog();
    await action.handler(actionContext<Context>(input, { isDryRun: true }).ctx);
    expect(gh.sandbox.repo('acme', 'app').archived).toBe(false);
    expect(gh.sandbox.countWrites()).toBe(0);
  });

  it("names the repository and GitHub's answer when it is missing", async () => {
    await expect(action.handler(actionContext<Context>({ repoUrl: 'github.com?owner=acme&repo=missing' }).ctx)).rejects.toThrow('Archiving acme/missing: GitHub answered 404');
  });
});
