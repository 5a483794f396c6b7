import type { GitHubClient } from '../github/client';
import type { RepositoryRef } from '../github/secrets';

/** A file in a Git tree: its blob SHA and mode (`100644`, `100755`). */
export interface TreeBlob {
  sha: string;
  mode: string;
}

type TreeEntry = { path: string; type: string; sha: string; mode: string };

/**
 * Reads folders of a repository through the Git Data API by walking from the root tree, one
 * non-recursive listing per path segment, instead of one recursive listing of the whole
 * repository: the cost stays that of the folders on the way, however many apps the repository
 * holds. Trees are immutable, so listings are kept by SHA: after a non-fast-forward only the trees
 * that changed are read again.
 */
export class TreeReader {
  private readonly listings = new Map<string, Promise<TreeEntry[]>>();

  constructor(
    private readonly client: GitHubClient,
    private readonly ref: RepositoryRef,
  ) {}

  /** Every file under `folder` (paths relative to it), or undefined when the folder is absent. */
  async filesUnder(rootTreeSha: string, folder: string): Promise<Map<string, TreeBlob> | undefined> {
    const treeSha = await this.subtree(rootTreeSha, folder.split('/'));
    if (!treeSha) return undefined;
    const entries = await this.list(treeSha, true);
    return new Map(entries.filter(entry => entry.type === 'blob').map(({ path, sha, mode }) => [path, { sha, mode }]));
  }

  /** The SHA of the tree at `folder`, or undefined when it is absent. */
  async treeShaOf(rootTreeSha: string, folder: string): Promise<string | undefined> {
    return this.subtree(rootTreeSha, folder.split('/'));
  }

  /** Whether anything exists at `path`. */
  async exists(rootTreeSha: string, path: string): Promise<boolean> {
    const segments = path.split('/');
    const name = segments.pop();
    const parent = await this.subtree(rootTreeSha, segments);
    return parent !== undefined && (await this.list(parent, false)).some(entry => entry.path === name);
  }

  private async subtree(rootTreeSha: string, segments: string[]): Promise<string | undefined> {
    let sha: string | undefined = rootTreeSha;
    for (const segment of segments) {
      const entries: TreeEntry[] = await this.list(sha, false);
      sha = entries.find(entry => entry.path === segment && entry.type === 'tree')?.sha;
      if (!sha) return undefined;
    }
    return sha;
  }

  private list(treeSha: string, recursive: boolean): Promise<TreeEntry[]> {
    const key = `${treeSha}:${recursive}`;
    let listing = this.listings.get(key);
    if (!listing) {
      listing = this.read(treeSha, recursive);
      // A failed read must not stay cached: the next attempt asks again.
      listing.catch(() => this.listings.delete(key));
      this.listings.set(key, listing);
    }
    return listing;
  }

  private async read(treeSha: string, recursive: boolean): Promise<TreeEntry[]> {
    const { data } = await this.client.git.getTree({ ...this.ref, tree_sha: treeSha, ...(recursive ? { recursive: 'true' } : {}) });
    // Only an app folder is listed recursively; GitHub truncates beyond 100,000 entries.
    if (data.truncated) throw new Error(`The tree ${treeSha} is too large to list (GitHub truncated it)`);
    return data.tree.map(({ path, type, sha, mode }) => ({ path: path!, type: type!, sha: sha!, mode: mode! }));
  }
}
