import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GitHubClient } from './client';
import { gitHubMessage, isEmptyRepository, statusOf } from './client';
import type { RepositoryRef } from './repository';

/** A commit's author, as GitHub takes it. */
export interface CommitAuthor {
  name: string;
  email: string;
}

/** A file to commit: its path in the repository, its bytes, and whether it is executable. */
export interface FileToCommit {
  path: string;
  content: Buffer;
  executable?: boolean;
}

/**
 * What to change on top of the branch head; `undefined` when the head already holds it. With
 * `expectedTreeSha`, the tree GitHub builds must be exactly that one, or nothing is committed. A
 * first commit into an empty repository is held to the tree of exactly its files without it.
 */
export type Changes = { files: FileToCommit[]; deletions?: string[]; expectedTreeSha?: string } | undefined;

/** GitHub built a tree other than the one the change should give; the branch was not moved. */
export class UnexpectedTreeError extends Error {
  constructor(
    /** The tree GitHub built: read it to say what differs. */
    readonly treeSha: string,
    readonly expectedTreeSha: string,
  ) {
    super(`GitHub built the tree ${treeSha} where ${expectedTreeSha} was expected; the branch was not moved`);
    this.name = 'UnexpectedTreeError';
  }
}

/** The head a change is planned on: absent for an empty repository. */
export interface BranchHead {
  commitSha: string;
  treeSha: string;
}

export interface CommitOptions extends RepositoryRef {
  /** Default: the repository's default branch. */
  branch?: string;
  message: string;
  /** The commits' author (and committer); default: GitHub records the token's account. */
  author?: CommitAuthor;
  /**
   * The change, planned against the head it will be committed on. It is asked again after a
   * non-fast-forward, so a change that depends on the current content stays correct.
   */
  plan: (head: BranchHead | undefined) => Promise<Changes> | Changes;
  /** Attempts when someone else moves the branch between our read and our update; default 5. */
  maxAttempts?: number;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

export type CommitMethod = 'git-data' | 'initial-commit' | 'contents-api';

export interface CommitResult {
  /** The new commit, or the head that already held the change. */
  commitSha: string;
  commitUrl: string;
  /** The repository's web page. */
  repositoryUrl: string;
  branch: string;
  method: CommitMethod;
  attempts: number;
  /** True when the branch already held the change and nothing was committed. */
  unchanged: boolean;
}

/** The longest pause between two attempts: long enough to spread 50 writers out, short enough for a task. */
const MAX_RETRY_PAUSE_MS = 10_000;
/** Content up to this size goes inline in the tree request; larger files get a blob of their own. */
const INLINE_LIMIT_BYTES = 512 * 1024;
/** The first commit of an empty repository, before the real tree replaces it. */
const PLACEHOLDER_PATH = '.gitkeep';
const PLACEHOLDER_MESSAGE = 'Initialise the repository [skip ci]';

/**
 * Commits a set of files as ONE commit through the Git Data API: one tree (text inline, blobs
 * only for binary or large files) on the current head, one commit, then a compare-and-swap of
 * the branch (no force). An empty repository is initialised through the Contents API and then
 * given the real tree as its single root commit. Only when the Git Data API is unavailable are
 * files written one commit each through the Contents API, workflows last, every commit but the
 * last marked `[skip ci]`, so exactly one workflow run starts, on the complete tree.
 */
export async function commitChanges(client: GitHubClient, options: CommitOptions): Promise<CommitResult> {
  const { owner, repo, signal } = options;
  const say = options.log ?? (() => {});
  // With the branch known, the repository and its head are read at the same time.
  const [{ data: repository }, knownBranchHead] = await Promise.all([
    client.repos.get({ owner, repo }),
    options.branch ? readHead(client, { owner, repo }, options.branch) : undefined,
  ]);
  const branch = options.branch ?? repository.default_branch;
  const maxAttempts = options.maxAttempts ?? 5;

  let head = knownBranchHead;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    head ??= await readHead(client, { owner, repo }, branch);
    const planned = head;
    const finish = (result: PartialResult): CommitResult => ({
      ...result,
      branch,
      attempts: attempt,
      commitUrl: `${repository.html_url}/commit/${result.commitSha}`,
      repositoryUrl: repository.html_url,
    });
    try {
      if (planned.kind === 'empty' || planned.kind === 'placeholder') {
        return finish(await commitToEmptyRepository(client, options, branch, planned.kind === 'placeholder', say));
      }
      // A branch that does not exist yet starts from the default branch's head.
      const base = planned.kind === 'branch' ? planned.head : await branchHead(client, { owner, repo }, repository.default_branch);
      return finish(await commitOnHead(client, options, branch, base, planned.kind === 'missing'));
    } catch (error) {
      const moved = attempt < maxAttempts ? await movedMeanwhile(client, { owner, repo }, branch, planned, error) : undefined;
      if (moved) {
        // Someone else moved the branch: plan again on their commit, after a jittered pause.
        const pause = Math.round(Math.random() * Math.min(100 * 2 ** attempt, MAX_RETRY_PAUSE_MS));
        say(`${branch} moved while committing (attempt ${attempt}); retrying on the new head in ${pause} ms`);
        await sleep(pause, undefined, { signal });
        head = moved;
        continue;
      }
      if (isGitDataUnavailable(error)) {
        say(`Git Data API unavailable (${statusOf(error)}: ${gitHubMessage(error)}); falling back to one commit per file`);
        return finish(await commitFileByFile(client, options, branch, planned.kind === 'branch' ? planned.head : undefined, say));
      }
      throw error;
    }
  }
}

export type Head =
  /** `root`: its head commit has no parent (the branch holds one commit). */
  | { kind: 'branch'; head: BranchHead; root: boolean }
  | { kind: 'empty' }
  /** Only our placeholder commit: an earlier attempt initialised the repository and stopped. */
  | { kind: 'placeholder' }
  /** The branch does not exist yet. */
  | { kind: 'missing' };

/** What a branch holds, as a commit would be planned on it. */
export async function readHead(client: GitHubClient, ref: RepositoryRef, branch: string): Promise<Head> {
  try {
    // One request for both the commit and its tree. The client asks again after a 409 from a
    // repository GitHub is still creating, not after the one that says it is empty.
    const { data } = await client.repos.getCommit({ ...ref, ref: branch });
    const onlyPlaceholder =
      data.parents.length === 0 &&
      data.commit.message === PLACEHOLDER_MESSAGE &&
      data.files?.length === 1 &&
      data.files[0].filename === PLACEHOLDER_PATH;
    if (onlyPlaceholder) return { kind: 'placeholder' };
    return { kind: 'branch', head: { commitSha: data.sha, treeSha: data.commit.tree.sha }, root: data.parents.length === 0 };
  } catch (error) {
    if (isEmptyRepository(error)) return { kind: 'empty' };
    if (statusOf(error) === 422 || statusOf(error) === 404) return { kind: 'missing' };
    throw error;
  }
}

async function branchHead(client: GitHubClient, ref: RepositoryRef, branch: string): Promise<BranchHead> {
  const { data } = await client.repos.getCommit({ ...ref, ref: branch });
  return { commitSha: data.sha, treeSha: data.commit.tree.sha };
}

type PartialResult = { commitSha: string; method: CommitMethod; unchanged: boolean };

async function commitOnHead(
  client: GitHubClient,
  options: CommitOptions,
  branch: string,
  head: BranchHead,
  createBranch: boolean,
): Promise<PartialResult> {
  const { owner, repo } = options;
  const changes = await options.plan(head);
  if (!changes) return { commitSha: head.commitSha, method: 'git-data', unchanged: true };
  const tree = await createTree(client, { owner, repo }, changes, head.treeSha);
  if (tree === head.treeSha) return { commitSha: head.commitSha, method: 'git-data', unchanged: true };
  const { data: commit } = await client.git.createCommit({ owner, repo, message: options.message, author: options.author, tree, parents: [head.commitSha] });
  if (createBranch) await client.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  else await client.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
  return { commitSha: commit.sha, method: 'git-data', unchanged: false };
}

/**
 * Git Data endpoints answer 409 on an empty repository, so it gets a first commit through the
 * Contents API; the real tree then becomes a root commit and the branch is moved onto it, so the
 * history holds exactly one commit (and one workflow run starts).
 */
async function commitToEmptyRepository(
  client: GitHubClient,
  options: CommitOptions,
  branch: string,
  alreadyInitialised: boolean,
  say: (message: string) => void,
): Promise<PartialResult> {
  const { owner, repo } = options;
  const changes = await options.plan(undefined);
  if (!changes) throw new Error('Nothing to commit into an empty repository');
  if (!alreadyInitialised) {
    const { data: created } = await client.repos.createOrUpdateFileContents({
      author: options.author,
      owner,
      repo,
      path: PLACEHOLDER_PATH,
      branch,
      message: PLACEHOLDER_MESSAGE,
      content: '',
    });
    const init = created.commit;
    if ((init.parents ?? []).length > 0) {
      // It was not empty after all (a repository that had only just been created): plan again on
      // its real head, and take the placeholder out again.
      const head = { commitSha: init.sha!, treeSha: init.tree!.sha! };
      const plan = async (real: BranchHead | undefined) => {
        const planned = await options.plan(real);
        if (!planned || planned.files.some(f => f.path === PLACEHOLDER_PATH)) return planned;
        // The plan's expected tree still holds the placeholder it saw in the head: not checkable.
        return { ...planned, deletions: [...(planned.deletions ?? []), PLACEHOLDER_PATH], expectedTreeSha: undefined };
      };
      return commitOnHead(client, { ...options, plan }, branch, head, false);
    }
  }
  say(`${owner}/${repo} is empty: initialised it, now committing the files as its first commit`);
  // With nothing to build on, the tree must be exactly these files.
  const expectedTreeSha = changes.expectedTreeSha ?? gitTreeSha(new Map(changes.files.map(file => [file.path, fileEntry(file)])));
  const tree = await createTree(client, { owner, repo }, { ...changes, expectedTreeSha }, undefined);
  const { data: commit } = await client.git.createCommit({ owner, repo, message: options.message, author: options.author, tree, parents: [] });
  // Replaces the placeholder commit: the branch's only commit is ours.
  await client.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
  return { commitSha: commit.sha, method: 'initial-commit', unchanged: false };
}

async function createTree(client: GitHubClient, ref: RepositoryRef, changes: NonNullable<Changes>, baseTree: string | undefined) {
  const entries = [];
  for (const file of changes.files) {
    const mode = fileMode(file);
    if (isInlineText(file.content)) {
      entries.push({ path: file.path, mode, type: 'blob' as const, content: file.content.toString('utf8') });
    } else {
      const { data: blob } = await client.git.createBlob({ ...ref, content: file.content.toString('base64'), encoding: 'base64' });
      entries.push({ path: file.path, mode, type: 'blob' as const, sha: blob.sha });
    }
  }
  for (const path of changes.deletions ?? []) entries.push({ path, mode: '100644' as const, type: 'blob' as const, sha: null });
  const { data: tree } = await client.git.createTree({ ...ref, tree: entries, ...(baseTree ? { base_tree: baseTree } : {}) });
  // Checked before any commit points at it: a wrong tree never reaches the branch.
  if (changes.expectedTreeSha && tree.sha !== changes.expectedTreeSha) throw new UnexpectedTreeError(tree.sha, changes.expectedTreeSha);
  return tree.sha;
}

/** Text that survives a round trip through a JSON string: valid UTF-8 without NUL bytes. */
function isInlineText(content: Buffer): boolean {
  if (content.length > INLINE_LIMIT_BYTES || content.includes(0)) return false;
  return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}

/** The last resort: a commit per file through the Contents API, workflow files last. */
async function commitFileByFile(
  client: GitHubClient,
  options: CommitOptions,
  branch: string,
  head: BranchHead | undefined,
  say: (message: string) => void,
): Promise<PartialResult> {
  const { owner, repo } = options;
  const changes = await options.plan(head);
  if (!changes) {
    if (!head) throw new Error('Nothing to commit into an empty repository');
    return { commitSha: head.commitSha, method: 'contents-api', unchanged: true };
  }
  if (changes.deletions?.length) throw new Error('The Contents API fallback cannot delete files; retry when the Git Data API is available');
  const executables = changes.files.filter(f => f.executable).map(f => f.path);
  if (executables.length > 0) say(`The Contents API keeps no file modes: ${executables.join(', ')} lose the executable bit`);
  const isWorkflow = (path: string) => path.startsWith('.github/workflows/');
  const ordered = [...changes.files].sort((a, b) => Number(isWorkflow(a.path)) - Number(isWorkflow(b.path)));
  let commitSha = head?.commitSha ?? '';
  for (const [index, file] of ordered.entries()) {
    const last = index === ordered.length - 1;
    const existing = await client.repos
      .getContent({ owner, repo, path: file.path, ref: branch })
      .then(({ data }) => (Array.isArray(data) ? undefined : data.sha))
      .catch(error => (statusOf(error) === 404 || statusOf(error) === 409 ? undefined : Promise.reject(error)));
    const { data } = await client.repos.createOrUpdateFileContents({
      author: options.author,
      owner,
      repo,
      branch,
      path: file.path,
      message: last ? options.message : `${options.message} (${file.path}) [skip ci]`,
      content: file.content.toString('base64'),
      ...(existing ? { sha: existing } : {}),
    });
    // No tree to hold to a plan here: each file is held to its blob instead.
    if (data.content?.sha !== gitBlobSha(file.content)) {
      throw new Error(`${file.path} was stored as blob ${data.content?.sha}, not as the content sent (commit ${data.commit.sha})`);
    }
    commitSha = data.commit.sha!;
  }
  return { commitSha, method: 'contents-api', unchanged: false };
}

/**
 * The branch's head now, when GitHub refused our ref update or creation (422) because someone else
 * moved or created the branch between our read and our write; undefined for any other failure.
 * Decided by reading the branch again, not by the wording of GitHub's refusal.
 */
async function movedMeanwhile(client: GitHubClient, ref: RepositoryRef, branch: string, planned: Head, error: unknown) {
  const url = (error as { request?: { url?: string } })?.request?.url;
  if (statusOf(error) !== 422 || typeof url !== 'string' || !/\/git\/refs(\/|$)/.test(url)) return undefined;
  const now = await readHead(client, ref, branch);
  const headSha = (head: Head) => (head.kind === 'branch' ? head.head.commitSha : head.kind);
  return headSha(now) === headSha(planned) ? undefined : now;
}

/** Git Data endpoints missing (404/403) or still refusing (409) after the client's retries. */
function isGitDataUnavailable(error: unknown): boolean {
  const request = (error as { request?: { url?: string } })?.request;
  const onGitData = typeof request?.url === 'string' && /\/git\/(trees|blobs|commits|refs)/.test(request.url);
  const status = statusOf(error);
  return onGitData && (status === 404 || status === 403 || status === 409);
}

/** The SHA git gives a blob: lets a caller tell, without a request, whether a file changed. */
export function gitBlobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function fileMode(file: FileToCommit) {
  return file.executable ? ('100755' as const) : ('100644' as const);
}

/** The tree entry git gives a file: its mode and blob SHA. */
export function fileEntry(file: FileToCommit): TreeEntryId {
  return { mode: fileMode(file), sha: gitBlobSha(file.content) };
}

/** A file or folder in a Git tree: its mode (`100644`, `100755`, `120000`, `40000`/`040000`) and SHA. */
export interface TreeEntryId {
  mode: string;
  sha: string;
}

/**
 * The SHA git gives the tree of a folder holding `blobs` (paths relative to it, sub-folders
 * included): one comparison tells whether a folder on GitHub holds exactly these files.
 */
export function gitTreeSha(blobs: ReadonlyMap<string, TreeEntryId>): string {
  const entries = new Map<string, TreeEntryId>();
  const children = new Map<string, Map<string, TreeEntryId>>();
  for (const [path, blob] of blobs) {
    const [first, ...rest] = path.split('/');
    if (rest.length === 0) {
      entries.set(first, blob);
    } else {
      if (!children.has(first)) children.set(first, new Map());
      children.get(first)!.set(rest.join('/'), blob);
    }
  }
  for (const [name, subtree] of children) entries.set(name, { mode: '40000', sha: gitTreeSha(subtree) });
  return treeObjectSha(entries);
}

/** The SHA of one tree object holding these entries, by name (folders already hashed). */
export function treeObjectSha(entries: ReadonlyMap<string, TreeEntryId>): string {
  // GitHub answers folders as `040000`; git writes `40000`.
  const named = [...entries].map(([name, entry]) => ({ name, mode: entry.mode.replace(/^0+/, ''), sha: entry.sha }));
  // Git orders entries by name, a folder's name compared as if it ended in "/".
  const key = (entry: { name: string; mode: string }) => Buffer.from(entry.mode === '40000' ? `${entry.name}/` : entry.name);
  named.sort((a, b) => Buffer.compare(key(a), key(b)));
  const body = Buffer.concat(named.map(e => Buffer.concat([Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')])));
  return createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex');
}
