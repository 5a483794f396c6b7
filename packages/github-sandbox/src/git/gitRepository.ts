import fs from 'node:fs';
import git from 'isomorphic-git';

export type TreeEntryMode = '100644' | '100755' | '040000' | '120000' | '160000';
export type ObjectType = 'blob' | 'tree' | 'commit';

export interface TreeEntry {
  path: string;
  mode: TreeEntryMode;
  type: ObjectType;
  sha: string;
}

export interface GitIdentity {
  name: string;
  email: string;
  date: Date;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

export interface NewCommit {
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

/** isomorphic-git writes `40000` for trees on disk and reads it back as `040000`. */
const normaliseMode = (mode: string): TreeEntryMode =>
  (mode === '40000' ? '040000' : mode) as TreeEntryMode;

const toSignature = (who: GitIdentity) => ({
  name: who.name,
  email: who.email,
  timestamp: Math.floor(who.date.getTime() / 1000),
  timezoneOffset: 0,
});

/**
 * A bare repository on disk. Objects are real git objects (written by isomorphic-git as loose
 * objects), so the SHAs are git's and `git clone` over smart HTTP shows the same history.
 */
export class GitRepository {
  private constructor(readonly gitdir: string) {}

  static async init(gitdir: string, defaultBranch: string): Promise<GitRepository> {
    await git.init({ fs, dir: gitdir, gitdir, bare: true, defaultBranch });
    return new GitRepository(gitdir);
  }

  async isEmpty(): Promise<boolean> {
    return (await git.listBranches({ fs, gitdir: this.gitdir })).length === 0;
  }

  async objectType(sha: string): Promise<ObjectType | undefined> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
    try {
      const { type } = await git.readObject({ fs, gitdir: this.gitdir, oid: sha, format: 'content' });
      return type === 'blob' || type === 'tree' || type === 'commit' ? type : undefined;
    } catch {
      return undefined;
    }
  }

  async writeBlob(content: Uint8Array): Promise<string> {
    return git.writeBlob({ fs, gitdir: this.gitdir, blob: content });
  }

  async readBlob(sha: string): Promise<Buffer> {
    const { blob } = await git.readBlob({ fs, gitdir: this.gitdir, oid: sha });
    return Buffer.from(blob);
  }

  /** Entries of one tree object (not recursive). */
  async readTree(sha: string): Promise<TreeEntry[]> {
    const { tree } = await git.readTree({ fs, gitdir: this.gitdir, oid: sha });
    return tree.map(entry => ({
      path: entry.path,
      mode: normaliseMode(entry.mode),
      type: entry.type,
      sha: entry.oid,
    }));
  }

  /** Every entry below a tree, directories included, with paths relative to it. */
  async readTreeRecursive(sha: string, prefix = ''): Promise<TreeEntry[]> {
    const result: TreeEntry[] = [];
    for (const entry of await this.readTree(sha)) {
      const path = `${prefix}${entry.path}`;
      result.push({ ...entry, path });
      if (entry.type === 'tree') {
        result.push(...(await this.readTreeRecursive(entry.sha, `${path}/`)));
      }
    }
    return result;
  }

  async writeTree(entries: TreeEntry[]): Promise<string> {
    return git.writeTree({
      fs,
      gitdir: this.gitdir,
      tree: entries.map(entry => ({
        path: entry.path,
        mode: entry.mode,
        type: entry.type,
        oid: entry.sha,
      })),
    });
  }

  async readCommit(sha: string): Promise<CommitObject> {
    const { commit } = await git.readCommit({ fs, gitdir: this.gitdir, oid: sha });
    const identity = (who: typeof commit.author): GitIdentity => ({
      name: who.name,
      email: who.email,
      date: new Date(who.timestamp * 1000),
    });
    return {
      sha,
      tree: commit.tree,
      parents: commit.parent,
      // isomorphic-git terminates messages with a newline; GitHub answers them as given.
      message: commit.message.replace(/\n$/, ''),
      author: identity(commit.author),
      committer: identity(commit.committer),
    };
  }

  async writeCommit(commit: NewCommit): Promise<string> {
    return git.writeCommit({
      fs,
      gitdir: this.gitdir,
      commit: {
        tree: commit.tree,
        parent: commit.parents,
        message: commit.message,
        author: toSignature(commit.author),
        committer: toSignature(commit.committer),
      },
    });
  }

  /** The commit a full ref name (`refs/heads/main`) points to. */
  async resolveRef(ref: string): Promise<string | undefined> {
    try {
      return await git.resolveRef({ fs, gitdir: this.gitdir, ref });
    } catch {
      return undefined;
    }
  }

  /** Full ref names (`refs/heads/...`, `refs/tags/...`). */
  async listRefs(): Promise<string[]> {
    const heads = await git.listBranches({ fs, gitdir: this.gitdir });
    const tags = await git.listTags({ fs, gitdir: this.gitdir });
    return [...heads.map(h => `refs/heads/${h}`), ...tags.map(t => `refs/tags/${t}`)].sort();
  }

  async writeRef(ref: string, sha: string): Promise<void> {
    await git.writeRef({ fs, gitdir: this.gitdir, ref, value: sha, force: true });
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    if (ancestor === descendant) return true;
    return git.isDescendent({ fs, gitdir: this.gitdir, oid: descendant, ancestor, depth: -1 });
  }

  /** First-parent-and-merge history from `sha`, newest first (as `git log`). */
  async log(sha: string): Promise<string[]> {
    const entries = await git.log({ fs, gitdir: this.gitdir, ref: sha });
    return entries.map(entry => entry.oid);
  }

  /** Points HEAD at the default branch so clones check it out. */
  async setHead(branch: string): Promise<void> {
    await fs.promises.writeFile(`${this.gitdir}/HEAD`, `ref: refs/heads/${branch}\n`);
  }
}
