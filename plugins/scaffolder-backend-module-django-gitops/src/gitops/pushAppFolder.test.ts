import { useGitHubSandbox } from '../testing/sandbox';
import { appManifests, folderInRepository, toFilesToCommit } from './__testUtils__/apps';
import { APPLICATION_SET_PATH, pushAppFolder } from './pushAppFolder';

const GET_TREE = 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}';
const APPLICATION_SET = 'kind: ApplicationSet\n';

describe('pushAppFolder', () => {
  const gh = useGitHubSandbox();
  const push = (name: string, files = appManifests(name), extra: Partial<Parameters<typeof pushAppFolder>[1]> = {}) =>
    pushAppFolder(gh.client, {
      owner: 'acme',
      repo: 'gitops',
      appName: name,
      files: toFilesToCommit(files),
      message: `Deploy ${name}`,
      applicationSet: APPLICATION_SET,
      log: gh.log,
      ...extra,
    });

  it('makes the first commit of an empty repository: the folder and the ApplicationSet', async () => {
    await gh.sandbox.createRepo('acme', 'gitops');

    const result = await push('inventory-api');

    expect(result).toMatchObject({ committed: true, attempts: 1, appPath: 'apps/inventory-api', branch: 'main' });
    expect(result.changes).toEqual({ added: [...appManifests('inventory-api').keys()], changed: [], removed: [], bootstrapped: true });
    const commits = await gh.sandbox.repo('acme', 'gitops').commits();
    expect(commits.map(commit => commit.sha)).toEqual([result.commitSha]);
    expect(await folderInRepository(gh.sandbox, 'acme', 'gitops', 'apps/inventory-api')).toEqual(appManifests('inventory-api'));
    expect((await gh.sandbox.repo('acme', 'gitops').readFile('main', APPLICATION_SET_PATH))?.toString()).toBe(APPLICATION_SET);
  });

  it('reads only the folders on the way: a fixed number of requests however many apps the repository holds', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await push('first');
    gh.sandbox.resetRequestLog();

    // A new folder: repository, head; root, apps/, k8s/ listings; tree, commit, ref; read back:
    // commit, root, apps/ (the folder's tree SHA is compared, not its listing).
    await push('second');
    expect(gh.sandbox.countRequests()).toBe(11);
    expect(gh.sandbox.countWrites()).toBe(3);
    gh.sandbox.resetRequestLog();

    // An existing folder costs one listing more (the folder itself) before the commit.
    await push('second', appManifests('second', { tag: 'sha-2222222' }));
    expect(gh.sandbox.countRequests()).toBe(12);
    expect(gh.sandbox.countWrites()).toBe(3);
  });

  it('after a concurrent commit, lists again only the trees that changed', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    await push('app');
    gh.sandbox.faults.competingCommitBeforeRefUpdate('acme', 'gitops', 'main', 1, { path: 'apps/other/kustomization.yaml', content: 'x' });
    gh.sandbox.resetRequestLog();

    const result = await push('app', appManifests('app', { tag: 'sha-2222222' }));

    expect(result.attempts).toBe(2);
    // First plan: root, apps/, apps/app/, k8s/. Second: root and apps/ changed; apps/app/ and k8s/ did not.
    // Read back: root and apps/; the folder's tree SHA is compared, not listed.
    expect(gh.sandbox.countRequests(GET_TREE)).toBe(4 + 2 + 2);
    expect(await folderInRepository(gh.sandbox, 'acme', 'gitops', 'apps/other')).toEqual(new Map([['kustomization.yaml', 'x']]));
  });

  it('refuses a commit whose folder does not read back as pushed', async () => {
    await gh.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    const [initial] = await gh.sandbox.repo('acme', 'gitops').commits();
    // As if the branch had been given a tree other than the one built: the folder is missing.
    jest.spyOn(gh.client.git, 'getCommit').mockResolvedValueOnce({ data: { tree: { sha: initial.tree } } } as any);

    await expect(push('app')).rejects.toThrow(
      /^apps\/app\/ in commit [0-9a-f]{40} is not what was pushed: missing \[kustomization.yaml,namespace.yaml,.*\], different \[\], unexpected \[\]$/,
    );
  });

  it('refuses paths that leave the folder and an empty folder, before any request', async () => {
    for (const path of ['../other/kustomization.yaml', '/etc/passwd', 'a/../../b', '.', '']) {
      await expect(push('app', new Map([[path, 'x']]))).rejects.toThrow(`files: "${path}" is not a plain path inside the app folder`);
    }
    await expect(push('app', new Map())).rejects.toThrow('files: the app folder must hold at least one file');
    expect(gh.sandbox.countRequests()).toBe(0);
  });
});
