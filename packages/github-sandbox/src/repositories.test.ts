import { ConfigReader } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { createGithubRepoCreateAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { errorBodyOf, TEST_TOKEN, useSandbox } from './__testUtils__/harness';

describe('repositories', () => {
  const h = useSandbox();

  it('creates a repository for the authenticated user, empty unless auto_init', async () => {
    const { data, status, headers } = await h.octokit.repos.createForAuthenticatedUser({ name: 'demo', private: true });
    expect(status).toBe(201);
    expect(headers.location).toBe('https://api.github.com/repos/dev/demo');
    expect(data).toMatchObject({ full_name: 'dev/demo', private: true, visibility: 'private', default_branch: 'main', owner: { login: 'dev', type: 'User' } });
    expect(data.clone_url).toBe('https://github.com/dev/demo.git');
    expect(await h.sandbox.repo('dev', 'demo').commits()).toEqual([]);

    await h.octokit.repos.createForAuthenticatedUser({ name: 'initialised', auto_init: true, description: 'Has a README' });
    const [initial] = await h.sandbox.repo('dev', 'initialised').commits();
    expect(initial).toMatchObject({ message: 'Initial commit', parents: [], files: ['README.md'] });
    expect((await h.sandbox.repo('dev', 'initialised').readFile('main', 'README.md'))?.toString()).toBe('# initialised\n\nHas a README\n');
  });

  it('creates organisation repositories and refuses an existing name with 422 in GitHub\'s shape', async () => {
    h.sandbox.createOrg('acme');
    const { data } = await h.octokit.repos.createInOrg({ org: 'acme', name: 'inventory', visibility: 'private' });
    expect(data).toMatchObject({ full_name: 'acme/inventory', private: true, organization: { login: 'acme' } });

    const error = await errorBodyOf(h.octokit.repos.createInOrg({ org: 'acme', name: 'Inventory' }));
    expect(error).toEqual({
      message: 'Repository creation failed.',
      errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }],
      documentation_url: 'https://docs.github.com/rest/repos/repos#create-an-organization-repository',
      status: '422',
    });
    expect(await errorBodyOf(h.octokit.repos.createInOrg({ org: 'nobody', name: 'x' }))).toMatchObject({ message: 'Not Found', status: '404' });
  });

  it('answers GET /repos, /user and /users/{username} (User vs Organization)', async () => {
    h.sandbox.createOrg('acme');
    await h.sandbox.createRepo('acme', 'gitops', { defaultBranch: 'trunk' });
    expect((await h.octokit.repos.get({ owner: 'ACME', repo: 'GitOps' })).data).toMatchObject({ full_name: 'acme/gitops', default_branch: 'trunk' });
    expect((await h.octokit.users.getAuthenticated()).data).toMatchObject({ login: 'dev', type: 'User' });
    expect((await h.octokit.users.getByUsername({ username: 'acme' })).data.type).toBe('Organization');
    expect(await errorBodyOf(h.octokit.repos.get({ owner: 'acme', repo: 'missing' }))).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository',
      status: '404',
    });
  });

  it('replaces topics, adds collaborators and variables', async () => {
    await h.octokit.repos.createForAuthenticatedUser({ name: 'demo' });
    h.sandbox.createUser('alice');
    expect((await h.octokit.repos.replaceAllTopics({ owner: 'dev', repo: 'demo', names: ['django', 'api'] })).data.names).toEqual(['django', 'api']);
    expect((await h.octokit.repos.addCollaborator({ owner: 'dev', repo: 'demo', username: 'alice', permission: 'admin' })).status).toBe(204);
    expect((await h.octokit.actions.createRepoVariable({ owner: 'dev', repo: 'demo', name: 'region', value: 'eu' })).status).toBe(201);
    expect(h.sandbox.repo('dev', 'demo')).toMatchObject({ topics: ['django', 'api'] });
    expect(h.sandbox.repo('dev', 'demo').variables()).toEqual({ REGION: 'eu' });
    expect(await errorBodyOf(h.octokit.repos.replaceAllTopics({ owner: 'dev', repo: 'demo', names: ['Not Valid'] }))).toMatchObject({ status: '422' });
  });

  describe('the built-in github:repo:create action', () => {
    const action = () => {
      const integrations = ScmIntegrations.fromConfig(
        new ConfigReader({ integrations: { github: [{ host: 'github.com', token: TEST_TOKEN }] } }),
      );
      return createGithubRepoCreateAction({
        integrations,
        githubCredentialsProvider: DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      });
    };

    it('creates an organisation repository with its default inputs, and with topics and secrets', async () => {
      h.sandbox.createOrg('acme');
      const ctx = createMockActionContext({ input: { repoUrl: 'github.com?owner=acme&repo=inventory' } });
      await action().handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('remoteUrl', 'https://github.com/acme/inventory.git');
      expect(h.sandbox.repo('acme', 'inventory').private).toBe(true);
      expect(h.sandbox.requests.map(r => `${r.route} ${r.status}`)).toEqual([
        'GET /users/{username} 200',
        'POST /orgs/{org}/repos 201',
      ]);

      const withExtras = createMockActionContext({
        input: { repoUrl: 'github.com?owner=dev&repo=api', topics: ['Django'], secrets: { PAT_TOKEN: 'pat-value' }, repoVariables: { A: 'b' } },
      });
      await action().handler(withExtras);
      expect(h.sandbox.repo('dev', 'api').topics).toEqual(['django']);
      expect(h.sandbox.secrets('dev', 'api').map(({ name, value }) => ({ name, value }))).toEqual([{ name: 'PAT_TOKEN', value: 'pat-value' }]);
    });

    it('fails when the repository already exists', async () => {
      await h.sandbox.createRepo('dev', 'taken');
      const ctx = createMockActionContext({ input: { repoUrl: 'github.com?owner=dev&repo=taken' } });
      await expect(action().handler(ctx)).rejects.toThrow(/Failed to create the User repository dev\/taken, Repository creation failed/);
    });
  });
});
