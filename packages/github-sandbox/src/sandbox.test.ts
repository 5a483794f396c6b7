import fs from 'node:fs';
import { createGitHubSandbox } from './sandbox';

describe('seeding and inspection', () => {
  it('seeds repositories and commits, and shows files, branches and history', async () => {
    const sandbox = createGitHubSandbox();
    try {
      sandbox.createOrg('acme');
      const gitops = await sandbox.createRepo('acme', 'gitops', { defaultBranch: 'trunk', private: true });
      expect(gitops).toMatchObject({ fullName: 'acme/gitops', defaultBranch: 'trunk', private: true });
      expect(await gitops.branches()).toEqual({});

      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
      const first = await sandbox.commitFiles('acme', 'gitops', { message: 'Seed', files: { 'README.md': '# gitops\n', 'img/logo.png': png } });
      const second = await sandbox.commitFiles('acme', 'gitops', { message: 'Drop logo', files: { 'img/logo.png': null, 'apps/.keep': '' } });

      expect(await gitops.branches()).toEqual({ trunk: second });
      expect((await gitops.commits()).map(c => [c.sha, c.message, c.parents, c.files])).toEqual([
        [second, 'Drop logo', [first], ['README.md', 'apps/.keep']],
        [first, 'Seed', [], ['README.md', 'img/logo.png']],
      ]);
      expect(await gitops.readFile(first, 'img/logo.png')).toBeUndefined(); // a branch name, not a SHA
      const files = await gitops.files();
      expect([...files.keys()]).toEqual(['README.md', 'apps/.keep']);
      expect(files.get('README.md')).toEqual({ content: Buffer.from('# gitops\n'), mode: '100644' });
      expect(gitops.pushes().map(p => [p.before, p.after])).toEqual([[null, first], [first, second]]);
      expect(sandbox.listRepos().map(r => r.fullName)).toEqual(['acme/gitops']);
      // An unknown owner becomes an organisation.
      await sandbox.createRepo('newcorp', 'x');
      const user = await sandbox.handle(new Request('https://api.github.com/users/newcorp'));
      expect(await user.json()).toMatchObject({ login: 'newcorp', type: 'Organization' });
    } finally {
      await sandbox.close();
    }
    expect(fs.existsSync(sandbox.storageDir)).toBe(false);
  });

  it('reads a binary file back byte for byte', async () => {
    const sandbox = createGitHubSandbox();
    try {
      await sandbox.createRepo('dev', 'bin');
      const bytes = Buffer.from([0, 1, 2, 0x80, 0xfe, 0xff]);
      await sandbox.commitFiles('dev', 'bin', { message: 'bytes', files: { 'data.bin': bytes } });
      expect(await sandbox.repo('dev', 'bin').readFile('main', 'data.bin')).toEqual(bytes);
    } finally {
      await sandbox.close();
    }
  });

  it('keeps a storage directory it was given', async () => {
    const dir = fs.mkdtempSync('/tmp/sandbox-own-');
    const sandbox = createGitHubSandbox({ storageDir: dir });
    await sandbox.createRepo('dev', 'kept');
    await sandbox.close();
    expect(fs.existsSync(`${dir}/dev/kept.git/HEAD`)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});
