import sodium from 'libsodium-wrappers';
import { errorBodyOf, sealSecret, statusOf, useSandbox } from './__testUtils__/harness';

describe('actions secrets', () => {
  const h = useSandbox();
  const repo = { owner: 'dev', repo: 'app' };

  beforeEach(() => h.octokit.repos.createForAuthenticatedUser({ name: 'app' }));

  async function put(secret_name: string, value: string) {
    const { data: key } = await h.octokit.actions.getRepoPublicKey(repo);
    const encrypted_value = await sealSecret(key.key, value);
    return h.octokit.actions.createOrUpdateRepoSecret({ ...repo, secret_name, encrypted_value, key_id: key.key_id });
  }

  it('serves a real libsodium public key and stores what it decrypts: 201 created, 204 updated', async () => {
    const { data: key } = await h.octokit.actions.getRepoPublicKey(repo);
    expect(key.key_id).toMatch(/^\d{18}$/);
    expect(Buffer.from(key.key, 'base64')).toHaveLength(32);

    expect((await put('PAT_TOKEN', 'first')).status).toBe(201);
    expect((await put('pat_token', 'second')).status).toBe(204);
    const [stored] = h.sandbox.secrets('dev', 'app');
    expect(stored).toMatchObject({ name: 'PAT_TOKEN', value: 'second' });
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(stored.createdAt.getTime());
    expect((await h.octokit.actions.listRepoSecrets(repo)).data).toMatchObject({ total_count: 1, secrets: [{ name: 'PAT_TOKEN' }] });
    expect((await h.octokit.actions.getRepoSecret({ ...repo, secret_name: 'pat_token' })).data.name).toBe('PAT_TOKEN');
  });

  it('orders secrets and commits by a shared sequence number', async () => {
    await put('PAT_TOKEN', 'value');
    await h.sandbox.commitFiles('dev', 'app', { message: 'workflow', files: { '.github/workflows/ci.yml': 'on: push\njobs: {}\n' } });
    const [secret] = h.sandbox.secrets('dev', 'app');
    const [commit] = await h.sandbox.repo('dev', 'app').commits();
    expect(secret.seq).toBeLessThan(commit.seq!);
    expect(secret.seq).toBeLessThan(h.sandbox.repo('dev', 'app').pushes()[0].seq);
  });

  it('refuses URL-safe or unpadded base64, foreign keys and bad names with 422', async () => {
    await sodium.ready;
    const { data: key } = await h.octokit.actions.getRepoPublicKey(repo);
    const sealed = sodium.crypto_box_seal(sodium.from_string('x'), sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL));
    // libsodium's default variant (URL-safe, no padding) is what GitHub rejects.
    const urlSafe = sodium.to_base64(sealed);
    const attempt = (secret_name: string, encrypted_value: string, key_id = key.key_id) =>
      statusOf(h.octokit.actions.createOrUpdateRepoSecret({ ...repo, secret_name, encrypted_value, key_id }));
    expect(await attempt('OK_NAME', urlSafe)).toBe(422);
    const other = sodium.crypto_box_keypair();
    expect(await attempt('OK_NAME', sodium.to_base64(sodium.crypto_box_seal(sodium.from_string('x'), other.publicKey), sodium.base64_variants.ORIGINAL))).toBe(422);
    const good = sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
    expect(await attempt('OK_NAME', good, '123')).toBe(422);
    for (const name of ['1ABC', 'GITHUB_TOKEN', 'github_x', 'WITH-DASH', 'SP ACE']) {
      expect(await attempt(name, good)).toBe(422);
    }
    expect(await attempt('_UNDERSCORE_OK', good)).toBe(201);
    expect(h.sandbox.secrets('dev', 'app').map(s => s.name)).toEqual(['_UNDERSCORE_OK']);
  });

  it('keeps environment secrets apart, behind their own key', async () => {
    expect(await statusOf(h.octokit.actions.getEnvironmentPublicKey({ ...repo, environment_name: 'prod' }))).toBe(404);
    expect((await h.octokit.repos.createOrUpdateEnvironment({ ...repo, environment_name: 'prod' })).data.name).toBe('prod');
    const { data: key } = await h.octokit.actions.getEnvironmentPublicKey({ ...repo, environment_name: 'prod' });
    const { data: repoKey } = await h.octokit.actions.getRepoPublicKey(repo);
    expect(key.key).not.toBe(repoKey.key);
    const encrypted_value = await sealSecret(key.key, 'env-value');
    const envSecret = { ...repo, environment_name: 'prod', secret_name: 'DB_PASSWORD', encrypted_value, key_id: key.key_id };
    expect((await h.octokit.actions.createOrUpdateEnvironmentSecret(envSecret)).status).toBe(201);
    expect(h.sandbox.secrets('dev', 'app', 'prod').map(s => [s.name, s.value])).toEqual([['DB_PASSWORD', 'env-value']]);
    expect(h.sandbox.secrets('dev', 'app')).toEqual([]);
    expect(await errorBodyOf(h.octokit.actions.createOrUpdateEnvironmentSecret({ ...envSecret, key_id: repoKey.key_id }))).toMatchObject({ status: '422' });
  });

  it('limits an environment to the branches of its custom policy, as GitHub answers', async () => {
    const env = { ...repo, environment_name: 'gitops' };
    // A policy must name exactly one kind of rule.
    const both = { protected_branches: true, custom_branch_policies: true };
    expect(await statusOf(h.octokit.repos.createOrUpdateEnvironment({ ...env, deployment_branch_policy: both }))).toBe(422);
    // Custom patterns need an environment that uses them.
    await h.octokit.repos.createOrUpdateEnvironment(env);
    expect(await statusOf(h.octokit.repos.createDeploymentBranchPolicy({ ...env, name: 'main', type: 'branch' }))).toBe(404);

    const { data: created } = await h.octokit.repos.createOrUpdateEnvironment({
      ...env,
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(created.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    expect(created.protection_rules).toEqual([expect.objectContaining({ type: 'branch_policy' })]);
    const { data: policy } = await h.octokit.repos.createDeploymentBranchPolicy({ ...env, name: 'main', type: 'branch' });
    expect(policy).toMatchObject({ name: 'main', type: 'branch', id: expect.any(Number) });
    const again = await h.octokit.request('POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', {
      ...env,
      name: 'main',
      type: 'branch',
      request: { redirect: 'manual' },
    }).catch(error => error);
    expect(again.status).toBe(303);
    // Followed, as Octokit's fetch follows it, the See Other answer is the policy that exists.
    const { data: existing } = await h.octokit.repos.createDeploymentBranchPolicy({ ...env, name: 'main', type: 'branch' });
    expect(existing).toEqual(policy);
    const { data: list } = await h.octokit.repos.listDeploymentBranchPolicies(env);
    expect(list).toMatchObject({ total_count: 1, branch_policies: [{ name: 'main', type: 'branch' }] });
    expect((await h.octokit.repos.getEnvironment(env)).data.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    expect(h.sandbox.repo('dev', 'app').environment('gitops')).toMatchObject({
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
      branchPolicies: [{ name: 'main', type: 'branch' }],
    });
    expect(await statusOf(h.octokit.repos.getEnvironment({ ...repo, environment_name: 'missing' }))).toBe(404);
  });
});
