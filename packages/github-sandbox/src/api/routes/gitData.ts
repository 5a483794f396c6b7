import { parseTreeChanges, buildTree } from '../../git/treeBuilder';
import { ApiError, notFound } from '../../http/errors';
import { Repository } from '../../state/model';
import { booleanField, identityField, SandboxCore, SandboxRoute, stringField } from '../core';


/** A tree with blob sizes filled in, as `GET`/`POST` trees answer. */
async function treeBody(core: SandboxCore, repository: Repository, sha: string, recursive: boolean) {
  const { git } = repository;
  const entries = recursive ? await git.readTreeRecursive(sha) : await git.readTree(sha);
  const sized = await Promise.all(
    entries.map(async entry =>
      entry.type === 'blob' ? { ...entry, size: (await git.readBlob(entry.sha)).length } : entry,
    ),
  );
  return core.json.gitTree(repository, sha, sized);
}

/** `heads/x` or `tags/x`, the only refs the API lets clients read and write. */
function fullRefName(ref: string): string {
  if (!/^(heads|tags)\/.+/.test(ref)) throw notFound();
  return `refs/${ref}`;
}

async function refBody(core: SandboxCore, repository: Repository, fullRef: string) {
  const sha = await repository.git.resolveRef(fullRef);
  if (!sha) return undefined;
  const type = (await repository.git.objectType(sha)) ?? 'commit';
  return core.json.gitRef(repository, fullRef, sha, type);
}

/** Refs whose full name starts with `refs/<prefix>`, as matching-refs and the legacy list answer. */
async function matchingRefs(core: SandboxCore, repository: Repository, prefix: string) {
  const names = (await repository.git.listRefs()).filter(name => name.startsWith(`refs/${prefix}`));
  return Promise.all(names.map(async name => (await refBody(core, repository, name))!));
}

export const gitDataRoutes: SandboxRoute[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/blobs',
    docs: 'git/blobs#create-a-blob',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const content = stringField(request.body, 'content', true);
      const encoding = stringField(request.body, 'encoding') ?? 'utf-8';
      if (encoding !== 'utf-8' && encoding !== 'base64') {
        throw new ApiError(422, `Invalid request.\n\nencoding must be one of "utf-8", "base64".`);
      }
      if (encoding === 'base64' && !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(content)) {
        throw new ApiError(422, 'Invalid request.\n\ncontent is not valid Base64.');
      }
      const sha = await repository.git.writeBlob(Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
      const body = core.json.shortBlob(repository, sha);
      return { status: 201, body, headers: { location: body.url } };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    docs: 'git/blobs#get-a-blob',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const sha = request.params.file_sha;
      if ((await repository.git.objectType(sha)) !== 'blob') throw notFound();
      return { status: 200, body: core.json.blob(repository, sha, await repository.git.readBlob(sha)) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/trees',
    docs: 'git/trees#create-a-tree',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const baseTree = stringField(request.body, 'base_tree');
      if (baseTree !== undefined && (await repository.git.objectType(baseTree)) !== 'tree') {
        throw new ApiError(422, 'Invalid request.\n\nbase_tree is not a valid tree SHA.');
      }
      const changes = await parseTreeChanges(repository.git, request.body.tree);
      const sha = await buildTree(repository.git, baseTree, changes);
      const body = await treeBody(core, repository, sha, false);
      return { status: 201, body, headers: { location: body.url } };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/trees/{tree_sha}',
    docs: 'git/trees#get-a-tree',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const wanted = request.params.tree_sha;
      let sha: string | undefined = wanted;
      const type = await repository.git.objectType(wanted);
      if (type === 'commit') {
        sha = (await repository.git.readCommit(wanted)).tree;
      } else if (type !== 'tree') {
        // GitHub also accepts a branch or tag name here.
        const commit = await core.resolveCommitish(repository, wanted);
        sha = commit ? (await repository.git.readCommit(commit)).tree : undefined;
      }
      if (!sha) throw notFound();
      // Any value turns recursion on, except the literal strings GitHub documents as off.
      const recursive = request.query.has('recursive') && !['0', 'false'].includes(request.query.get('recursive')!);
      return { status: 200, body: await treeBody(core, repository, sha, recursive) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/commits',
    docs: 'git/commits#create-a-commit',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const { body } = request;
      const message = stringField(body, 'message', true);
      const tree = stringField(body, 'tree', true);
      if ((await repository.git.objectType(tree)) !== 'tree') {
        throw new ApiError(422, 'Tree SHA does not exist');
      }
      const parents = body.parents ?? [];
      if (!Array.isArray(parents) || parents.some(parent => typeof parent !== 'string')) {
        throw new ApiError(422, 'Invalid request.\n\n"parents" must be an array of SHAs.');
      }
      for (const parent of parents as string[]) {
        if ((await repository.git.objectType(parent)) !== 'commit') {
          throw new ApiError(422, 'Parent SHA does not exist or is not a commit object');
        }
      }
      const author = identityField(body, 'author');
      const sha = await core.state.writeCommit(repository, {
        tree,
        parents: parents as string[],
        message,
        author,
        committer: identityField(body, 'committer') ?? author,
      });
      const json = core.json.gitCommit(repository, await repository.git.readCommit(sha));
      return { status: 201, body: json, headers: { location: json.url } };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    docs: 'git/commits#get-a-commit-object',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const sha = request.params.commit_sha;
      if ((await repository.git.objectType(sha)) !== 'commit') throw notFound();
      return { status: 200, body: core.json.gitCommit(repository, await repository.git.readCommit(sha)) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/ref/{ref}',
    docs: 'git/refs#get-a-reference',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const body = await refBody(core, repository, fullRefName(request.params.ref));
      if (!body) throw notFound();
      return { status: 200, body };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/matching-refs/{ref}',
    docs: 'git/refs#list-matching-references',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      return { status: 200, body: await matchingRefs(core, repository, request.params.ref) };
    },
  },
  {
    // Not in the OpenAPI description, but GitHub still serves it and older clients call it:
    // the exact ref as an object, else every ref under that prefix as an array.
    method: 'GET',
    path: '/repos/{owner}/{repo}/git/refs/{ref}',
    docs: 'git/refs#get-a-reference',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const exact = await refBody(core, repository, fullRefName(request.params.ref));
      if (exact) return { status: 200, body: exact };
      const matches = await matchingRefs(core, repository, `${request.params.ref}/`);
      if (matches.length === 0) throw notFound();
      return { status: 200, body: matches };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/git/refs',
    docs: 'git/refs#create-a-reference',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const ref = stringField(request.body, 'ref', true);
      const sha = stringField(request.body, 'sha', true);
      const branch = /^refs\/heads\/(.+)$/.exec(ref)?.[1];
      if (!/^refs\/(heads|tags)\/[^/].*$/.test(ref) || /\.\.|[\s~^:?*[\\]|\/\/|\/$|\.lock$/.test(ref)) {
        throw new ApiError(422, 'Reference name is not valid');
      }
      if (await repository.git.resolveRef(ref)) throw new ApiError(422, 'Reference already exists');
      const type = await repository.git.objectType(sha);
      if (!type || (branch && type !== 'commit')) throw new ApiError(422, 'Object does not exist');
      if (branch) {
        await core.state.moveBranch(repository, branch, sha, { force: false, expectedBefore: null });
      } else {
        await repository.git.writeRef(ref, sha);
      }
      const body = (await refBody(core, repository, ref))!;
      return { status: 201, body, headers: { location: body.url } };
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/git/refs/{ref}',
    docs: 'git/refs#update-a-reference',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const branch = /^heads\/(.+)$/.exec(request.params.ref)?.[1];
      const fullRef = `refs/${request.params.ref}`;
      const sha = stringField(request.body, 'sha', true);
      const force = booleanField(request.body, 'force') ?? false;
      if (!branch || !(await repository.git.resolveRef(fullRef))) {
        throw new ApiError(422, 'Reference does not exist');
      }
      if ((await repository.git.objectType(sha)) !== 'commit') throw new ApiError(422, 'Object does not exist');
      await core.landCompetingCommit(repository, branch);
      await core.state.moveBranch(repository, branch, sha, { force });
      return { status: 200, body: (await refBody(core, repository, fullRef))! };
    },
  },
];
