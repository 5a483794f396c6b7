import { roundTrips } from '../testing/requestTiming';
import { useGitHubSandbox } from '../testing/sandbox';
import { appManifests, folderInRepository, toFilesToCommit } from './__testUtils__/apps';
import { pushAppFolder } from './pushAppFolder';

const GET_TREE = 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}';
const APPLICATION_SET_PATH = 'k8s/applicationset.yaml';
/** A bootstrap file that names the repository the way Argo CD will clone it. */
const bootstrap = { paths: [APPLICATION_SET_PATH], render: (cloneUrl: string) => new Map([[APPLICATION_SET_PATH, `repoURL: ${cloneUrl}\n`]]) };
const APPLICATION_SET = 'repoURL: https://github.com/acme/gitops.git\n';
const LATENCY_MS = 200;

describe('pushAppFolder', () => {
  const gh = useGitHubSandbox();
  const push = (name: string, files = appManifests(name), extra: Partial<Parameters<typeof pushAppFolder>[1]> = {}) =>
    pushAppFolder(gh.client, {
      owner: 'acme',
      repo: 'gitops',
      appName: name,
      files: toFilesToCommit(files),
      message: `Deploy ${name}`,
      bootstrap,
      log: gh.log,
      ...extra,
    });

  it('makes the first commit of an empty repository: the folder and the ApplicationSet', async () => {
    await gh.sandbox.createRepo('acme', 'gitops');

    const result = await push('inventory-api');

    expect(result).toMatchObject({ committed: true, attempts: 1, appPath: 'apps/inventory-api', branch: 'main' });
    expect(result.changes).toEqual({ added: [...appManifests('inventory-api').keys()], changed: [], removed: [], outside: [], bootstrapped: [APPLICATION_SET_PATH] });
    const commits = await gh.sandbox.repo('acme', 'gitops').commits();
    expect(commits.map(commit => commit.sha)).toEqual([result.commitSha]);
    expect(await folderInRepository(gh.sandbox, 'acme', 'gitops', 'apps/inventory-api')).toEqual(appManifests('inventory-api'));
    expect((await gh.sandbox.repo('acme', 'gitops').readFile('main', APPLICATION_SET_PATH))?.toString()).toBe(APPLICATION_SET);
  });

  it('writes a bootstrap file only where the repository has none, never over one', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await push('first', appManifests('first'), { bootstrap: { ...bootstrap, render: () => new Map([[APPLICATION_SET_PATH, 'edited by the platform\n']]) } });

    const second = await push('second');

    expect(second.changes.bootstrapped).toEqual([]);
    expect((await gh.sandbox.repo('acme', 'gitops').readFile('main', APPLICATION_SET_PATH))?.toString()).toBe('edited by the platform\n');
  });

  it("writes and removes the app's file outside its folder in the same commit as the folder", async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    const updaterPath = 'image-updaters/app.yaml';
    const outside = (content?: string) => ({ outsideFiles: [{ path: updaterPath, content: content === undefined ? undefined : Buffer.from(content) }] });
    const repository = gh.sandbox.repo('acme', 'gitops');

    const added = await push('app', appManifests('app'), outside('kind: ImageUpdater\n'));
    expect(added.changes.outside).toEqual([updaterPath]);
    expect((await repository.readFile('main', updaterPath))?.toString()).toBe('kind: ImageUpdater\n');
    const commits = (await repository.commits()).length;

    expect((await push('app', appManifests('app'), outside('kind: ImageUpdater\n'))).committed).toBe(false);
    expect(await repository.commits()).toHaveLength(commits);

    const removed = await push('app', appManifests('app'), outside());
    expect(removed).toMatchObject({ committed: true, changes: { added: [], changed: [], removed: [], outside: [updaterPath] } });
    expect(await repository.readFile('main', updaterPath)).toBeUndefined();
    expect([...(await repository.files()).keys()].some(file => file.startsWith('image-updaters/'))).toBe(false);
    expect((await push('app', appManifests('app'), outside())).committed).toBe(false);
  });

  it('reads only the folders on the way: a fixed number of requests however many apps the repository holds', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await push('first');
    gh.sandbox.resetRequestLog();

    // A new folder: repository, head; root, apps/, k8s/ listings; tree, commit, ref. Nothing is
    // read back: the tree GitHub built was held to the planned one before the ref moved.
    await push('second');
    expect(gh.sandbox.countRequests()).toBe(8);
    expect(gh.sandbox.countWrites()).toBe(3);
    gh.sandbox.resetRequestLog();

    // An existing folder costs one listing more (the folder itself) before the commit.
    await push('second', appManifests('second', { tag: 'sha-2222222' }));
    expect(gh.sandbox.countRequests()).toBe(9);
    expect(gh.sandbox.countWrites()).toBe(3);
  });

  it('with the branch named, reads its root tree alongside its head, and the folders on the way together', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await push('first');
    gh.sandbox.resetRequestLog();
    gh.sandbox.faults.latency(LATENCY_MS);

    await push('second', appManifests('second'), { branch: 'main' });

    // Repository, head and root tree together; apps/ and k8s/ together; tree; commit; ref.
    expect(gh.sandbox.countRequests()).toBe(8);
    expect(roundTrips(gh.sandbox.requests)).toBe(5);
    expect(await folderInRepository(gh.sandbox, 'acme', 'gitops', 'apps/second')).toEqual(appManifests('second'));
  });

  it('after a concurrent commit, lists again only the trees that changed', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await push('app');
    gh.sandbox.faults.competingCommitBeforeRefUpdate('acme', 'gitops', 'main', 1, { path: 'apps/other/kustomization.yaml', content: 'x' });
    gh.sandbox.resetRequestLog();

    const result = await push('app', appManifests('app', { tag: 'sha-2222222' }));

    expect(result.attempts).toBe(2);
    // First plan: root, apps/, apps/app/, k8s/. Second: root and apps/ changed; apps/app/ and k8s/ did not.
    expect(gh.sandbox.countRequests(GET_TREE)).toBe(4 + 2);
    expect(await folderInRepository(gh.sandbox, 'acme', 'gitops', 'apps/other')).toEqual(new Map([['kustomization.yaml', 'x']]));
    expect(await folderInRepository(gh.sandbox, 'acme', 'gitops', 'apps/app')).toEqual(appManifests('app', { tag: 'sha-2222222' }));
  });

  it('pushes into a repository that looked empty but was not by the time it was initialised', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    // The head read answers as a repository created a moment before would.
    jest.spyOn(gh.client.repos, 'getCommit').mockRejectedValueOnce(
      Object.assign(new Error('Git Repository is empty.'), { status: 409, response: { data: { message: 'Git Repository is empty.' } } }),
    );

    const result = await push('app');

    expect(result.committed).toBe(true);
    expect(await folderInRepository(gh.sandbox, 'acme', 'gitops', 'apps/app')).toEqual(appManifests('app'));
    const files = await gh.sandbox.repo('acme', 'gitops').files();
    expect(files.has('.gitkeep')).toBe(false);
    expect(files.has('README.md')).toBe(true);
  });

  it('removes from the folder whatever is not a file it pushes, submodules included', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await push('app');
    const ref = { owner: 'acme', repo: 'gitops' };
    const { data: head } = await gh.client.repos.getCommit({ ...ref, ref: 'main' });
    const submodule = { path: 'apps/app/vendored', mode: '160000' as const, type: 'commit' as const, sha: 'a'.repeat(40) };
    const { data: tree } = await gh.client.git.createTree({ ...ref, base_tree: head.commit.tree.sha, tree: [submodule] });
    const { data: commit } = await gh.client.git.createCommit({ ...ref, message: 'Vendor', tree: tree.sha, parents: [head.sha] });
    await gh.client.git.updateRef({ ...ref, ref: 'heads/main', sha: commit.sha });

    const result = await push('app');

    expect(result.changes).toMatchObject({ added: [], changed: [], removed: ['vendored'] });
    const { data: after } = await gh.client.git.getTree({ ...ref, tree_sha: 'main', recursive: 'true' });
    expect(after.tree.filter(entry => entry.path!.startsWith('apps/app/')).map(entry => entry.path)).toEqual(
      [...appManifests('app').keys()].map(file => `apps/app/${file}`).sort(),
    );
  });

  it('commits nothing when GitHub builds a tree other than the planned one', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    const before = await gh.sandbox.repo('acme', 'gitops').commits();
    // As if GitHub had dropped a file from the tree request: the folder it builds lacks it.
    const createTree = gh.client.git.createTree;
    jest.spyOn(gh.client.git, 'createTree').mockImplementationOnce(((params: { tree: { path: string }[] }) =>
      createTree({ ...params, tree: params.tree.filter(entry => entry.path !== 'apps/app/service.yaml') } as any)) as any);

    await expect(push('app')).rejects.toThrow(
      /^apps\/app\/ in the tree GitHub built is not what was pushed: missing \[service.yaml\], different \[\], unexpected \[\]; nothing was committed$/,
    );
    expect(await gh.sandbox.repo('acme', 'gitops').commits()).toEqual(before);
    expect(gh.sandbox.countWrites('POST /repos/{owner}/{repo}/git/commits')).toBe(0);
  });

  it('commits nothing when the tree GitHub built differs outside the folder', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    const createTree = gh.client.git.createTree;
    jest.spyOn(gh.client.git, 'createTree').mockImplementationOnce(((params: { tree: object[] }) =>
      createTree({ ...params, tree: [...params.tree, { path: 'stray.txt', mode: '100644', type: 'blob', content: 'x' }] } as any)) as any);

    await expect(push('app')).rejects.toThrow('apps/app/ in the tree GitHub built is as pushed, but something outside it differs from the plan');
    expect(gh.sandbox.countWrites('PATCH /repos/{owner}/{repo}/git/refs/{ref}')).toBe(0);
  });

  it('refuses paths that leave the folder, before any request', async () => {
    for (const path of ['../other/kustomization.yaml', '/etc/passwd', 'a/../../b', '.', '']) {
      await expect(push('app', new Map([[path, 'x']]))).rejects.toThrow(`files: "${path}" is not a plain path inside the app folder`);
    }
    expect(gh.sandbox.countRequests()).toBe(0);
  });

  it('removes an app given no files: its folder and its outside file in one commit, every other app untouched', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    const updater = { outsideFiles: [{ path: 'image-updaters/gone.yaml', content: Buffer.from('kind: ImageUpdater\n') }] };
    await push('kept');
    await push('gone', appManifests('gone'), updater);
    const before = await gh.sandbox.repo('acme', 'gitops').files();

    const removed = await push('gone', new Map(), { outsideFiles: [{ path: 'image-updaters/gone.yaml' }] });

    expect(removed).toMatchObject({ committed: true, changes: { added: [], changed: [], removed: [...appManifests('gone').keys()].sort(), outside: ['image-updaters/gone.yaml'] } });
    const after = await gh.sandbox.repo('acme', 'gitops').files();
    const gone = [...before.keys()].filter(path => !after.has(path));
    expect(gone.sort()).toEqual([...[...appManifests('gone').keys()].map(file => `apps/gone/${file}`), 'image-updaters/gone.yaml'].sort());
    expect([...after].every(([path, file]) => before.get(path)?.content.equals(file.content))).toBe(true);
    expect((await gh.sandbox.repo('acme', 'gitops').commits())[0].parents).toHaveLength(1);

    const again = await push('gone', new Map(), { outsideFiles: [{ path: 'image-updaters/gone.yaml' }] });
    expect(again.committed).toBe(false);
    expect(gh.logs).toContain('apps/gone/ on main is gone already: nothing to commit');
  });
});
