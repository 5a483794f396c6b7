import { useGitHubSandbox } from '../testing/sandbox';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitChanges, FileToCommit, gitBlobSha, gitTreeSha, UnexpectedTreeError } from './commit';

const text = (filePath: string, content: string, executable = false): FileToCommit => ({ path: filePath, content: Buffer.from(content), executable });
const WORKFLOW = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ok\n';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe]);

const fifteenFiles = () => Array.from({ length: 15 }, (_, i) => text(`src/file_${i}.py`, `value = ${i}\n`));

describe('commitChanges', () => {
  const gh = useGitHubSandbox();
  const repoRef = { owner: 'acme', repo: 'app' };

  it('commits every file of an empty repository as its one and only commit', async () => {
    await gh.sandbox.createRepo('acme', 'app');
    const files = [text('manage.py', '#!/usr/bin/env python\n', true), text('.github/workflows/ci.yml', WORKFLOW), { path: 'logo.png', content: PNG }];

    const result = await commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Initial project', plan: () => ({ files }) });

    expect(result).toMatchObject({ method: 'initial-commit', branch: 'main', attempts: 1, unchanged: false });
    const repository = gh.sandbox.repo('acme', 'app');
    const commits = await repository.commits();
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ sha: result.commitSha, message: 'Initial project', parents: [] });
    const tree = await repository.files();
    expect([...tree.keys()].sort()).toEqual(['.github/workflows/ci.yml', 'logo.png', 'manage.py']);
    expect(tree.get('manage.py')!.mode).toBe('100755');
    expect(tree.get('logo.png')!.content.equals(PNG)).toBe(true);
    expect(result.commitUrl).toBe(`https://github.com/acme/app/commit/${result.commitSha}`);
  });

  it('adds one commit on top of a non-empty repository, keeping what it does not touch', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    gh.sandbox.resetRequestLog();

    const result = await commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Add sources', plan: () => ({ files: fifteenFiles() }) });

    expect(result).toMatchObject({ method: 'git-data', unchanged: false });
    const commits = await gh.sandbox.repo('acme', 'app').commits();
    expect(commits).toHaveLength(2);
    const files = await gh.sandbox.repo('acme', 'app').files();
    expect(files.has('README.md')).toBe(true);
    expect(files.get('src/file_14.py')!.content.toString()).toBe('value = 14\n');
    // Whatever the number of files: read the repository, read the head, tree, commit, move the ref.
    expect(gh.sandbox.countRequests()).toBe(5);
    expect(gh.sandbox.countWrites()).toBe(3);
  });

  it('deletes paths and reports an unchanged branch without committing', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    await commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Add', plan: () => ({ files: [text('a.txt', 'a'), text('b.txt', 'b')] }) });

    await commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Remove b', plan: () => ({ files: [], deletions: ['b.txt'] }) });
    expect([...(await gh.sandbox.repo('acme', 'app').files()).keys()].sort()).toEqual(['README.md', 'a.txt']);

    const again = await commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Same', plan: () => ({ files: [text('a.txt', 'a')] }) });
    expect(again.unchanged).toBe(true);
    expect(await gh.sandbox.repo('acme', 'app').commits()).toHaveLength(3);
  });

  it('re-plans on the new head when another commit lands first, keeping both', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    gh.sandbox.faults.competingCommitBeforeRefUpdate('acme', 'app', 'main', 2, { path: 'theirs.txt', content: 'theirs' });
    const heads: string[] = [];

    const result = await commitChanges(gh.client, {
      ...repoRef,
      log: gh.log, message: 'Ours',
      plan: head => {
        heads.push(head!.commitSha);
        return { files: [text('ours.txt', 'ours')] };
      },
    });

    expect(result.attempts).toBe(3);
    expect(new Set(heads).size).toBe(3);
    const files = await gh.sandbox.repo('acme', 'app').files();
    expect(files.get('ours.txt')!.content.toString()).toBe('ours');
    expect(files.get('theirs.txt')!.content.toString()).toBe('theirs');
    expect((await gh.sandbox.repo('acme', 'app').commits())[0].sha).toBe(result.commitSha);
    expect(gh.logs.join('\n')).toMatch(/main moved while committing \(attempt 1\)/);
  });

  it('gives up after a bounded number of attempts', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    gh.sandbox.faults.competingCommitBeforeRefUpdate('acme', 'app', 'main', 10);

    await expect(
      commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Ours', maxAttempts: 3, plan: () => ({ files: [text('x', 'x')] }) }),
    ).rejects.toThrow(/not a fast forward/);
  });

  it('survives server errors, a secondary rate limit and a just-created empty repository', async () => {
    gh.sandbox.faults.unavailableAfterCreate({ requests: 2 });
    await gh.sandbox.createRepo('acme', 'app');
    gh.sandbox.faults.failNext('POST /repos/{owner}/{repo}/git/trees', 1, 502);
    gh.sandbox.faults.secondaryRateLimit('POST /repos/{owner}/{repo}/git/commits', 1, 1);

    const result = await commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Initial', plan: () => ({ files: fifteenFiles() }) });

    expect(result.method).toBe('initial-commit');
    expect(await gh.sandbox.repo('acme', 'app').commits()).toHaveLength(1);
    expect(gh.logs.join('\n')).toMatch(/secondary rate limit/);
    // Two reads while GitHub creates it, asked again; then "empty", which is not asked again.
    const answers = gh.sandbox.requests.filter(r => r.status >= 400).map(r => `${r.status} ${r.route}`);
    expect(answers).toEqual([
      '409 GET /repos/{owner}/{repo}/commits/{ref}',
      '409 GET /repos/{owner}/{repo}/commits/{ref}',
      '409 GET /repos/{owner}/{repo}/commits/{ref}',
      '502 POST /repos/{owner}/{repo}/git/trees',
      '403 POST /repos/{owner}/{repo}/git/commits',
    ]);
    expect(gh.sandbox.requests.filter(r => r.fault === 'unavailable')).toHaveLength(2);
  });

  it('asks again while a just-created repository is unavailable, and commits on its first commit', async () => {
    gh.sandbox.faults.unavailableAfterCreate({ requests: 2, readsOnly: true });
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });

    const result = await commitChanges(gh.client, { ...repoRef, branch: 'main', log: gh.log, message: 'Add sources', plan: () => ({ files: fifteenFiles() }) });

    expect(result).toMatchObject({ method: 'git-data', unchanged: false });
    expect((await gh.sandbox.repo('acme', 'app').commits()).map(c => c.message)).toEqual(['Add sources', 'Initial commit']);
    expect(gh.logs.filter(line => /GitHub answered 409/.test(line))).toHaveLength(2);
  });

  it('falls back to one commit per file, workflow last, when the Git Data API is unavailable', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    gh.sandbox.faults.failNext('POST /repos/{owner}/{repo}/git/trees', 1, 404);
    const files = [text('.github/workflows/ci.yml', WORKFLOW), text('app.py', 'print(1)\n'), text('README.md', '# App\n')];

    const result = await commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Add project', plan: () => ({ files }) });

    expect(result.method).toBe('contents-api');
    const commits = await gh.sandbox.repo('acme', 'app').commits();
    expect(commits.slice(0, 3).map(c => c.message)).toEqual([
      'Add project',
      'Add project (README.md) [skip ci]',
      'Add project (app.py) [skip ci]',
    ]);
    expect(commits[0].files).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', 'app.py', 'README.md']));
    expect(gh.logs.join('\n')).toMatch(/falling back to one commit per file/);
  });

  it('creates a branch that does not exist yet from the default branch, which it leaves alone', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    const [main] = await gh.sandbox.repo('acme', 'app').commits();
    gh.sandbox.resetRequestLog();

    const result = await commitChanges(gh.client, { ...repoRef, branch: 'release', message: 'Add sources', plan: () => ({ files: fifteenFiles() }) });
    const log = gh.sandbox.requests.map(r => `${r.route} ${r.status}`);

    expect(result).toMatchObject({ branch: 'release', method: 'git-data', unchanged: false });
    const { data: release } = await gh.client.repos.getCommit({ ...repoRef, ref: 'release' });
    expect(release.sha).toBe(result.commitSha);
    expect(release.parents.map(parent => parent.sha)).toEqual([main.sha]);
    expect((await gh.client.repos.getCommit({ ...repoRef, ref: 'main' })).data.sha).toBe(main.sha);
    // Repository and branch at once (422: no such commit), the default branch's head, tree, commit, new ref.
    expect(log.slice(0, 2).sort()).toEqual(['GET /repos/{owner}/{repo} 200', 'GET /repos/{owner}/{repo}/commits/{ref} 422']);
    expect(log.slice(2)).toEqual([
      'GET /repos/{owner}/{repo}/commits/{ref} 200',
      'POST /repos/{owner}/{repo}/git/trees 201',
      'POST /repos/{owner}/{repo}/git/commits 201',
      'POST /repos/{owner}/{repo}/git/refs 201',
    ]);
  });

  it('stops the one-commit-per-file fallback at a file GitHub stored differently', async () => {
    await gh.sandbox.createRepo('acme', 'app', { autoInit: true });
    gh.sandbox.faults.failNext('POST /repos/{owner}/{repo}/git/trees', 1, 404);
    const put = gh.client.repos.createOrUpdateFileContents;
    // As if the content had been altered on its way: GitHub stores, and answers, other bytes.
    jest.spyOn(gh.client.repos, 'createOrUpdateFileContents').mockImplementationOnce(((params: { content: string }) =>
      put({ ...params, content: Buffer.from('tampered\n').toString('base64') } as any)) as any);

    await expect(
      commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Add', plan: () => ({ files: [text('app.py', 'print(1)\n'), text('b.py', 'x = 2\n')] }) }),
    ).rejects.toThrow(/^app\.py was stored as blob [0-9a-f]{40}, not as the content sent \(commit [0-9a-f]{40}\)$/);
    expect(gh.sandbox.countWrites('PUT /repos/{owner}/{repo}/contents/{path}')).toBe(1);
  });

  it('finishes an empty repository that an interrupted attempt only initialised, still as one commit', async () => {
    await gh.sandbox.createRepo('acme', 'app');
    // More failures than the client retries: the first attempt stops after the placeholder commit.
    gh.sandbox.faults.failNext('POST /repos/{owner}/{repo}/git/trees', 4, 500);
    const push = () => commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Initial', plan: () => ({ files: fifteenFiles() }) });
    await expect(push()).rejects.toMatchObject({ status: 500 });

    const result = await push();

    expect(result.method).toBe('initial-commit');
    const commits = await gh.sandbox.repo('acme', 'app').commits();
    expect(commits.map(c => c.message)).toEqual(['Initial']);
    expect((await gh.sandbox.repo('acme', 'app').files()).has('.gitkeep')).toBe(false);
  });

  it('moves no branch onto a tree other than exactly the files of a first commit; asked again, finishes as one commit', async () => {
    await gh.sandbox.createRepo('acme', 'app');
    const push = () => commitChanges(gh.client, { ...repoRef, log: gh.log, message: 'Initial', plan: () => ({ files: fifteenFiles() }) });
    // As if GitHub had lost a file of the tree request.
    const createTree = gh.client.git.createTree;
    jest.spyOn(gh.client.git, 'createTree').mockImplementationOnce(((params: { tree: object[] }) =>
      createTree({ ...params, tree: params.tree.slice(1) } as any)) as any);

    await expect(push()).rejects.toThrow(UnexpectedTreeError);
    expect(gh.sandbox.countWrites('POST /repos/{owner}/{repo}/git/commits')).toBe(0);
    expect((await gh.sandbox.repo('acme', 'app').commits()).map(c => c.message)).toEqual(['Initialise the repository [skip ci]']);

    const result = await push();

    expect((await gh.sandbox.repo('acme', 'app').commits()).map(c => c.sha)).toEqual([result.commitSha]);
  });

  it('computes blob SHAs as git does', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('computes folder tree SHAs as git does, sub-folders and modes included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tree-sha-'));
    const files: Record<string, [string, boolean]> = {
      'a.txt': ['a', false],
      'a-b/c.txt': ['c', false],
      'a.b': ['dot', false],
      'run.sh': ['#!/bin/sh\n', true],
      'sub/deeper/x.yaml': ['x: 1\n', false],
    };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    const blobs = new Map<string, { sha: string; mode: string }>();
    for (const [file, [content, executable]] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content, { mode: executable ? 0o755 : 0o644 });
      blobs.set(file, { sha: gitBlobSha(Buffer.from(content)), mode: executable ? '100755' : '100644' });
    }
    git('add', '.');
    expect(gitTreeSha(blobs)).toBe(git('write-tree'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
