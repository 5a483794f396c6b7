import { useGitHubSandbox } from '../testing/sandbox';
import { commitChanges, fileEntry, FileToCommit, gitTreeSha } from './commit';
import { ensureRepository, RepositoryTakenError } from './ensureRepository';

const project: FileToCommit[] = [
  { path: 'manage.py', content: Buffer.from('print("manage")\n'), executable: true },
  { path: 'app/models.py', content: Buffer.from('# models\n') },
];
const treeSha = gitTreeSha(new Map(project.map(file => [file.path, fileEntry(file)])));
const options = { owner: 'acme', repo: 'app', visibility: 'private' as const, branch: 'main', treeSha };

describe('ensureRepository', () => {
  const gh = useGitHubSandbox();
  beforeEach(() => gh.sandbox.createOrg('acme'));
  const push = (files: FileToCommit[], message = 'Initial commit from Dev Portal') =>
    commitChanges(gh.client, { owner: 'acme', repo: 'app', branch: 'main', message, plan: () => ({ files }) });

  it('creates a private, empty repository in the organisation, in two requests', async () => {
    const result = await ensureRepository(gh.client, { ...options, description: 'Inventory' });

    expect(result).toEqual({ status: 'created', repositoryUrl: 'https://github.com/acme/app' });
    expect(gh.sandbox.repo('acme', 'app')).toMatchObject({ private: true });
    expect(await gh.sandbox.repo('acme', 'app').commits()).toEqual([]);
    expect(gh.sandbox.countRequests()).toBe(2);
  });

  it('creates it in the token’s own account, and refuses another person’s account', async () => {
    await expect(ensureRepository(gh.client, { ...options, owner: gh.sandbox.login })).resolves.toMatchObject({ status: 'created' });

    gh.sandbox.createUser('someone-else');
    await expect(ensureRepository(gh.client, { ...options, owner: 'someone-else' })).rejects.toThrow(RepositoryTakenError);
    expect(gh.sandbox.listRepos().map(repository => repository.fullName)).toEqual([`${gh.sandbox.login}/app`]);
  });

  // As after a crash between GitHub's answer and the step's checkpoint, or a template run again.
  it('reuses the empty repository an earlier attempt created, writing nothing', async () => {
    await ensureRepository(gh.client, options);
    gh.sandbox.resetRequestLog();

    const result = await ensureRepository(gh.client, options);

    expect(result).toEqual({ status: 'reused', repositoryUrl: 'https://github.com/acme/app', reason: 'it is empty' });
    expect(gh.sandbox.countWrites(request => request.status < 400)).toBe(0);
  });

  it('reuses one where a push stopped after its placeholder commit', async () => {
    await ensureRepository(gh.client, options);
    gh.sandbox.faults.failNext('POST /repos/{owner}/{repo}/git/trees', 10, 500);
    await expect(push(project)).rejects.toThrow();
    expect(await gh.sandbox.repo('acme', 'app').commits()).toHaveLength(1);

    await expect(ensureRepository(gh.client, options)).resolves.toMatchObject({ status: 'reused', reason: expect.stringMatching(/placeholder/) });
  });

  it('reuses one whose only commit holds exactly the project, and refuses any other', async () => {
    await ensureRepository(gh.client, options);
    const { commitSha } = await push(project);

    await expect(ensureRepository(gh.client, options)).resolves.toMatchObject({
      status: 'reused',
      reason: `its only commit ${commitSha.slice(0, 7)} holds exactly this project`,
    });
    // Someone's work on top of it, or another project under the name: never taken over.
    await expect(ensureRepository(gh.client, { ...options, treeSha: gitTreeSha(new Map([['other.txt', fileEntry(project[1])]])) })).rejects.toThrow(
      /acme\/app already exists and holds commits on main \(head [0-9a-f]{7}\) that are not this project's/,
    );
    await push([{ path: 'fix.txt', content: Buffer.from('a fix\n') }], 'A fix');
    gh.sandbox.resetRequestLog();
    await expect(ensureRepository(gh.client, options)).rejects.toThrow(RepositoryTakenError);
    expect(gh.sandbox.countWrites(request => request.status < 400)).toBe(0);
  });
});
