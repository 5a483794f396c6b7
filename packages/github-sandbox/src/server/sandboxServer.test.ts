import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigReader } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { createGithubRepoCreateAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { sealSecret, statusOf, testOctokit, TEST_TOKEN } from '../__testUtils__/harness';
import { SandboxServer, startSandboxServer } from './sandboxServer';

const git = promisify(execFile);

describe('the HTTP server', () => {
  let server: SandboxServer;
  let workdir: string;

  beforeAll(async () => {
    server = await startSandboxServer({ token: TEST_TOKEN });
    workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-clone-'));
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(workdir, { recursive: true, force: true });
  });

  it('serves the REST API under /api/v3 for a GitHub Enterprise-style integration', async () => {
    expect(server.apiBaseUrl).toBe(`${server.url}/api/v3`);
    expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
    const octokit = testOctokit(server.apiBaseUrl);
    server.sandbox.createOrg('acme');
    const { data } = await octokit.repos.createInOrg({ org: 'acme', name: 'gitops', auto_init: true });
    expect(data.clone_url).toBe(`${server.url}/acme/gitops.git`);
    expect(data.url).toBe(`${server.apiBaseUrl}/repos/acme/gitops`);
    // Clients may call the loopback address instead of the name; the answers are the same.
    const byAddress = testOctokit(server.apiBaseUrl.replace('localhost', '127.0.0.1'));
    expect((await byAddress.repos.get({ owner: 'acme', repo: 'gitops' })).data.full_name).toBe('acme/gitops');
    expect(await statusOf(testOctokit(server.apiBaseUrl, 'wrong').users.getAuthenticated())).toBe(401);
  });

  it('works as a Backstage GitHub integration (host + apiBaseUrl + token), unchanged', async () => {
    const host = new URL(server.url).host;
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({ integrations: { github: [{ host, apiBaseUrl: server.apiBaseUrl, token: TEST_TOKEN }] } }),
    );
    const action = createGithubRepoCreateAction({
      integrations,
      githubCredentialsProvider: DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    });
    const ctx = createMockActionContext({ input: { repoUrl: `${host}?owner=acme&repo=inventory` } });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `${server.url}/acme/inventory.git`);
    expect(server.sandbox.repo('acme', 'inventory').private).toBe(true);
  });

  it('lets the real git client clone what the API wrote, with the same SHAs, and refuses pushes', async () => {
    const octokit = testOctokit(server.apiBaseUrl);
    const repo = { owner: 'acme', repo: 'gitops' };
    const head = (await octokit.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    const base = (await octokit.git.getCommit({ ...repo, commit_sha: head })).data.tree.sha;
    const tree = await octokit.git.createTree({
      ...repo,
      base_tree: base,
      tree: [
        { path: 'apps/inventory/kustomization.yaml', mode: '100644', type: 'blob', content: 'resources: []\n' },
        { path: 'scripts/run.sh', mode: '100755', type: 'blob', content: '#!/bin/sh\necho hi\n' },
      ],
    });
    const commit = await octokit.git.createCommit({ ...repo, message: 'Add inventory', tree: tree.data.sha, parents: [head] });
    await octokit.git.updateRef({ ...repo, ref: 'heads/main', sha: commit.data.sha });

    const target = path.join(workdir, 'gitops');
    await git('git', ['clone', '-q', `${server.url}/acme/gitops.git`, target]);
    const { stdout: log } = await git('git', ['-C', target, 'log', '--format=%H %T %s']);
    expect(log.trim().split('\n')).toEqual([`${commit.data.sha} ${tree.data.sha} Add inventory`, `${head} ${base} Initial commit`]);
    expect(fs.readFileSync(path.join(target, 'apps/inventory/kustomization.yaml'), 'utf8')).toBe('resources: []\n');
    expect(fs.statSync(path.join(target, 'scripts/run.sh')).mode & 0o111).not.toBe(0);
    const { stdout: fsck } = await git('git', ['-C', target, 'fsck', '--strict']);
    expect(fsck).toBe('');

    await git('git', ['-C', target, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'local']);
    await expect(git('git', ['-C', target, 'push', '-q', 'origin', 'HEAD:main'])).rejects.toThrow(/403|read-only/);
    await expect(git('git', ['clone', '-q', `${server.url}/acme/missing.git`, path.join(workdir, 'missing')])).rejects.toThrow();
  });

  it('serves run pages at their html_url and a state summary without secret values', async () => {
    const octokit = testOctokit(server.apiBaseUrl);
    server.sandbox.workflows.configure({ appearAfterMs: 0, queuedMs: 0, inProgressMs: 0 });
    await octokit.repos.createForAuthenticatedUser({ name: 'app' });
    const { data: key } = await octokit.actions.getRepoPublicKey({ owner: 'dev', repo: 'app' });
    await octokit.actions.createOrUpdateRepoSecret({ owner: 'dev', repo: 'app', secret_name: 'PAT_TOKEN', key_id: key.key_id, encrypted_value: await sealSecret(key.key, 'top-secret-value') });
    await octokit.repos.createOrUpdateFileContents({
      owner: 'dev',
      repo: 'app',
      path: '.github/workflows/ci.yml',
      message: 'Add CI',
      content: Buffer.from('name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: make test }]\n').toString('base64'),
    });
    const [run] = (await octokit.actions.listWorkflowRunsForRepo({ owner: 'dev', repo: 'app' })).data.workflow_runs;
    expect(run.html_url.startsWith(server.url)).toBe(true);
    const page = await fetch(run.html_url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Run make test');

    const stateResponse = await fetch(`${server.url}/_sandbox/state`);
    const text = await stateResponse.text();
    expect(text).not.toContain('top-secret-value');
    const state = JSON.parse(text);
    expect(state.repositories.find((r: { fullName: string }) => r.fullName === 'dev/app')).toMatchObject({
      secrets: [{ name: 'PAT_TOKEN' }],
      runs: [{ headSha: run.head_sha, conclusion: 'success' }],
    });
  });

  it('changes how later runs go on PUT /_sandbox/workflows, and refuses unknown settings', async () => {
    const octokit = testOctokit(server.apiBaseUrl);
    const put = (body: string) => fetch(`${server.url}/_sandbox/workflows`, { method: 'PUT', body });
    expect((await put(JSON.stringify({ appearAfterMs: 0, queuedMs: 0, inProgressMs: 0, outcome: { conclusion: 'failure', job: 'test', step: 'Run make test' } }))).status).toBe(204);
    await octokit.repos.createForAuthenticatedUser({ name: 'failing' });
    await octokit.repos.createOrUpdateFileContents({
      owner: 'dev',
      repo: 'failing',
      path: '.github/workflows/ci.yml',
      message: 'Add CI',
      content: Buffer.from('name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: make test }]\n').toString('base64'),
    });
    const [run] = (await octokit.actions.listWorkflowRunsForRepo({ owner: 'dev', repo: 'failing' })).data.workflow_runs;
    expect(run.conclusion).toBe('failure');
    const [job] = (await octokit.actions.listJobsForWorkflowRun({ owner: 'dev', repo: 'failing', run_id: run.id })).data.jobs;
    expect(job.steps?.find(step => step.conclusion === 'failure')?.name).toBe('Run make test');

    const refused = await put(JSON.stringify({ outcomes: 'failure' }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe('Unknown workflow settings: outcomes\n');
    expect((await put('not json')).status).toBe(400);
    expect((await put(JSON.stringify({ outcome: 'success' }))).status).toBe(204);
  });
});
