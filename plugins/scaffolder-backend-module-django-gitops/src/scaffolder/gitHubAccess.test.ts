import { sandboxIntegrations } from '../testing/actionContext';
import { SANDBOX_TOKEN, useGitHubSandbox } from '../testing/sandbox';
import { gitHubClientFor, parseGitHubRepoUrl } from './gitHubAccess';

describe('gitHubClientFor', () => {
  const gh = useGitHubSandbox();
  const integrations = sandboxIntegrations();
  const address = parseGitHubRepoUrl({ integrations }, 'github.com?owner=acme&repo=app');
  const log = () => {};
  beforeEach(() => gh.sandbox.createRepo('acme', 'app', { autoInit: true }));

  it("uses the integration's token when the user gives none and the platform allows it (the default)", async () => {
    for (const requireScmUserCredentials of [undefined, false]) {
      const client = await gitHubClientFor({ integrations, requireScmUserCredentials }, address, { log });
      expect((await client.repos.get({ owner: 'acme', repo: 'app' })).data.full_name).toBe('acme/app');
    }
  });

  it("refuses, before any request, to act without the user's token when the platform requires it", async () => {
    await expect(gitHubClientFor({ integrations, requireScmUserCredentials: true }, address, { log })).rejects.toThrow(
      'token: No user credentials provided for host github.com, but scaffolder.requireScmUserCredentials is enabled',
    );
    expect(gh.sandbox.countRequests()).toBe(0);
  });

  it("uses the user's token when given, whatever the platform requires", async () => {
    // The integration's token is one the sandbox refuses: only the user's can have answered.
    const refusedIntegration = sandboxIntegrations('ghp_notTheSandboxToken');
    for (const requireScmUserCredentials of [false, true]) {
      const client = await gitHubClientFor({ integrations: refusedIntegration, requireScmUserCredentials }, address, { token: SANDBOX_TOKEN, log });
      expect((await client.repos.get({ owner: 'acme', repo: 'app' })).data.full_name).toBe('acme/app');
    }
  });
});
