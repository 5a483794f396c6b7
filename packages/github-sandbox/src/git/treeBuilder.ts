import { ApiError } from '../http/errors';
import { GitRepository, ObjectType, TreeEntry, TreeEntryMode } from './gitRepository';

/** One item of `POST /git/trees` after validation: content to store, an object to point at, or a deletion. */
export type TreeChange =
  | { path: string; mode: TreeEntryMode; type: ObjectType; content: string }
  | { path: string; mode: TreeEntryMode; type: ObjectType; sha: string }
  | { path: string; delete: true };

interface DirectoryNode {
  kind: 'tree';
  /** The stored tree; cleared when a change lands below this directory. */
  sha?: string;
  children?: Map<string, Node>;
}
interface LeafNode {
  kind: 'leaf';
  mode: TreeEntryMode;
  type: ObjectType;
  sha: string;
}
type Node = DirectoryNode | LeafNode;

/**
 * Applies GitHub tree changes on top of an optional base tree and writes the result as real tree
 * objects. Untouched subtrees keep their SHA without being read; directories left empty by
 * deletions disappear, as git cannot store empty directories.
 */
export async function buildTree(
  git: GitRepository,
  baseTree: string | undefined,
  changes: TreeChange[],
): Promise<string> {
  // Checked here, where every writer passes (trees, contents, seeded commits): nothing stores `.git`.
  for (const change of changes) {
    if (!isCleanPath(change.path)) throw new ApiError(422, 'tree.path contains a malformed path component');
  }
  const root: DirectoryNode = { kind: 'tree', sha: baseTree, children: baseTree ? undefined : new Map() };

  const childrenOf = async (dir: DirectoryNode) => {
    if (!dir.children) {
      dir.children = new Map();
      for (const entry of await git.readTree(dir.sha!)) {
        dir.children.set(
          entry.path,
          entry.type === 'tree'
            ? { kind: 'tree', sha: entry.sha }
            : { kind: 'leaf', mode: entry.mode, type: entry.type, sha: entry.sha },
        );
      }
    }
    return dir.children;
  };

  // Blobs are independent of each other: stored all at once, then placed.
  const contentShas = await Promise.all(
    changes.map(change => ('content' in change ? git.writeBlob(Buffer.from(change.content, 'utf8')) : undefined)),
  );
  for (const [index, change] of changes.entries()) {
    const parts = change.path.split('/');
    const name = parts.pop()!;
    let dir = root;
    let missing = false;
    for (const part of parts) {
      const children = await childrenOf(dir);
      dir.sha = undefined;
      const child = children.get(part);
      if (child?.kind === 'tree') {
        dir = child;
      } else if ('delete' in change) {
        missing = true;
        break;
      } else {
        const created: DirectoryNode = { kind: 'tree', children: new Map() };
        children.set(part, created);
        dir = created;
      }
    }
    if (missing) continue;
    const children = await childrenOf(dir);
    dir.sha = undefined;
    if ('delete' in change) {
      children.delete(name);
    } else if ('content' in change) {
      children.set(name, { kind: 'leaf', mode: change.mode, type: 'blob', sha: contentShas[index]! });
    } else if (change.type === 'tree') {
      children.set(name, { kind: 'tree', sha: change.sha });
    } else {
      children.set(name, { kind: 'leaf', mode: change.mode, type: change.type, sha: change.sha });
    }
  }

  const write = async (dir: DirectoryNode, isRoot: boolean): Promise<string | undefined> => {
    if (dir.sha) return dir.sha;
    const entries: TreeEntry[] = [];
    for (const [path, child] of await childrenOf(dir)) {
      if (child.kind === 'leaf') {
        entries.push({ path, mode: child.mode, type: child.type, sha: child.sha });
        continue;
      }
      const sha = await write(child, false);
      if (sha) entries.push({ path, mode: '040000', type: 'tree', sha });
    }
    if (entries.length === 0 && !isRoot) return undefined;
    return git.writeTree(entries);
  };
  return (await write(root, true))!;
}

function isCleanPath(path: string): boolean {
  return path.length > 0 && path.split('/').every(part => part !== '' && part !== '.' && part !== '..' && part !== '.git');
}

const MODES: Record<TreeEntryMode, ObjectType> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

/** Checks the `tree` array of `POST /git/trees` the way GitHub does and returns the changes. */
export async function parseTreeChanges(git: GitRepository, tree: unknown): Promise<TreeChange[]> {
  if (!Array.isArray(tree)) {
    throw new ApiError(422, 'Invalid request.\n\n"tree" wasn\'t supplied.');
  }
  const changes: TreeChange[] = [];
  for (const item of tree as Record<string, unknown>[]) {
    const { path, mode, type, sha, content } = item ?? {};
    if (typeof path !== 'string') {
      throw new ApiError(422, `tree.path contains a malformed path component`);
    }
    if (typeof mode !== 'string' || !(mode in MODES)) {
      throw new ApiError(422, `Invalid request.\n\nInvalid tree mode for ${path}`);
    }
    const expectedType = MODES[mode as TreeEntryMode];
    if (type !== undefined && type !== expectedType) {
      throw new ApiError(422, `Invalid request.\n\nMode ${mode} requires type ${expectedType} for ${path}`);
    }
    if (content !== undefined && sha !== undefined) {
      throw new ApiError(422, 'Invalid request.\n\nOnly one of "sha" or "content" may be supplied.');
    }
    if (sha === null) {
      changes.push({ path, delete: true });
    } else if (typeof content === 'string') {
      if (expectedType !== 'blob') {
        throw new ApiError(422, `Invalid request.\n\n"content" requires a blob mode for ${path}`);
      }
      changes.push({ path, mode: mode as TreeEntryMode, type: 'blob', content });
    } else if (typeof sha === 'string') {
      // Submodule entries point into another repository, so their commit is not looked up.
      if (expectedType !== 'commit' && (await git.objectType(sha)) !== expectedType) {
        throw new ApiError(422, 'GitRPC::BadObjectState');
      }
      changes.push({ path, mode: mode as TreeEntryMode, type: expectedType, sha });
    } else {
      throw new ApiError(422, `Invalid request.\n\nMust supply either "sha" or "content" for ${path}`);
    }
  }
  return changes;
}

