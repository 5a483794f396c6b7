import { execFileSync } from 'node:child_process';
import { errorBodyOf, statusOf, useSandbox } from './__testUtils__/harness';

const gitHashObject = (content: string) =>
  execFileSync('git', ['hash-object', '--stdin'], { input: content }).toString().trim();

describe('git data', () => {
  const h = useSandbox();
  const repo = { owner: 'dev', repo: 'app' };

  /** A repository with one commit (README.md) on main, made through the Contents API. */
  async function initialised() {
    await h.octokit.repos.createForAuthenticatedUser({ name: 'app' });
    const { data } = await h.octokit.repos.createOrUpdateFileContents({
      ...repo,
      path: 'README.md',
      message: 'Initial commit',
      content: Buffer.from('# app\n').toString('base64'),
    });
    return data.commit.sha!;
  }

  it('answers 409 "Git Repository is empty." on every Git Data endpoint of an empty repository', async () => {
    await h.octokit.repos.createForAuthenticatedUser({ name: 'app' });
    const sha = 'a'.repeat(40);
    const calls = [
      () => h.octokit.git.createBlob({ ...repo, content: 'x' }),
      () => h.octokit.git.getBlob({ ...repo, file_sha: sha }),
      () => h.octokit.git.createTree({ ...repo, tree: [{ path: 'a', mode: '100644', type: 'blob', content: 'x' }] }),
      () => h.octokit.git.getTree({ ...repo, tree_sha: sha }),
      () => h.octokit.git.createCommit({ ...repo, message: 'm', tree: sha, parents: [] }),
      () => h.octokit.git.getCommit({ ...repo, commit_sha: sha }),
      () => h.octokit.git.getRef({ ...repo, ref: 'heads/main' }),
      () => h.octokit.git.createRef({ ...repo, ref: 'refs/heads/main', sha }),
      () => h.octokit.git.updateRef({ ...repo, ref: 'heads/main', sha, force: true }),
      () => h.octokit.repos.getCommit({ ...repo, ref: 'main' }),
    ];
    for (const call of calls) {
      expect(await errorBodyOf(call())).toMatchObject({ message: 'Git Repository is empty.', status: '409' });
    }
  });

  it('stores real git objects: blob, tree and commit SHAs are git\'s', async () => {
    const parent = await initialised();
    const blob = await h.octokit.git.createBlob({ ...repo, content: 'hello\n' });
    expect(blob.status).toBe(201);
    expect(blob.data.sha).toBe(gitHashObject('hello\n'));
    const b64 = await h.octokit.git.createBlob({ ...repo, content: Buffer.from([0, 1, 2, 255]).toString('base64'), encoding: 'base64' });
    expect((await h.octokit.git.getBlob({ ...repo, file_sha: b64.data.sha })).data).toMatchObject({ size: 4, encoding: 'base64', content: 'AAEC/w==\n' });

    const tree = await h.octokit.git.createTree({
      ...repo,
      tree: [
        { path: 'hello.txt', mode: '100644', type: 'blob', sha: blob.data.sha },
        { path: 'src/app/main.py', mode: '100644', type: 'blob', content: 'print("hi")\n' },
        { path: 'run.sh', mode: '100755', type: 'blob', content: '#!/bin/sh\n' },
        { path: 'link', mode: '120000', type: 'blob', content: 'hello.txt' },
      ],
    });
    expect(tree.status).toBe(201);
    expect(tree.data.tree.map(e => `${e.mode} ${e.type} ${e.path}`)).toEqual([
      '100644 blob hello.txt',
      '120000 blob link',
      '100755 blob run.sh',
      '040000 tree src',
    ]);
    const commit = await h.octokit.git.createCommit({ ...repo, message: 'Add files', tree: tree.data.sha, parents: [parent] });
    expect(commit.status).toBe(201);
    expect(commit.data).toMatchObject({ message: 'Add files', tree: { sha: tree.data.sha }, parents: [{ sha: parent }] });
    expect((await h.octokit.git.getCommit({ ...repo, commit_sha: commit.data.sha })).data.sha).toBe(commit.data.sha);

    const recursive = await h.octokit.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: 'true' });
    expect(recursive.data.tree.map(e => e.path)).toEqual(['hello.txt', 'link', 'run.sh', 'src', 'src/app', 'src/app/main.py']);
    expect(recursive.data.tree.find(e => e.path === 'hello.txt')).toMatchObject({ size: 6 });
    // GitHub also resolves a commit SHA to its tree.
    expect((await h.octokit.git.getTree({ ...repo, tree_sha: commit.data.sha })).data.sha).toBe(tree.data.sha);
  });

  it('applies base_tree, keeps unlisted files and deletes with sha: null', async () => {
    const parent = await initialised();
    const base = (await h.octokit.git.getCommit({ ...repo, commit_sha: parent })).data.tree.sha;
    const first = await h.octokit.git.createTree({
      ...repo,
      base_tree: base,
      tree: [
        { path: 'apps/a/deployment.yaml', mode: '100644', type: 'blob', content: 'a' },
        { path: 'apps/b/deployment.yaml', mode: '100644', type: 'blob', content: 'b' },
      ],
    });
    const second = await h.octokit.git.createTree({
      ...repo,
      base_tree: first.data.sha,
      tree: [
        { path: 'apps/a/deployment.yaml', mode: '100644', type: 'blob', sha: null },
        { path: 'apps/b/service.yaml', mode: '100644', type: 'blob', content: 's' },
        { path: 'nothing/here', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const paths = (await h.octokit.git.getTree({ ...repo, tree_sha: second.data.sha, recursive: '1' })).data.tree
      .filter(e => e.type === 'blob')
      .map(e => e.path);
    // apps/a became empty and disappeared, as git cannot store empty directories.
    expect(paths).toEqual(['README.md', 'apps/b/deployment.yaml', 'apps/b/service.yaml']);

    // A subtree can be placed by SHA (mode 040000).
    const appsSha = (await h.octokit.git.getTree({ ...repo, tree_sha: second.data.sha })).data.tree.find(e => e.path === 'apps')!.sha;
    const copied = await h.octokit.git.createTree({ ...repo, tree: [{ path: 'copy', mode: '040000', type: 'tree', sha: appsSha }] });
    expect(copied.data.tree).toEqual([expect.objectContaining({ path: 'copy', sha: appsSha, type: 'tree' })]);
  });

  it('refuses malformed trees and commits with 422', async () => {
    await initialised();
    const missing = 'b'.repeat(40);
    expect(await statusOf(h.octokit.git.createTree({ ...repo, tree: [{ path: 'x', mode: '100644', type: 'blob', sha: missing }] }))).toBe(422);
    expect(await statusOf(h.octokit.git.createTree({ ...repo, tree: [{ path: '/abs', mode: '100644', type: 'blob', content: 'x' }] }))).toBe(422);
    expect(await statusOf(h.octokit.git.createTree({ ...repo, tree: [{ path: 'x', mode: '100600' as never, type: 'blob', content: 'x' }] }))).toBe(422);
    expect(await statusOf(h.octokit.git.createTree({ ...repo, base_tree: missing, tree: [] }))).toBe(422);
    expect(await errorBodyOf(h.octokit.git.createCommit({ ...repo, message: 'm', tree: missing }))).toMatchObject({ message: 'Tree SHA does not exist' });
    const tree = (await h.octokit.git.createTree({ ...repo, tree: [{ path: 'x', mode: '100644', type: 'blob', content: 'x' }] })).data.sha;
    expect(await errorBodyOf(h.octokit.git.createCommit({ ...repo, message: 'm', tree, parents: [missing] }))).toMatchObject({ message: 'Parent SHA does not exist or is not a commit object' });
    expect(await statusOf(h.octokit.git.getBlob({ ...repo, file_sha: missing }))).toBe(404);
  });

  it('creates, reads and updates refs (branch names with slashes too)', async () => {
    const parent = await initialised();
    const created = await h.octokit.git.createRef({ ...repo, ref: 'refs/heads/feature/x', sha: parent });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ ref: 'refs/heads/feature/x', object: { sha: parent, type: 'commit' } });
    expect(await errorBodyOf(h.octokit.git.createRef({ ...repo, ref: 'refs/heads/feature/x', sha: parent }))).toMatchObject({ message: 'Reference already exists' });
    expect(await statusOf(h.octokit.git.createRef({ ...repo, ref: 'heads/bad', sha: parent }))).toBe(422);
    expect((await h.octokit.git.getRef({ ...repo, ref: 'heads/feature/x' })).data.object.sha).toBe(parent);
    expect(await statusOf(h.octokit.git.getRef({ ...repo, ref: 'heads/nope' }))).toBe(404);
    // The legacy GET /git/refs/heads/{branch} and matching-refs.
    expect((await h.octokit.request('GET /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref: 'heads/main' })).data).toMatchObject({ ref: 'refs/heads/main' });
    expect((await h.octokit.git.listMatchingRefs({ ...repo, ref: 'heads/feature' })).data.map(r => r.ref)).toEqual(['refs/heads/feature/x']);

    const tree = (await h.octokit.git.createTree({ ...repo, tree: [{ path: 'only.txt', mode: '100644', type: 'blob', content: 'one' }] })).data.sha;
    const child = (await h.octokit.git.createCommit({ ...repo, message: 'child', tree, parents: [parent] })).data.sha;
    const orphan = (await h.octokit.git.createCommit({ ...repo, message: 'orphan', tree, parents: [] })).data.sha;

    const updated = await h.octokit.git.updateRef({ ...repo, ref: 'heads/feature/x', sha: child });
    expect(updated.data.object.sha).toBe(child);
    expect(await errorBodyOf(h.octokit.git.updateRef({ ...repo, ref: 'heads/feature/x', sha: orphan }))).toMatchObject({
      message: 'Update is not a fast forward',
      status: '422',
      documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
    });
    expect((await h.octokit.git.updateRef({ ...repo, ref: 'heads/feature/x', sha: orphan, force: true })).data.object.sha).toBe(orphan);
    expect(await errorBodyOf(h.octokit.git.updateRef({ ...repo, ref: 'heads/missing', sha: orphan }))).toMatchObject({ message: 'Reference does not exist' });
    expect(await errorBodyOf(h.octokit.git.updateRef({ ...repo, ref: 'heads/main', sha: 'c'.repeat(40) }))).toMatchObject({ message: 'Object does not exist' });

    // One clean commit on the default branch: parents: [] then force, as FACTS.md describes.
    await h.octokit.git.updateRef({ ...repo, ref: 'heads/main', sha: orphan, force: true });
    const history = await h.sandbox.repo('dev', 'app').commits('main');
    expect(history.map(c => c.message)).toEqual(['orphan']);
    expect(history[0].files).toEqual(['only.txt']);
    expect(h.sandbox.repo('dev', 'app').pushes().map(p => [p.branch, p.forced])).toEqual([
      ['main', false],
      ['feature/x', false],
      ['feature/x', false],
      ['feature/x', true],
      ['main', true],
    ]);
  });

  it('answers the Commits API with the files a commit changed', async () => {
    const parent = await initialised();
    const tree = await h.octokit.git.createTree({
      ...repo,
      base_tree: (await h.octokit.git.getCommit({ ...repo, commit_sha: parent })).data.tree.sha,
      tree: [
        { path: 'README.md', mode: '100644', type: 'blob', content: '# app\nmore\n' },
        { path: 'new.txt', mode: '100644', type: 'blob', content: 'a\nb\n' },
      ],
    });
    const sha = (await h.octokit.git.createCommit({ ...repo, message: 'Change', tree: tree.data.sha, parents: [parent] })).data.sha;
    await h.octokit.git.updateRef({ ...repo, ref: 'heads/main', sha });

    const byBranch = await h.octokit.repos.getCommit({ ...repo, ref: 'main' });
    expect(byBranch.data.sha).toBe(sha);
    expect(byBranch.data.files?.map(f => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['README.md', 'modified', 1, 0],
      ['new.txt', 'added', 2, 0],
    ]);
    expect(byBranch.data.author?.login).toBe('dev');
    expect(await errorBodyOf(h.octokit.repos.getCommit({ ...repo, ref: 'nope' }))).toMatchObject({ message: 'No commit found for SHA: nope', status: '422' });
    const list = await h.octokit.repos.listCommits({ ...repo, per_page: 1 });
    expect(list.data.map(c => c.sha)).toEqual([sha]);
    expect(list.headers.link).toContain('rel="next"');
    expect((await h.octokit.paginate(h.octokit.repos.listCommits, { ...repo, per_page: 1 })).map(c => c.commit.message)).toEqual(['Change', 'Initial commit']);
  });
});
