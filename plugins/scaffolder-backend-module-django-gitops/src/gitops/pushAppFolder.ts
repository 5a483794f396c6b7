import path from 'node:path';
import type { GitHubClient } from '../github/client';
import { CommitAuthor, commitChanges, fileEntry, FileToCommit, gitBlobSha, gitTreeSha, TreeEntryId, UnexpectedTreeError } from '../github/commit';
import type { RepositoryRef } from '../github/repository';
import { refuse } from '../refuse';
import { GITOPS_APPS_FOLDER } from '../project/constants';
import { projectNameProblem } from '@dev-portal/plugin-django-gitops-common';
import type { KeyedQueue } from './keyedQueue';
import { TreeReader } from './treeReader';

/** A shared repository sees many writers; commit.ts doubles its jittered pause on every attempt. */
const GITOPS_MAX_ATTEMPTS = 10;

export interface AppFolderPushOptions extends RepositoryRef {
  /** The app: its folder is `apps/<appName>/`. A DNS-1123 label, as the project name. */
  appName: string;
  /**
   * The files the folder must hold, with paths relative to it. Anything else in it is removed;
   * none at all removes the app: the folder goes.
   */
  files: FileToCommit[];
  /** Default: the repository's default branch. */
  branch?: string;
  message: string;
  /** The commit's author; default: GitHub records the token's account. */
  author?: CommitAuthor;
  /**
   * The app's files outside its folder, by repository path (`image-updaters/<app>.yaml`): written
   * when content is given, removed when it is not.
   */
  outsideFiles?: { path: string; content?: Buffer }[];
  /** The platform's bootstrap files: each written only where the repository has none, never overwritten. */
  bootstrap?: BootstrapFiles;
  /** Pushes of this process to the same branch wait for each other here instead of racing. */
  queue?: KeyedQueue;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

/** Bootstrap files by repository path, rendered with the repository's clone URL once one is missing. */
export interface BootstrapFiles {
  paths: string[];
  render(cloneUrl: string): Map<string, string>;
}

/** What one push changed: paths relative to the app folder, then repository paths outside it. */
export interface FolderChanges {
  added: string[];
  changed: string[];
  removed: string[];
  /** Outside files written or removed. */
  outside: string[];
  /** Bootstrap files that were missing and are part of the commit. */
  bootstrapped: string[];
}

export interface AppFolderPushResult {
  /** The new commit, or the head that already held the folder exactly. */
  commitSha: string;
  commitUrl: string;
  /** The folder's page on GitHub, at that branch. */
  folderUrl: string;
  branch: string;
  /** `apps/<appName>` */
  appPath: string;
  attempts: number;
  /** False when the branch already held the folder exactly (and the outside and bootstrap files). */
  committed: boolean;
  changes: FolderChanges;
}

/**
 * Makes `apps/<appName>/` of the GitOps repository hold exactly `files`, in ONE commit on top of
 * whatever else is in the branch: files added or changed, files no longer produced removed from
 * that folder, nothing outside it touched (except a missing ApplicationSet). The change is planned
 * against the head it is committed on and planned again when another writer moves the branch first
 * (compare-and-swap in `commitChanges`). The plan also computes the SHA of the whole tree the
 * commit must have; the tree GitHub builds is held to it before the branch moves, so a wrong
 * folder, or a change outside it, is never committed. A removal is the same push with no files:
 * the folder (and the outside files given without content) goes, nothing else.
 */
export async function pushAppFolder(client: GitHubClient, options: AppFolderPushOptions): Promise<AppFolderPushResult> {
  const { owner, repo, appName } = options;
  const appPath = appFolderPath(appName);
  const expected = expectedBlobs(options.files);
  const outsideFiles = (options.outsideFiles ?? []).map(file => ({ ...file, entry: file.content && fileEntry({ path: file.path, content: file.content }) }));
  const bootstrapPaths = options.bootstrap?.paths ?? [];
  const say = options.log ?? (() => {});
  const reader = new TreeReader(client, { owner, repo });
  // The bootstrap files name the repository as Argo CD clones it; read only when one is missing.
  let bootstrapFiles: Promise<Map<string, string>> | undefined;
  const renderBootstrap = () =>
    (bootstrapFiles ??= client.repos.get({ owner, repo }).then(({ data }) => options.bootstrap!.render(data.clone_url)));
  let changes: FolderChanges = { added: [], changed: [], removed: [], outside: [], bootstrapped: [] };

  const commit = () => {
    if (options.branch) reader.preloadRoot(options.branch);
    return commitChanges(client, {
      owner,
      repo,
      branch: options.branch,
      message: options.message,
      author: options.author,
      maxAttempts: GITOPS_MAX_ATTEMPTS,
      signal: options.signal,
      log: say,
      plan: async head => {
        const entryAt = (filePath: string) => (head ? reader.entryAt(head.treeSha, filePath) : Promise.resolve(undefined));
        const [current, outsideNow, bootstrapNow] = await Promise.all([
          head ? reader.filesUnder(head.treeSha, appPath) : undefined,
          Promise.all(outsideFiles.map(file => entryAt(file.path))),
          Promise.all(bootstrapPaths.map(entryAt)),
        ]);
        const outside = outsideFiles.filter((file, i) => !sameEntry(outsideNow[i], file.entry));
        const missing = bootstrapPaths.filter((_, i) => bootstrapNow[i] === undefined);
        changes = { ...compareFolder(current ?? new Map(), expected), outside: outside.map(file => file.path), bootstrapped: missing };
        const writes = [...changes.added, ...changes.changed];
        if (writes.length === 0 && changes.removed.length === 0 && outside.length === 0 && missing.length === 0) return undefined;

        const files = options.files.filter(file => writes.includes(file.path)).map(file => ({ ...file, path: `${appPath}/${file.path}` }));
        const deletions = changes.removed.map(file => `${appPath}/${file}`);
        const folder = expected.size > 0 ? { mode: '40000', sha: gitTreeSha(expected) } : null;
        const replacements = new Map<string, TreeEntryId | null>([[appPath, folder]]);
        for (const file of outside) {
          if (file.content) files.push({ path: file.path, content: file.content });
          else deletions.push(file.path);
          replacements.set(file.path, file.entry ?? null);
        }
        const rendered = missing.length > 0 ? await renderBootstrap() : new Map<string, string>();
        for (const missingPath of missing) {
          const content = Buffer.from(rendered.get(missingPath)!);
          files.push({ path: missingPath, content });
          replacements.set(missingPath, { mode: '100644', sha: gitBlobSha(content) });
        }
        const expectedTreeSha = await reader.treeShaAfter(head?.treeSha, replacements);
        return { files, deletions, expectedTreeSha };
      },
    });
  };
  const branchKey = `${client.request.endpoint.DEFAULTS.baseUrl}/${owner}/${repo}#${options.branch ?? ''}`;
  const result = await (options.queue ? options.queue.run(branchKey, commit, options.signal) : commit()).catch(async error => {
    if (!(error instanceof UnexpectedTreeError)) throw error;
    // Saying what differs takes a read; should it fail, the SHAs still say that something does.
    const built = await reader.filesUnder(error.treeSha, appPath).then(
      files => files ?? new Map<string, TreeEntryId>(),
      () => Promise.reject(error),
    );
    throw new Error(`${appPath}/ in the tree GitHub built ${describeDifference(built, expected)}; nothing was committed`);
  });
  say(
    result.unchanged
      ? `${appPath}/ on ${result.branch} ${expected.size > 0 ? 'already holds these files' : 'is gone already'}: nothing to commit`
      : `${appPath}/: ${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed` +
          `${changes.outside.length > 0 ? `; ${changes.outside.join(', ')} updated` : ''}` +
          `${changes.bootstrapped.length > 0 ? `; bootstrap ${changes.bootstrapped.join(', ')} written` : ''}; verified in ${result.commitSha}`,
  );
  return {
    commitSha: result.commitSha,
    commitUrl: result.commitUrl,
    folderUrl: `${result.repositoryUrl}/tree/${result.branch}/${appPath}`,
    branch: result.branch,
    appPath,
    attempts: result.attempts,
    committed: !result.unchanged,
    changes,
  };
}

/** "is not what was pushed: missing [...], ...", or, when the folder is right, that the rest of the tree is not. */
function describeDifference(actual: Map<string, TreeEntryId>, expected: Map<string, TreeEntryId>): string {
  const difference = compareFolder(actual, expected);
  if (difference.added.length + difference.changed.length + difference.removed.length === 0) {
    return 'is as pushed, but something outside it differs from the plan';
  }
  return `is not what was pushed: missing [${difference.added}], different [${difference.changed}], unexpected [${difference.removed}]`;
}

/**
 * `apps/<appName>`; refuses a name that is not a DNS-1123 label, so the path cannot leave `apps/`,
 * or that is a reserved namespace (built in, or the platform's `reservedNamespaces`).
 */
export function appFolderPath(appName: string, reservedNamespaces: readonly string[] = []): string {
  const problem = projectNameProblem(typeof appName === 'string' ? appName : '', reservedNamespaces);
  if (problem) refuse('appName', problem);
  return `${GITOPS_APPS_FOLDER}/${appName}`;
}

function expectedBlobs(files: FileToCommit[]): Map<string, TreeEntryId> {
  const blobs = new Map<string, TreeEntryId>();
  for (const file of files) {
    const normalised = path.posix.normalize(file.path);
    const leaves = normalised === '.' || normalised === '..' || normalised.startsWith('../') || normalised.startsWith('/');
    if (normalised !== file.path || leaves) {
      refuse('files', `"${file.path}" is not a plain path inside the app folder`);
    }
    blobs.set(file.path, fileEntry(file));
  }
  return blobs;
}

/** Whether two entries (or their absence) are the same file. */
function sameEntry(a: TreeEntryId | undefined, b: TreeEntryId | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.sha === b.sha && a.mode === b.mode;
}

/** What turns `current` into `expected`: file paths in each, compared by blob SHA and mode. */
function compareFolder(current: Map<string, TreeEntryId>, expected: Map<string, TreeEntryId>): Pick<FolderChanges, 'added' | 'changed' | 'removed'> {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [file, blob] of expected) {
    const now = current.get(file);
    if (!now) added.push(file);
    else if (now.sha !== blob.sha || now.mode !== blob.mode) changed.push(file);
  }
  const removed = [...current.keys()].filter(file => !expected.has(file));
  return { added, changed, removed };
}
