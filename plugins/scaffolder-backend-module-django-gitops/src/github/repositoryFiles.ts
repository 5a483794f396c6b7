import type { GitHubClient } from './client';
import { gitBlobSha, isText, type TreeEntryId } from './commit';
import type { RepositoryRef } from './repository';

/** A branch's head as the Git Data API shows it: the commit and every file of its tree. */
export interface RepositorySnapshot {
  branch: string;
  commitSha: string;
  treeSha: string;
  /** Every file (blobs and links) by path, with its mode and blob SHA. */
  files: Map<string, TreeEntryId>;
}

/** Blobs fetched at once: enough to overlap round trips, far below GitHub's concurrency limits. */
const BLOB_CONCURRENCY = 8;

/**
 * The head of `branch` (default: the repository's default branch) and its whole tree, in three
 * requests however large the repository: the repository, the branch's ref, and one recursive
 * listing of the commit's tree.
 */
export async function readSnapshot(client: GitHubClient, ref: RepositoryRef, branch?: string): Promise<RepositorySnapshot> {
  const name = branch ?? (await client.repos.get({ ...ref })).data.default_branch;
  const { data: head } = await client.git.getRef({ ...ref, ref: `heads/${name}` });
  return snapshotAt(client, ref, name, head.object.sha);
}

/** The tree of one commit of `branch`. */
export async function snapshotAt(client: GitHubClient, ref: RepositoryRef, branch: string, commitSha: string): Promise<RepositorySnapshot> {
  // A commit SHA names its root tree here: one request for the SHA and every entry.
  const { data: tree } = await client.git.getTree({ ...ref, tree_sha: commitSha, recursive: 'true' });
  if (tree.truncated) throw new Error(`${ref.owner}/${ref.repo} is too large to list in one request (GitHub truncated its tree)`);
  const files = new Map<string, TreeEntryId>();
  for (const entry of tree.tree) {
    if (entry.type === 'blob' && entry.path && entry.sha && entry.mode) files.set(entry.path, { sha: entry.sha, mode: entry.mode });
  }
  return { branch, commitSha, treeSha: tree.sha, files };
}

export interface TextFiles {
  /** Content by path, for the requested paths the snapshot has as UTF-8 text. */
  texts: Map<string, string>;
  /** Requested paths that are not text (binary, or symbolic links). */
  notText: string[];
  /** Blobs downloaded: the files whose content was none of the known ones. */
  downloaded: number;
}

/**
 * The text of the snapshot's files at `paths`, downloading only what is not known already: a file
 * whose blob SHA is the SHA of one of its `known` contents (what a generator wrote, say) is that
 * content, without a request.
 */
export async function readTextFiles(
  client: GitHubClient,
  ref: RepositoryRef,
  snapshot: RepositorySnapshot,
  paths: Iterable<string>,
  known: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<TextFiles> {
  const result: TextFiles = { texts: new Map(), notText: [], downloaded: 0 };
  const toDownload: [string, TreeEntryId][] = [];
  for (const path of new Set(paths)) {
    const entry = snapshot.files.get(path);
    if (!entry) continue;
    if (entry.mode === '120000') {
      result.notText.push(path);
      continue;
    }
    const match = known.get(path)?.find(content => gitBlobSha(Buffer.from(content)) === entry.sha);
    if (match !== undefined) result.texts.set(path, match);
    else toDownload.push([path, entry]);
  }
  for (let start = 0; start < toDownload.length; start += BLOB_CONCURRENCY) {
    await Promise.all(
      toDownload.slice(start, start + BLOB_CONCURRENCY).map(async ([path, entry]) => {
        const { data } = await client.git.getBlob({ ...ref, file_sha: entry.sha });
        const bytes = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
        if (isText(bytes)) result.texts.set(path, bytes.toString('utf8'));
        else result.notText.push(path);
      }),
    );
  }
  result.downloaded = toDownload.length;
  result.notText.sort();
  return result;
}
