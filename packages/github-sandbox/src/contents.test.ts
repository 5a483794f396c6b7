import { errorBodyOf, statusOf, useSandbox } from './__testUtils__/harness';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('contents API', () => {
  const h = useSandbox();
  const repo = { owner: 'dev', repo: 'app' };

  beforeEach(() => h.octokit.repos.createForAuthenticatedUser({ name: 'app' }));

  it('creates the first commit of an empty repository on the default branch', async () => {
    expect(await errorBodyOf(h.octokit.repos.getContent({ ...repo, path: 'README.md' }))).toMatchObject({ message: 'This repository is empty.', status: '404' });
    const created = await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'docs/README.md', message: 'Add docs', content: b64('hello\n') });
    expect(created.status).toBe(201);
    expect(created.data.content).toMatchObject({ path: 'docs/README.md', name: 'README.md', type: 'file', size: 6 });
    expect(created.data.commit).toMatchObject({ message: 'Add docs', parents: [] });
    const [commit] = await h.sandbox.repo('dev', 'app').commits();
    expect(commit).toMatchObject({ sha: created.data.commit.sha, parents: [], files: ['docs/README.md'] });
    // Git Data endpoints work from now on.
    expect((await h.octokit.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha).toBe(created.data.commit.sha);
  });

  it('refuses, changing nothing, a path into .git or with empty or dot parts, and an author without a real date', async () => {
    const first = await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'README.md', message: 'Add', content: b64('hi\n') });
    for (const path of ['.git/config', 'a/../b.txt', 'x//y.txt']) {
      expect(await statusOf(h.octokit.repos.createOrUpdateFileContents({ ...repo, path, message: 'Bad', content: b64('x') }))).toBe(422);
    }
    const author = { name: 'Dev', email: 'dev@example.com', date: 'not-a-date' };
    expect(await errorBodyOf(h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'b.txt', message: 'Bad', content: b64('x'), author }))).toMatchObject({
      message: 'Invalid request.\n\n"date" is not a timestamp in "author".',
    });
    expect((await h.octokit.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha).toBe(first.data.commit.sha);
    expect((await h.sandbox.repo('dev', 'app').commits()).map(c => c.sha)).toEqual([first.data.commit.sha]);
  });

  it('reads files (base64 or raw) and directories, at a ref', async () => {
    const first = await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'a/one.txt', message: 'one', content: b64('1\n') });
    await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'a/two.txt', message: 'two', content: b64('2\n') });

    const file = await h.octokit.repos.getContent({ ...repo, path: 'a/one.txt' });
    expect(file.data).toMatchObject({ type: 'file', encoding: 'base64', sha: first.data.content!.sha });
    expect(Buffer.from((file.data as { content: string }).content, 'base64').toString()).toBe('1\n');
    const raw = await h.octokit.repos.getContent({ ...repo, path: 'a/two.txt', mediaType: { format: 'raw' } });
    expect(String(raw.data)).toBe('2\n');
    const dir = await h.octokit.repos.getContent({ ...repo, path: 'a' });
    expect((dir.data as { name: string }[]).map(entry => entry.name)).toEqual(['one.txt', 'two.txt']);
    const old = await h.octokit.repos.getContent({ ...repo, path: 'a', ref: first.data.commit.sha! });
    expect((old.data as unknown[]).length).toBe(1);
    expect(await statusOf(h.octokit.repos.getContent({ ...repo, path: 'missing.txt' }))).toBe(404);
    expect(await errorBodyOf(h.octokit.repos.getContent({ ...repo, path: 'a', ref: 'nope' }))).toMatchObject({ message: 'No commit found for the ref nope' });
  });

  it('requires the current sha to update a file: 422 without it, 409 on a mismatch, 200 with it', async () => {
    const created = await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'f.txt', message: 'create', content: b64('v1') });
    const update = { ...repo, path: 'f.txt', message: 'update', content: b64('v2') };
    expect(await errorBodyOf(h.octokit.repos.createOrUpdateFileContents(update))).toMatchObject({ message: 'Invalid request.\n\n"sha" wasn\'t supplied.', status: '422' });
    expect(await errorBodyOf(h.octokit.repos.createOrUpdateFileContents({ ...update, sha: 'd'.repeat(40) }))).toMatchObject({ message: `f.txt does not match ${'d'.repeat(40)}`, status: '409' });
    const updated = await h.octokit.repos.createOrUpdateFileContents({ ...update, sha: created.data.content!.sha });
    expect(updated.status).toBe(200);
    expect(updated.data.commit.parents).toEqual([expect.objectContaining({ sha: created.data.commit.sha })]);
    expect((await h.sandbox.repo('dev', 'app').readFile('main', 'f.txt'))?.toString()).toBe('v2');
  });

  it('refuses content that is not base64 and branches that do not exist', async () => {
    await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'f.txt', message: 'create', content: b64('v1') });
    expect(await statusOf(h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'g.txt', message: 'm', content: 'not base64!' }))).toBe(422);
    expect(await errorBodyOf(h.octokit.repos.createOrUpdateFileContents({ ...repo, path: 'g.txt', message: 'm', content: b64('x'), branch: 'nope' }))).toMatchObject({ message: 'Branch nope not found', status: '404' });
  });
});
