import { ApiError } from '../../http/errors';
import { Repository } from '../../state/model';
import { SandboxCore, SandboxRoute } from '../core';
import { paginate } from '../pagination';

const lines = (content: Buffer) => {
  const text = content.toString('utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
};

/** Lines in `a` that `b` lacks, counted as a multiset: a line-level diff without alignment. */
const missingLines = (a: string[], b: string[]) => {
  const counts = new Map<string, number>();
  b.forEach(line => counts.set(line, (counts.get(line) ?? 0) + 1));
  return a.filter(line => {
    const left = counts.get(line) ?? 0;
    counts.set(line, left - 1);
    return left <= 0;
  }).length;
};

function fileStatus(before?: string, after?: string): 'added' | 'removed' | 'modified' {
  if (!before) return 'added';
  return after ? 'modified' : 'removed';
}

/** Blobs that differ between two trees, by path; subtrees with the same SHA are not read. */
async function changedBlobs(
  repository: Repository,
  before: string | undefined,
  after: string | undefined,
  prefix = '',
): Promise<{ path: string; old?: string; current?: string }[]> {
  if (before === after) return [];
  const { git } = repository;
  const entries = async (sha?: string) => new Map((sha ? await git.readTree(sha) : []).map(entry => [entry.path, entry]));
  const [old, current] = await Promise.all([entries(before), entries(after)]);
  const changed = [];
  for (const name of new Set([...old.keys(), ...current.keys()])) {
    const [was, is] = [old.get(name), current.get(name)];
    if (was?.sha === is?.sha) continue;
    const path = `${prefix}${name}`;
    const treeSha = (entry?: typeof was) => (entry?.type === 'tree' ? entry.sha : undefined);
    const blobSha = (entry?: typeof was) => (entry?.type === 'blob' ? entry.sha : undefined);
    changed.push(...(await changedBlobs(repository, treeSha(was), treeSha(is), `${path}/`)));
    if (blobSha(was) !== blobSha(is)) changed.push({ path, old: blobSha(was), current: blobSha(is) });
  }
  return changed;
}

/** The files a commit changed against its first parent, with line counts. */
async function changedFiles(repository: Repository, sha: string) {
  const { git } = repository;
  const commit = await git.readCommit(sha);
  const parentTree = commit.parents[0] ? (await git.readCommit(commit.parents[0])).tree : undefined;
  const changed = (await changedBlobs(repository, parentTree, commit.tree)).sort((a, b) => (a.path < b.path ? -1 : 1));
  const read = async (blob?: string) => (blob ? lines(await git.readBlob(blob)) : []);
  return Promise.all(
    changed.map(async ({ path, old, current }) => {
      const [oldLines, newLines] = await Promise.all([read(old), read(current)]);
      return {
        filename: path,
        status: fileStatus(old, current),
        sha: (current ?? old)!,
        additions: missingLines(newLines, oldLines),
        deletions: missingLines(oldLines, newLines),
      };
    }),
  );
}

/** The account a commit author is, when the email is the account's noreply address. */
const authorAccount = (core: SandboxCore, email: string) => {
  const login = /^\d+\+([^@]+)@users\.noreply\.github\.com$/.exec(email)?.[1];
  return login ? core.state.account(login) : undefined;
};

async function commitBody(core: SandboxCore, repository: Repository, sha: string, withFiles: boolean) {
  const commit = await repository.git.readCommit(sha);
  return core.json.commit(
    repository,
    commit,
    authorAccount(core, commit.author.email),
    withFiles ? await changedFiles(repository, sha) : undefined,
  );
}

export const commitRoutes: SandboxRoute[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits',
    docs: 'commits/commits#list-commits',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const start = request.query.get('sha') ?? repository.defaultBranch;
      const head = await core.resolveCommitish(repository, start);
      if (!head) throw new ApiError(404, 'Not Found');
      const page = paginate(await repository.git.log(head), request.query, core.urls.repoApi(repository.fullName, '/commits'));
      const body = await Promise.all(page.items.map(sha => commitBody(core, repository, sha, false)));
      return { status: 200, body, headers: page.headers };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref}',
    docs: 'commits/commits#get-a-commit',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const sha = await core.resolveCommitish(repository, request.params.ref);
      if (!sha) throw new ApiError(422, `No commit found for SHA: ${request.params.ref}`);
      return { status: 200, body: await commitBody(core, repository, sha, true) };
    },
  },
];
