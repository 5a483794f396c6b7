import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { actionContext, outputOf, sandboxIntegrations, taskState } from '../testing/actionContext';
import { useGitHubSandbox } from '../testing/sandbox';
import { createGithubAddSecretAction } from './githubAddSecret';
import { createGithubBatchPushAction } from './githubBatchPush';

type Context = Parameters<ReturnType<typeof createGithubBatchPushAction>['handler']>[0];
const WORKFLOW = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ok\n';
const BINARY = Buffer.from([0, 1, 2, 253, 254, 255]);

describe('github:batch-push', () => {
  const gh = useGitHubSandbox();
  const workspace = createMockDirectory();
  const integrations = sandboxIntegrations();
  const action = createGithubBatchPushAction({ integrations });
  const input = { repoUrl: 'github.com?owner=acme&repo=app', commitMessage: 'Initial commit' };

  beforeEach(() => {
    workspace.setContent({
      'manage.py': '#!/usr/bin/env python\n',
      'api/models.py': 'from django.db import models\n',
      '.github/workflows/ci-cd.yml': WORKFLOW,
      'static/logo.bin': BINARY,
    });
    fs.chmodSync(path.join(workspace.path, 'manage.py'), 0o755);
  });

  it('pushes the whole folder to a new repository as one commit that starts one run', async () => {
    await gh.sandbox.createRepo('acme', 'app');
    const { ctx } = actionContext<Context>(input, { workspacePath: workspace.path });

    await action.handler(ctx);

    const repository = gh.sandbox.repo('acme', 'app');
    const commits = await repository.commits();
    expect(commits).toHaveLength(1);
    expect(outputOf(ctx, 'commitSha')).toBe(commits[0].sha);
    expect(outputOf(ctx, 'method')).toBe('initial-commit');
    expect(outputOf(ctx, 'commitUrl')).toBe(`https://github.com/acme/app/commit/${commits[0].sha}`);
    expect(outputOf(ctx, 'repositoryUrl')).toBe('https://github.com/acme/app');
    const files = await repository.files();
    expect([...files.keys()].sort()).toEqual(['.github/workflows/ci-cd.yml', 'api/models.py', 'manage.py', 'static/logo.bin']);
    expect(files.get('manage.py')!.mode).toBe('100755');
    expect(files.get('static/logo.bin')!.content.equals(BINARY)).toBe(true);
    expect(gh.sandbox.runs('acme', 'app').map(run => run.headSha)).toEqual([commits[0].sha]);
  });

  it('puts the files under targetPath of a non-empty repository', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    const { ctx } = actionContext<Context>({ ...input, targetPath: 'service/' }, { workspacePath: workspace.path });

    await action.handler(ctx);

    const files = await gh.sandbox.repo('acme', 'app').files();
    expect([...files.keys()].sort()).toEqual([
      'README.md',
      'service/.github/workflows/ci-cd.yml',
      'service/api/models.py',
      'service/manage.py',
      'service/static/logo.bin',
    ]);
    expect(outputOf(ctx, 'method')).toBe('git-data');
  });

  it('makes no second commit when the step is retried after it pushed', async () => {
    await gh.sandbox.createRepo('acme', 'app');
    const checkpoint = taskState();
    await action.handler(actionContext<Context>(input, { workspacePath: workspace.path, checkpoint }).ctx);
    gh.sandbox.resetRequestLog();

    await action.handler(actionContext<Context>(input, { workspacePath: workspace.path, checkpoint }).ctx);

    expect(await gh.sandbox.repo('acme', 'app').commits()).toHaveLength(1);
    expect(gh.sandbox.countWrites()).toBe(0);
  });

  it('sets the secret before the commit that holds the workflow', async () => {
    await gh.sandbox.createRepo('acme', 'app');
    const addSecret = createGithubAddSecretAction({ integrations });
    await addSecret.handler(actionContext<Parameters<typeof addSecret.handler>[0]>({ ...input, secretValue: 'x' }).ctx);
    await action.handler(actionContext<Context>(input, { workspacePath: workspace.path }).ctx);

    const [secret] = gh.sandbox.secrets('acme', 'app');
    const workflowPushes = gh.sandbox.repo('acme', 'app').pushes();
    expect(secret.seq).toBeLessThan(Math.min(...workflowPushes.map(push => push.seq)));
  });

  it('writes nothing in a dry run, and refuses an empty folder or a targetPath outside the repository', async () => {
    await gh.sandbox.createRepo('acme', 'app');
    await action.handler(actionContext<Context>(input, { workspacePath: workspace.path, isDryRun: true }).ctx);
    expect(gh.sandbox.countWrites()).toBe(0);

    fs.mkdirSync(path.join(workspace.path, 'empty'));
    await expect(action.handler(actionContext<Context>({ ...input, sourcePath: 'empty' }, { workspacePath: workspace.path }).ctx)).rejects.toThrow(
      'sourcePath: "empty" holds no files',
    );
    await expect(action.handler(actionContext<Context>({ ...input, targetPath: '../x' }, { workspacePath: workspace.path }).ctx)).rejects.toThrow(
      'targetPath: must stay inside the repository (no ".." segment)',
    );
    expect(gh.sandbox.countWrites()).toBe(0);
  });

  it('commits as devPortal.commitAuthor, else as scaffolder.defaultAuthor, else as the token\'s account', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    const configs = [
      { scaffolder: { defaultAuthor: { name: 'Backstage', email: 'backstage@example.com' } } },
      {
        scaffolder: { defaultAuthor: { name: 'Backstage', email: 'backstage@example.com' } },
        devPortal: { commitAuthor: { name: 'Dev Portal', email: 'portal@example.com' } },
      },
      {},
    ];
    for (const [index, data] of configs.entries()) {
      workspace.setContent({ 'change.txt': `change ${index}\n` });
      const configured = createGithubBatchPushAction({ integrations, config: new ConfigReader(data) });
      await configured.handler(actionContext<Context>(input, { workspacePath: workspace.path }).ctx);
    }

    const authors = (await gh.sandbox.repo('acme', 'app').commits()).slice(0, 3).map(c => `${c.author.name} <${c.author.email}>`);
    const tokenAccount = (await gh.client.users.getAuthenticated()).data.login;
    expect(authors).toEqual([expect.stringContaining(tokenAccount), 'Dev Portal <portal@example.com>', 'Backstage <backstage@example.com>']);
  });
});
