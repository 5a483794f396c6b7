import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { readWorkspaceFolder } from './workspace';

describe('readWorkspaceFolder', () => {
  const workspace = createMockDirectory();
  const BINARY = Buffer.from([0, 159, 146, 150, 255]);

  beforeEach(() => {
    workspace.setContent({
      'app/manage.py': '#!/usr/bin/env python\n',
      'app/logo.png': BINARY,
      'app/.github/workflows/ci.yml': 'on: push\n',
      'app/.git/config': '[core]\n',
      'app/vendor/lib/.git/HEAD': 'ref: refs/heads/main\n',
      'app/NOTES.md': 'notes\n',
      'app/docs/NOTES.md': 'more notes\n',
      'app/docs/skip-me.txt': 'x\n',
    });
    fs.chmodSync(path.join(workspace.path, 'app/manage.py'), 0o755);
    fs.symlinkSync('manage.py', path.join(workspace.path, 'app/link-to-manage.py'));
    fs.symlinkSync('gone.txt', path.join(workspace.path, 'app/broken-link'));
  });

  it('reads every file with its bytes and executable bit, but no git folder, symbolic link or skipped file', async () => {
    const { files, skipped } = await readWorkspaceFolder(workspace.path, 'app', { input: 'sourcePath', skipFiles: ['NOTES.md', 'docs/skip-me.txt'] });

    expect(files.map(file => [file.path, file.executable])).toEqual([
      ['.github/workflows/ci.yml', false],
      ['logo.png', false],
      ['manage.py', true],
    ]);
    expect(files.find(file => file.path === 'logo.png')!.content.equals(BINARY)).toBe(true);
    expect(skipped).toEqual(['NOTES.md', 'docs/NOTES.md', 'docs/skip-me.txt']);
  });

  it('refuses, naming the input, a folder outside the workspace, missing, or without files', async () => {
    fs.mkdirSync(path.join(workspace.path, 'empty'));
    await expect(readWorkspaceFolder(workspace.path, '../elsewhere', { input: 'sourcePath' })).rejects.toThrow('sourcePath: "../elsewhere" is outside the workspace');
    await expect(readWorkspaceFolder(workspace.path, 'missing', { input: 'sourcePath', hint: 'run k8s:manifests first' })).rejects.toThrow(
      'sourcePath: "missing" holds no files; run k8s:manifests first',
    );
    await expect(readWorkspaceFolder(workspace.path, 'empty', { input: 'sourcePath' })).rejects.toThrow('sourcePath: "empty" holds no files');
    fs.symlinkSync('/etc/hostname', path.join(workspace.path, 'app/outside'));
    await expect(readWorkspaceFolder(workspace.path, 'app', { input: 'sourcePath' })).rejects.toThrow(
      'sourcePath: "app" holds a symbolic link that leads outside it',
    );
  });
});
