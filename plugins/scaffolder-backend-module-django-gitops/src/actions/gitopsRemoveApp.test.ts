import { createMockDirectory } from '@backstage/backend-test-utils';
import { appManifests } from '../gitops/__testUtils__/apps';
import { generateBootstrapFiles } from '../k8s';
import { actionContext, outputOf, sandboxIntegrations } from '../testing/actionContext';
import { useGitHubSandbox } from '../testing/sandbox';
import { createGitopsPushRepoBAction } from './gitopsPushRepoB';
import { argoCdOnRemoval, createGitopsRemoveAppAction } from './gitopsRemoveApp';

type Context = Parameters<ReturnType<typeof createGitopsRemoveAppAction>['handler']>[0];

const REPO_URL = 'github.com?owner=acme&repo=gitops';
const APPS = ['orders', 'billing', 'stock'];

describe('gitops:remove-app', () => {
  const gh = useGitHubSandbox();
  const workspace = createMockDirectory();
  const integrations = sandboxIntegrations();
  const action = createGitopsRemoveAppAction({ integrations });

  /** Three apps, one of them (billing) with its ImageUpdater, and the platform's bootstrap files. */
  beforeEach(async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    const files: Record<string, string> = Object.fromEntries(generateBootstrapFiles({ repoURL: 'https://github.com/acme/gitops.git' }));
    APPS.forEach((app, variant) => {
      for (const [file, content] of appManifests(app, { variant })) files[`apps/${app}/${file}`] = content;
    });
    files['image-updaters/billing.yaml'] = 'kind: ImageUpdater\n';
    await gh.sandbox.commitFiles('acme', 'gitops', { message: 'Three apps', files });
    gh.sandbox.resetRequestLog();
  });

  const expectedGone = (app: string) => [...[...appManifests(app, { variant: APPS.indexOf(app) }).keys()].map(file => `apps/${app}/${file}`), ...(app === 'billing' ? ['image-updaters/billing.yaml'] : [])].sort();

  it('removes one of three apps in one commit: its folder and ImageUpdater gone, everything else byte for byte', async () => {
    const before = await gh.sandbox.repo('acme', 'gitops').files();
    const { ctx } = actionContext<Context>({ repoUrl: REPO_URL, appName: 'billing', confirm: 'billing' });

    await action.handler(ctx);

    const repository = gh.sandbox.repo('acme', 'gitops');
    const after = await repository.files();
    expect([...before.keys()].filter(file => !after.has(file)).sort()).toEqual(expectedGone('billing'));
    expect([...after].every(([file, { content }]) => before.get(file)!.content.equals(content))).toBe(true);
    const [commit, previous] = await repository.commits();
    expect(commit).toMatchObject({ sha: outputOf(ctx, 'commitSha'), message: 'Remove billing: delete apps/billing', parents: [previous.sha] });
    expect(outputOf(ctx, 'removed')).toEqual(expectedGone('billing'));
    expect(outputOf(ctx, 'committed')).toBe(true);
    expect(outputOf(ctx, 'argocd')).toContain('preserveResourcesOnDeletion: true');
  });

  it('in a dry run, lists exactly the files that would go and writes nothing', async () => {
    const { ctx } = actionContext<Context>({ repoUrl: REPO_URL, appName: 'billing' }, { isDryRun: true });

    await action.handler(ctx);

    expect(outputOf(ctx, 'removed')).toEqual(expectedGone('billing'));
    expect(gh.sandbox.countWrites()).toBe(0);
    expect((await gh.sandbox.repo('acme', 'gitops').files()).has('apps/billing/kustomization.yaml')).toBe(true);
  });

  it('takes turns with onboardings of the same backend and re-plans when an outside writer moves the branch', async () => {
    gh.sandbox.faults.competingCommitBeforeRefUpdate('acme', 'gitops', 'main', 2, { path: 'notes/outside.txt' });
    const push = createGitopsPushRepoBAction({ integrations });
    const onboarding = (name: string) => {
      for (const [file, content] of appManifests(name)) workspace.addContent({ [`${name}/gitops/apps/${name}/${file}`]: content });
      return push.handler(actionContext<any>({ repoUrl: REPO_URL, appName: name, bootstrap: false }, { workspacePath: workspace.resolve(name) }).ctx);
    };

    await Promise.all([onboarding('new-one'), action.handler(actionContext<Context>({ repoUrl: REPO_URL, appName: 'stock' }).ctx), onboarding('new-two')]);

    const files = await gh.sandbox.repo('acme', 'gitops').files();
    expect([...files.keys()].some(file => file.startsWith('apps/stock/'))).toBe(false);
    for (const app of ['orders', 'billing', 'new-one', 'new-two']) expect(files.has(`apps/${app}/kustomization.yaml`)).toBe(true);
    expect(files.has('notes/outside.txt')).toBe(true);
  });

  it('refuses, before any request, a confirmation that is not the name', async () => {
    const { ctx } = actionContext<Context>({ repoUrl: REPO_URL, appName: 'billing', confirm: 'biling' });
    await expect(action.handler(ctx)).rejects.toThrow(`confirm: "biling" is not "billing": type the service's name exactly to remove it`);
    expect(gh.sandbox.countRequests()).toBe(0);
  });

  it('commits nothing for an app that is gone already', async () => {
    const { ctx } = actionContext<Context>({ repoUrl: REPO_URL, appName: 'missing' });
    await action.handler(ctx);
    expect(outputOf(ctx, 'committed')).toBe(false);
    expect(outputOf(ctx, 'removed')).toEqual([]);
    expect(gh.sandbox.countWrites()).toBe(0);
  });

  it('says what Argo CD does under either deletion policy, and without an ApplicationSet', () => {
    expect(argoCdOnRemoval('shop', 'spec:\n  syncPolicy:\n    preserveResourcesOnDeletion: true\n')).toContain('leaves its resources running');
    expect(argoCdOnRemoval('shop', 'spec: {}\n')).toContain('without preserveResourcesOnDeletion, the resources it deployed');
    expect(argoCdOnRemoval('shop', undefined)).toContain('has no k8s/applicationset.yaml');
    expect(argoCdOnRemoval('shop', undefined)).toContain('the data volume shop-data are kept');
  });
});
