import { GitRepository } from './gitRepository';

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
  git: GitRepository,
  before: string | undefined,
  after: string | undefined,
  prefix = '',
): Promise<{ path: string; old?: string; current?: string }[]> {
  if (before === after) return [];
  const entries = async (sha?: string) => new Map((sha ? await git.readTree(sha) : []).map(entry => [entry.path, entry]));
  const [old, current] = await Promise.all([entries(before), entries(after)]);
  const changed = [];
  for (const name of new Set([...old.keys(), ...current.keys()])) {
    const [was, is] = [old.get(name), current.get(name)];
    if (was?.sha === is?.sha) continue;
    const path = `${prefix}${name}`;
    const treeSha = (entry?: typeof was) => (entry?.type === 'tree' ? entry.sha : undefined);
    const blobSha = (entry?: typeof was) => (entry?.type === 'blob' ? entry.sha : undefined);
    changed.push(...(await changedBlobs(git, treeSha(was), treeSha(is), `${path}/`)));
    if (blobSha(was) !== blobSha(is)) changed.push({ path, old: blobSha(was), current: blobSha(is) });
  }
  return changed;
}

/** The files that differ between two trees (undefined: none), with line counts, by path. */
export async function changedFiles(git: GitRepository, beforeTree: string | undefined, afterTree: string) {
  const changed = (await changedBlobs(git, beforeTree, afterTree)).sort((a, b) => (a.path < b.path ? -1 : 1));
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
