import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { parse } from 'yaml';
import { appManifests, appNames, folderInRepository } from '../gitops/__testUtils__/apps';
import { DEFAULT_DEPLOY_CONFIG } from '../deployConfig';
import { BOOTSTRAP_PATHS, generateBootstrapFiles } from '../k8s';
import { actionContext, outputOf, sandboxIntegrations, taskState } from '../testing/actionContext';
import { SANDBOX_TOKEN, useGitHubSandbox } from '../testing/sandbox';
import { createGitopsPushRepoBAction } from './gitopsPushRepoB';

type Action = ReturnType<typeof createGitopsPushRepoBAction>;
type Context = Parameters<Action['handler']>[0];

const REPO_URL = 'github.com?owner=acme&repo=gitops';
const LEGACY_APP = { 'apps/legacy/kustomization.yaml': 'resources: [deployment.yaml]\n', 'apps/legacy/deployment.yaml': 'kind: Deployment\n' };
const OUTSIDE_WRITER_FILE = 'notes/outside-writer.txt';
const tagOf = (kustomization: string | undefined) => parse(kustomization!).images[0].newTag;

describe('gitops:push-repo-b', () => {
  const gh = useGitHubSandbox();
  const workspace = createMockDirectory();
  const integrations = sandboxIntegrations();
  let tasks = 0;

  beforeEach(async () => {
    workspace.clear();
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await gh.sandbox.commitFiles('acme', 'gitops', { message: 'Legacy app', files: LEGACY_APP });
    gh.sandbox.resetRequestLog();
  });

  /** A task's workspace holding `gitops/apps/<name>/` (and other GitOps paths) as k8s:manifests writes them. */
  function workspaceWith(name: string, files: Map<string, string>, elsewhere: Record<string, string> = {}): string {
    const task = `task-${++tasks}`;
    workspace.addContent(Object.fromEntries([...files].map(([file, content]) => [`${task}/gitops/apps/${name}/${file}`, content])));
    workspace.addContent(Object.fromEntries(Object.entries(elsewhere).map(([file, content]) => [`${task}/gitops/${file}`, content])));
    return workspace.resolve(task);
  }

  /** Runs the action for `name` in a task of its own; returns the context to read outputs from. */
  async function onboard(action: Action, name: string, files = appManifests(name), extra: object = {}, overrides = {}) {
    const recorded = actionContext<Context>({ repoUrl: REPO_URL, appName: name, ...extra }, { workspacePath: workspaceWith(name, files), ...overrides });
    await action.handler(recorded.ctx);
    return recorded;
  }

  const folder = (name: string) => folderInRepository(gh.sandbox, 'acme', 'gitops', `apps/${name}`);
  const commits = () => gh.sandbox.repo('acme', 'gitops').commits();
  /** What a commit changed, as GitHub lists it: `added apps/x/a.yaml`. */
  const changesIn = async (sha: string) =>
    (await gh.client.repos.getCommit({ owner: 'acme', repo: 'gitops', ref: sha })).data.files!.map(f => `${f.status} ${f.filename}`).sort();

  it('pushes 50 apps at once with an outside writer racing them: every folder exactly as generated, nothing else changed', async () => {
    const action = createGitopsPushRepoBAction({ integrations });
    const names = appNames(50);
    const expected = new Map(names.map((name, variant) => [name, appManifests(name, { variant })]));
    // The CI tag bump of some other app lands three times while the onboardings commit.
    gh.sandbox.faults.competingCommitBeforeRefUpdate('acme', 'gitops', 'main', 3, { path: OUTSIDE_WRITER_FILE });
    const before = await gh.sandbox.repo('acme', 'gitops').files();

    const contexts = await Promise.all(names.map(name => onboard(action, name, expected.get(name))));

    for (const name of names) expect(await folder(name)).toEqual(expected.get(name));
    const after = await gh.sandbox.repo('acme', 'gitops').files();
    for (const [path, { content }] of before) expect(after.get(path)?.content).toEqual(content);
    expect(after.has(OUTSIDE_WRITER_FILE)).toBe(true);
    const history = await commits();
    // One commit per app, plus the seed's two and the outside writer's three.
    expect(history).toHaveLength(50 + 2 + 3);
    const onboardings = history.filter(commit => commit.message.startsWith('Deploy '));
    const changes = await Promise.all(onboardings.map(commit => changesIn(commit.sha)));
    for (const [i, commit] of onboardings.entries()) {
      const own = `apps/${commit.message.split(' ')[1].replace(':', '')}/`;
      expect(changes[i].filter(change => !change.startsWith(`added ${own}`))).toEqual(
        changes[i].includes('added k8s/applicationset.yaml') ? BOOTSTRAP_PATHS.map(path => `added ${path}`).sort() : [],
      );
    }
    expect(changes.filter(files => files.some(file => file.endsWith('k8s/applicationset.yaml')))).toHaveLength(1);
    const attempts = contexts.map(({ ctx }) => outputOf(ctx, 'attempts') as number);
    // Each outside commit made exactly one push plan and commit again; the onboardings never did so for each other.
    expect(attempts.reduce((sum, n) => sum + n, 0)).toBe(50 + 3);
    expect(contexts.every(({ ctx }) => outputOf(ctx, 'committed') === true)).toBe(true);
  }, 300_000);

  it('pushes of one app with different tags from two backends: the last commit holds its tag, nothing else is lost', async () => {
    // Two backends (two action instances) do not share a queue: they race, and one must re-plan.
    const [first, second] = [createGitopsPushRepoBAction({ integrations }), createGitopsPushRepoBAction({ integrations })];
    await onboard(first, 'other');
    gh.sandbox.faults.latency(20);

    const [a, b] = await Promise.all([
      onboard(first, 'app', appManifests('app', { tag: 'sha-aaaaaaa' }), { commitMessage: 'Deploy sha-aaaaaaa' }),
      onboard(second, 'app', appManifests('app', { variant: 1, tag: 'sha-bbbbbbb' }), { commitMessage: 'Deploy sha-bbbbbbb' }),
    ]);

    expect([outputOf(a.ctx, 'attempts'), outputOf(b.ctx, 'attempts')].sort()).toEqual([1, 2]);
    const [last, previous] = await commits();
    expect([last.message, previous.message].sort()).toEqual(['Deploy sha-aaaaaaa', 'Deploy sha-bbbbbbb']);
    const winner = last.message.endsWith('aaaaaaa') ? appManifests('app', { tag: 'sha-aaaaaaa' }) : appManifests('app', { variant: 1, tag: 'sha-bbbbbbb' });
    expect(await folder('app')).toEqual(winner);
    expect(tagOf((await folder('app')).get('kustomization.yaml'))).toBe(last.message.split(' ')[1]);
    expect(await folder('other')).toEqual(appManifests('other'));
    expect(await folder('legacy')).toEqual(new Map(Object.entries(LEGACY_APP).map(([path, content]) => [path.slice('apps/legacy/'.length), content])));
  });

  it('makes no commit when the repository already holds exactly these files', async () => {
    const action = createGitopsPushRepoBAction({ integrations });
    const first = await onboard(action, 'app');
    gh.sandbox.resetRequestLog();

    const again = await onboard(action, 'app');

    expect(outputOf(again.ctx, 'committed')).toBe(false);
    expect(outputOf(again.ctx, 'commitSha')).toBe(outputOf(first.ctx, 'commitSha'));
    expect(gh.sandbox.countWrites()).toBe(0);
    expect(await commits()).toHaveLength(3);
  });

  it('removes files no longer generated from the folder only, and never pushes skipped files', async () => {
    const action = createGitopsPushRepoBAction({ integrations });
    await gh.sandbox.commitFiles('acme', 'gitops', { message: 'Outside the folder', files: { 'ingress.yaml': 'root\n', 'apps/app-old/ingress.yaml': 'x\n' } });
    // Postgres with an Ingress: ingress.yaml, no pvc.yaml. A stale file from an older layout sits in a sub-folder.
    await onboard(action, 'app', new Map([...appManifests('app', { variant: 1 }), ['old/extra.yaml', 'kind: ConfigMap\n']]));

    // SQLite without an Ingress, plus files of the seed's generator and one the caller skips.
    const sqlite = appManifests('app');
    const withSkipped = new Map([...sqlite, ['argocd-application.yaml', 'kind: Application\n'], ['notes/draft.md', 'draft\n']]);
    const { ctx, transcript } = await onboard(action, 'app', withSkipped, { skipFiles: ['argocd-application.yaml', 'notes/draft.md'] });

    expect(await folder('app')).toEqual(sqlite);
    const [last] = await commits();
    expect(await changesIn(last.sha)).toEqual([
      'added apps/app/pvc.yaml',
      'modified apps/app/README.md',
      'modified apps/app/deployment.yaml',
      'modified apps/app/kustomization.yaml',
      'modified apps/app/networkpolicy.yaml',
      'removed apps/app/ingress.yaml',
      'removed apps/app/migrate-job.yaml',
      'removed apps/app/old/extra.yaml',
      'removed apps/app/poddisruptionbudget.yaml',
    ]);
    expect(await gh.sandbox.repo('acme', 'gitops').readFile('main', 'ingress.yaml')).toEqual(Buffer.from('root\n'));
    expect(await gh.sandbox.repo('acme', 'gitops').readFile('main', 'apps/app-old/ingress.yaml')).toEqual(Buffer.from('x\n'));
    expect(outputOf(ctx, 'committed')).toBe(true);
    expect(transcript()).toContain('Not pushing argocd-application.yaml, notes/draft.md (skipFiles)');
  });

  it("writes the bootstrap files once, naming the repository by its clone URL, and never overwrites them", async () => {
    const deploy = { argocd: { namespace: 'gitops', project: 'apps', applicationSetName: 'portal' }, reservedNamespaces: ['gitops'] };
    const action = createGitopsPushRepoBAction({ integrations, deploy });
    const read = async (path: string) => (await gh.sandbox.repo('acme', 'gitops').readFile('main', path))?.toString();

    await onboard(action, 'first', undefined, { bootstrap: false });
    expect(await read('k8s/applicationset.yaml')).toBeUndefined();

    await onboard(action, 'second');
    const { data: repository } = await gh.client.repos.get({ owner: 'acme', repo: 'gitops' });
    const expected = generateBootstrapFiles({ repoURL: repository.clone_url, revision: 'HEAD', ...deploy });
    for (const [path, content] of expected) expect([path, await read(path)]).toEqual([path, content]);
    expect(parse((await read('k8s/applicationset.yaml'))!).spec.template.spec.project).toBe('apps');

    await gh.sandbox.commitFiles('acme', 'gitops', { message: 'Platform team edits it', files: { 'k8s/applicationset.yaml': 'edited\n' } });
    await onboard(action, 'third');
    expect(await read('k8s/applicationset.yaml')).toBe('edited\n');
  });

  it("pushes the app's ImageUpdater to image-updaters/ with the folder, and removes it when the mode is off", async () => {
    const action = createGitopsPushRepoBAction({ integrations });
    const updater = 'image-updaters/app.yaml';
    const read = async () => (await gh.sandbox.repo('acme', 'gitops').readFile('main', updater))?.toString();
    const run = (elsewhere: Record<string, string>) =>
      action.handler(actionContext<Context>({ repoUrl: REPO_URL, appName: 'app' }, { workspacePath: workspaceWith('app', appManifests('app'), elsewhere) }).ctx);

    await run({ [updater]: 'kind: ImageUpdater\n' });
    expect(await read()).toBe('kind: ImageUpdater\n');
    const [added] = await commits();
    expect(await changesIn(added.sha)).toEqual(expect.arrayContaining(['added apps/app/kustomization.yaml', `added ${updater}`]));

    await run({});
    expect(await read()).toBeUndefined();
    expect(await folder('app')).toEqual(appManifests('app'));
  });

  it('refuses app names that are not DNS-1123 labels or leave apps/, and other bad input, before any request', async () => {
    const action = createGitopsPushRepoBAction({ integrations });
    const refusals: [object, string][] = [
      ...['Inventory', '../k8s', 'a/b', '..', '-app', 'app-', 'app_1', 'a'.repeat(54), ''].map(
        appName => [{ appName }, 'appName: must'] as [object, string],
      ),
      [{ appName: undefined }, 'appName: must'],
      [{ sourcePath: '../../elsewhere' }, 'sourcePath: "../../elsewhere/apps/app" is outside the workspace'],
      [{ sourcePath: 'missing' }, 'sourcePath: "missing/apps/app" holds no files; run k8s:manifests first'],
      [{ repoUrl: 'github.com?owner=acme' }, 'missing repo'],
      [{ appName: 'kube-system' }, 'appName: "kube-system" is a reserved namespace'],
      [{ appName: 'default' }, 'appName: "default" is a reserved namespace'],
    ];
    for (const [input, message] of refusals) {
      const { ctx } = actionContext<Context>({ repoUrl: REPO_URL, appName: 'app', ...input }, { workspacePath: workspaceWith('app', appManifests('app')) });
      await expect(action.handler(ctx)).rejects.toThrow(expect.objectContaining({ name: 'InputError', message: expect.stringContaining(message) }));
    }
    expect(gh.sandbox.countRequests()).toBe(0);

    const platform = createGitopsPushRepoBAction({ integrations, deploy: { ...DEFAULT_DEPLOY_CONFIG, reservedNamespaces: ['payments'] } });
    const { ctx } = actionContext<Context>({ repoUrl: REPO_URL, appName: 'payments' }, { workspacePath: workspaceWith('payments', appManifests('payments')) });
    await expect(platform.handler(ctx)).rejects.toThrow('appName: "payments" is a reserved namespace');
    expect(gh.sandbox.countRequests()).toBe(0);
  });

  it('makes no second commit and no request when the step is retried after it pushed', async () => {
    const action = createGitopsPushRepoBAction({ integrations });
    const checkpoint = taskState();
    const first = await onboard(action, 'app', undefined, {}, { checkpoint });
    // The manifests changed meanwhile, but the retried step returns what it already did.
    gh.sandbox.resetRequestLog();

    const retried = await onboard(action, 'app', appManifests('app', { tag: 'sha-2222222' }), {}, { checkpoint });

    expect(gh.sandbox.countRequests()).toBe(0);
    expect(await commits()).toHaveLength(3);
    expect(outputOf(retried.ctx, 'commitSha')).toBe(outputOf(first.ctx, 'commitSha'));
  });

  it('writes nothing in a dry run, needs no credentials, and says what it would push', async () => {
    const action = createGitopsPushRepoBAction({ integrations: ScmIntegrations.fromConfig(new ConfigReader({})) });

    const { ctx, transcript } = await onboard(action, 'app', undefined, {}, { isDryRun: true });

    expect(gh.sandbox.countRequests()).toBe(0);
    expect(outputOf(ctx, 'committed')).toBe(false);
    expect(outputOf(ctx, 'appPath')).toBe('apps/app');
    expect(transcript()).toContain('Dry run: would make apps/app/ of acme/gitops hold exactly 6 files');
  });

  it('keeps the token out of logs, outputs and errors', async () => {
    const action = createGitopsPushRepoBAction({ integrations });
    const pushed = await onboard(action, 'app', undefined, { token: SANDBOX_TOKEN });
    expect(outputOf(pushed.ctx, 'applicationName')).toBe('app');
    expect(pushed.transcript()).not.toContain(SANDBOX_TOKEN);

    const error = await onboard(action, 'app', undefined, { token: SANDBOX_TOKEN, repoUrl: 'github.com?owner=acme&repo=missing' }).catch(e => e);
    expect(String(error)).toMatch(/Not Found/);
    expect(`${error} ${error.stack} ${JSON.stringify(error)}`).not.toContain(SANDBOX_TOKEN);
    expect(gh.logs.join('\n')).not.toContain(SANDBOX_TOKEN);
  });
});
