import path from 'node:path';
import type { GitHubClient } from '../github/client';
import { commitChanges, fileEntry, FileToCommit, gitBlobSha, gitTreeSha, TreeEntryId, UnexpectedTreeError } from '../github/commit';
import type { RepositoryRef } from '../github/secrets';
import { refuse } from '../k8s/input';
import { GITOPS_APPS_FOLDER } from '../project/constants';
import { projectNameProblem } from '../project/names';
import type { KeyedQueue } from './keyedQueue';
import { TreeReader } from './treeReader';

/** Where the Argo CD ApplicationSet lives in the GitOps repository. */
export const APPLICATION_SET_PATH = 'k8s/applicationset.yaml';
/** A shared repository sees many writers; commit.ts doubles its jittered pause on every attempt. */
const GITOPS_MAX_ATTEMPTS = 10;

export interface AppFolderPushOptions extends RepositoryRef {
  /** The app: its folder is `apps/<appName>/`. A DNS-1123 label, as the project name. */
  appName: string;
  /** The files the folder must hold, with paths relative to it. Anything else in it is removed. */
  files: FileToCommit[];
  /** Default: the repository's default branch. */
  branch?: string;
  message: string;
  /** The content of `k8s/applicationset.yaml`, written only when the repository has none. */
  applicationSet?: string;
  /** Pushes of this process to the same branch wait for each other here instead of racing. */
  queue?: KeyedQueue;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

/** What one push changed: paths relative to the app folder. */
export interface FolderChanges {
  added: string[];
  changed: string[];
  removed: string[];
  /** `k8s/applicationset.yaml` was missing and is part of the commit. */
  bootstrapped: boolean;
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
  /** False when the branch already held the folder exactly (and the ApplicationSet when asked). */
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
 * folder, or a change outside it, is never committed.
 */
export async function pushAppFolder(client: GitHubClient, options: AppFolderPushOptions): Promise<AppFolderPushResult> {
  const { owner, repo, appName } = options;
  const appPath = appFolderPath(appName);
  const expected = expectedBlobs(options.files);
  const say = options.log ?? (() => {});
  const reader = new TreeReader(client, { owner, repo });
  let changes: FolderChanges = { added: [], changed: [], removed: [], bootstrapped: false };

  const commit = () => {
    if (options.branch) reader.preloadRoot(options.branch);
    return commitChanges(client, {
      owner,
      repo,
      branch: options.branch,
      message: options.message,
      maxAttempts: GITOPS_MAX_ATTEMPTS,
      signal: options.signal,
      log: say,
      plan: async head => {
        const [current, hasApplicationSet] = head
          ? await Promise.all([reader.filesUnder(head.treeSha, appPath), reader.exists(head.treeSha, APPLICATION_SET_PATH)])
          : [undefined, false];
        const bootstrap = options.applicationSet !== undefined && !hasApplicationSet;
        changes = { ...compareFolder(current ?? new Map(), expected), bootstrapped: bootstrap };
        const writes = [...changes.added, ...changes.changed];
        if (writes.length === 0 && changes.removed.length === 0 && !bootstrap) return undefined;
        const files = options.files.filter(file => writes.includes(file.path)).map(file => ({ ...file, path: `${appPath}/${file.path}` }));
        const replacements = new Map([[appPath, { mode: '40000', sha: gitTreeSha(expected) }]]);
        if (bootstrap) {
          const content = Buffer.from(options.applicationSet!);
          files.push({ path: APPLICATION_SET_PATH, content });
          replacements.set(APPLICATION_SET_PATH, { mode: '100644', sha: gitBlobSha(content) });
        }
        const expectedTreeSha = await reader.treeShaAfter(head?.treeSha, replacements);
        return { files, deletions: changes.removed.map(file => `${appPath}/${file}`), expectedTreeSha };
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
      ? `${appPath}/ on ${result.branch} already holds these files: nothing to commit`
      : `${appPath}/: ${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed` +
          `${changes.bootstrapped ? `, ${APPLICATION_SET_PATH} written` : ''}; verified in ${result.commitSha}`,
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

/** `apps/<appName>`; refuses a name that is not a DNS-1123 label, so the path cannot leave `apps/`. */
export function appFolderPath(appName: string): string {
  const problem = projectNameProblem(typeof appName === 'string' ? appName : '');
  if (problem) refuse('appName', problem);
  return `${GITOPS_APPS_FOLDER}/${appName}`;
}

function expectedBlobs(files: FileToCommit[]): Map<string, TreeEntryId> {
  if (files.length === 0) refuse('files', 'the app folder must hold at least one file (removing an app is not a push)');
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

/** What turns `current` into `expected`: file paths in each, compared by blob SHA and mode. */
function compareFolder(current: Map<string, TreeEntryId>, expected: Map<string, TreeEntryId>): Omit<FolderChanges, 'bootstrapped'> {
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
