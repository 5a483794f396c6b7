import { GitRepository, TreeEntry } from '../../git/gitRepository';
import { ApiError, invalidRequest, notFound } from '../../http/errors';
import { identityField, SandboxRoute, stringField } from '../core';

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The tree entry at `path` below a root tree, or undefined. */
async function entryAt(git: GitRepository, rootTree: string, path: string): Promise<TreeEntry | undefined> {
  let entry: TreeEntry | undefined = { path: '', mode: '040000', type: 'tree', sha: rootTree };
  for (const part of path.split('/').filter(Boolean)) {
    if (entry?.type !== 'tree') return undefined;
    entry = (await git.readTree(entry.sha)).find(candidate => candidate.path === part);
  }
  return entry;
}

export const contentRoutes: SandboxRoute[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/contents/{path}',
    docs: 'repos/contents#get-repository-content',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const { git } = repository;
      if (await git.isEmpty()) throw new ApiError(404, 'This repository is empty.');
      const ref = request.query.get('ref') ?? repository.defaultBranch;
      const commit = await core.resolveCommitish(repository, ref);
      if (!commit) throw new ApiError(404, `No commit found for the ref ${ref}`);
      const path = request.params.path.replace(/^\/+|\/+$/g, '');
      const entry = await entryAt(git, (await git.readCommit(commit)).tree, path);
      if (!entry || entry.type === 'commit') throw notFound();
      if (entry.type === 'tree') {
        const children = await Promise.all(
          (await git.readTree(entry.sha)).map(async child => ({
            ...child,
            size: child.type === 'blob' ? (await git.readBlob(child.sha)).length : 0,
          })),
        );
        return { status: 200, body: core.json.contentDirectory(repository, path, children, ref) };
      }
      const content = await git.readBlob(entry.sha);
      if (/application\/vnd\.github(\.v3)?\.raw/.test(request.headers.get('accept') ?? '')) {
        return { status: 200, body: content, headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' } };
      }
      return { status: 200, body: core.json.contentFile(repository, path, entry.sha, content, ref) };
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/contents/{path}',
    docs: 'repos/contents#create-or-update-file-contents',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const { git } = repository;
      const { body } = request;
      const message = stringField(body, 'message', true);
      const content = stringField(body, 'content', true).replace(/\n/g, '');
      if (!STANDARD_BASE64.test(content)) throw invalidRequest('content is not valid Base64');
      const path = request.params.path.replace(/^\/+|\/+$/g, '');
      const branch = stringField(body, 'branch') ?? repository.defaultBranch;
      const parent = (await git.resolveRef(`refs/heads/${branch}`)) ?? null;
      // An empty repository gets its first commit here; otherwise the branch must exist.
      if (!parent && !(await git.isEmpty())) throw new ApiError(404, `Branch ${branch} not found`);
      const existing = parent ? await entryAt(git, (await git.readCommit(parent)).tree, path) : undefined;
      const expectedSha = stringField(body, 'sha');
      if (existing) {
        if (expectedSha === undefined) throw invalidRequest('"sha" wasn\'t supplied.');
        if (expectedSha !== existing.sha) throw new ApiError(409, `${path} does not match ${expectedSha}`);
      }
      const bytes = Buffer.from(content, 'base64');
      const blobSha = await git.writeBlob(bytes);
      const author = identityField(body, 'author');
      const { sha } = await core.state.commitChanges(repository, {
        branch,
        message,
        parent,
        author,
        committer: identityField(body, 'committer') ?? author,
        changes: [{ path, mode: existing?.mode === '100755' ? '100755' : '100644', type: 'blob', sha: blobSha }],
      });
      return {
        status: existing ? 200 : 201,
        body: core.json.fileCommit(repository, path, blobSha, bytes.length, await git.readCommit(sha), branch),
      };
    },
  },
];
