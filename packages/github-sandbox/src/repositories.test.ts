import { useSandbox } from './testing/harness';

describe('repositories', () => {
  const h = useSandbox();

  it('creates a repository for the authenticated user, empty unless auto_init', async () => {
    const { data, status, headers } = await h.octokit.repos.createForAuthenticatedUser({ name: 'demo', private: true });
    expect(status).toBe(201);
    expect(headers.location).toBe('https://api.github.com/repos/dev/demo');
    expect(data).toMatchObject({ full_name: 'dev/demo', private: true, default_branch: 'main', owner: { login: 'dev', type: 'User' } });
    expect(data.clone_url).toBe('https://github.com/dev/demo.git');
    expect(await h.sandbox.repo('dev', 'demo').commits()).toEqual([]);
  });
});
