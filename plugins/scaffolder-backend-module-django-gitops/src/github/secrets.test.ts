import { useGitHubSandbox } from '../testing/sandbox';
import { SECRET_NAME, setActionsSecret } from './secrets';

describe('setActionsSecret', () => {
  const gh = useGitHubSandbox();

  it('stores a value GitHub can decrypt, then reports an update', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    const value = 'ghp_s3cr3t+/= with unicode ✓';

    expect(await setActionsSecret(gh.client, { owner: 'acme', repo: 'app', name: 'PAT_TOKEN', value })).toBe('created');
    expect(await setActionsSecret(gh.client, { owner: 'acme', repo: 'app', name: 'PAT_TOKEN', value: 'v2' })).toBe('updated');

    const [secret] = gh.sandbox.secrets('acme', 'app');
    expect(secret).toMatchObject({ name: 'PAT_TOKEN', value: 'v2' });
  });

  it('stores environment secrets', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    await gh.client.repos.createOrUpdateEnvironment({ owner: 'acme', repo: 'app', environment_name: 'production' });

    await setActionsSecret(gh.client, { owner: 'acme', repo: 'app', name: 'DB_URL', value: 'postgres://x', environment: 'production' });

    expect(gh.sandbox.secrets('acme', 'app', 'production')).toEqual([expect.objectContaining({ name: 'DB_URL', value: 'postgres://x' })]);
    expect(gh.sandbox.secrets('acme', 'app')).toEqual([]);
  });
});

describe('SECRET_NAME', () => {
  it.each(['PAT_TOKEN', '_private', 'token2'])('accepts %s', name => expect(SECRET_NAME.test(name)).toBe(true));
  it.each(['GITHUB_TOKEN', 'github_pat', 'GitHub_X', '2FA', 'PAT-TOKEN', ''])('refuses %j', name => expect(SECRET_NAME.test(name)).toBe(false));
});
