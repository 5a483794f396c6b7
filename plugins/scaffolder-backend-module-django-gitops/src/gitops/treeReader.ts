import type { GitHubClient } from '../github/client';
import { TreeEntryId, treeObjectSha } from '../github/commit';
import type { RepositoryRef } from '../github/repository';

type TreeEntry = TreeEntryId & { path: string; type: string };

/**
 * Reads folders of a repository through the Git Data API by walking from the root tree, one
 * non-recursive listing per path segment, instead of one recursive listing of the whole
 * repository: the cost stays that of the folders on the way, however many apps the repository
 * holds. Trees are immutable, so listings are kept by SHA: after a non-fast-forward only the trees
 * that changed are read again.
 */
export class TreeReader {
  private readonly listings = new Map<string, Promise<TreeEntry[]>>();
  private rootPreload: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: GitHubClient,
    private readonly ref: RepositoryRef,
  ) {}

  /**
   * Starts listing the root tree of `branch` now, alongside the read of its head, instead of one
   * round trip after it. The listing is kept under the tree SHA GitHub answers, so it is used
   * only if that is the head's tree; when the branch or the repository is missing, it is dropped.
   */
  preloadRoot(branch: string): void {
    this.rootPreload = this.client.git
      .getTree({ ...this.ref, tree_sha: branch, request: { retries: 0 } })
      .then(({ data }) => {
        if (!data.truncated) this.listings.set(`${data.sha}:false`, Promise.resolve(entriesOf(data.tree)));
      })
      .catch(() => {});
  }

  /**
   * Every entry under `folder` but its sub-folders (files, symbolic links, submodules), with paths
   * relative to it, or undefined when the folder is absent.
   */
  async filesUnder(rootTreeSha: string, folder: string): Promise<Map<string, TreeEntryId> | undefined> {
    const treeSha = await this.subtree(rootTreeSha, folder.split('/'));
    if (!treeSha) return undefined;
    const entries = await this.list(treeSha, true);
    return new Map(entries.filter(entry => entry.type !== 'tree').map(({ path, sha, mode }) => [path, { sha, mode }]));
  }

  /** The entry at `path` (a file, link, submodule or folder), or undefined when nothing is there. */
  async entryAt(rootTreeSha: string, path: string): Promise<TreeEntryId | undefined> {
    const segments = path.split('/');
    const name = segments.pop();
    const parent = await this.subtree(rootTreeSha, segments);
    const entry = parent === undefined ? undefined : (await this.list(parent, false)).find(candidate => candidate.path === name);
    return entry && { sha: entry.sha, mode: entry.mode };
  }

  /**
   * The SHA of the tree `rootTreeSha` becomes when each path of `replacements` holds that entry
   * (a blob, or a folder by its tree SHA) or, for `null`, nothing (a folder left empty goes too, as
   * in git), everything else kept: what GitHub must build for the change. Reads only the folders on
   * the way to those paths, which planning has listed already.
   */
  async treeShaAfter(rootTreeSha: string | undefined, replacements: ReadonlyMap<string, TreeEntryId | null>): Promise<string> {
    return treeObjectSha(await this.entriesAfter(rootTreeSha, replacements));
  }

  private async entriesAfter(treeSha: string | undefined, replacements: ReadonlyMap<string, TreeEntryId | null>): Promise<Map<string, TreeEntry>> {
    const entries = new Map<string, TreeEntry>();
    for (const entry of treeSha ? await this.list(treeSha, false) : []) entries.set(entry.path, entry);
    const below = new Map<string, Map<string, TreeEntryId | null>>();
    for (const [path, entry] of replacements) {
      const [first, ...rest] = path.split('/');
      if (rest.length > 0) {
        if (!below.has(first)) below.set(first, new Map());
        below.get(first)!.set(rest.join('/'), entry);
      } else if (entry === null) {
        entries.delete(first);
      } else {
        entries.set(first, { ...entry, path: first, type: entry.mode.replace(/^0+/, '') === '40000' ? 'tree' : 'blob' });
      }
    }
    await Promise.all(
      [...below].map(async ([name, nested]) => {
        const current = entries.get(name);
        const folder = await this.entriesAfter(current?.type === 'tree' ? current.sha : undefined, nested);
        if (folder.size === 0) entries.delete(name);
        else entries.set(name, { path: name, type: 'tree', mode: '40000', sha: treeObjectSha(folder) });
      }),
    );
    return entries;
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

  private async list(treeSha: string, recursive: boolean): Promise<TreeEntry[]> {
    await this.rootPreload;
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
    return entriesOf(data.tree);
  }
}

function entriesOf(tree: { path?: string; type?: string; sha?: string; mode?: string }[]): TreeEntry[] {
  return tree.map(({ path, type, sha, mode }) => ({ path: path!, type: type!, sha: sha!, mode: mode! }));
}
