import { useGitHubSandbox } from '../testing/sandbox';
import { commitChanges } from './commit';
import { readSnapshot, readTextFiles } from './repositoryFiles';

describe('readSnapshot and readTextFiles', () => {
  const gh = useGitHubSandbox();
  const ref = { owner: 'acme', repo: 'app' };
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);

  it('lists the head tree in three requests and downloads only the files whose content is not known', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    const files = [
      { path: 'api/models.py', content: Buffer.from('generated\n') },
      { path: 'api/views.py', content: Buffer.from('edited by hand\n') },
      { path: 'logo.png', content: PNG },
    ];
    const { commitSha } = await commitChanges(gh.client, { ...ref, message: 'Project', plan: () => ({ files }) });
    gh.sandbox.resetRequestLog();

    const snapshot = await readSnapshot(gh.client, ref);

    expect(snapshot).toMatchObject({ branch: 'main', commitSha });
    expect([...snapshot.files.keys()]).toEqual(expect.arrayContaining(['api/models.py', 'api/views.py', 'logo.png']));
    expect(gh.sandbox.countRequests()).toBe(3);

    const known = new Map([['api/models.py', ['generated\n']], ['api/views.py', ['generated\n']]]);
    const read = await readTextFiles(gh.client, ref, snapshot, ['api/models.py', 'api/views.py', 'logo.png', 'missing.py'], known);

    expect(read).toEqual({ texts: new Map([['api/models.py', 'generated\n'], ['api/views.py', 'edited by hand\n']]), notText: ['logo.png'], downloaded: 2 });
    expect(gh.sandbox.countRequests('GET /repos/{owner}/{repo}/git/blobs/{file_sha}')).toBe(2);
  });
});
