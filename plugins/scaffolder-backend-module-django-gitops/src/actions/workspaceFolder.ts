import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { FileToCommit } from '../github/commit';

export interface WorkspaceFolder {
  /** Paths relative to the folder, sorted, with their bytes and executable bit. */
  files: FileToCommit[];
  /** Paths left out because their name or path is in the skip list. */
  skipped: string[];
}

/**
 * Every regular file under a workspace folder, for pushing. Symbolic links are not followed
 * (they could point outside the workspace), git's own folder is left out, and so are files whose
 * name or path relative to the folder is in `skipFiles`. A missing folder holds no files.
 */
export async function readWorkspaceFolder(folder: string, skipFiles: readonly string[] = []): Promise<WorkspaceFolder> {
  const skip = new Set(skipFiles);
  const content: WorkspaceFolder = { files: [], skipped: [] };
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(error => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const relative = path.relative(folder, absolute).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (entry.name !== '.git') await walk(absolute);
      } else if (entry.isFile()) {
        if (skip.has(entry.name) || skip.has(relative)) {
          content.skipped.push(relative);
          continue;
        }
        const { mode } = await fs.stat(absolute);
        content.files.push({ path: relative, content: await fs.readFile(absolute), executable: (mode & 0o111) !== 0 });
      }
    }
  };
  await walk(folder);
  content.files.sort((a, b) => a.path.localeCompare(b.path));
  return content;
}

/** The absolute path of a workspace folder an input names; refused, naming the input, outside it. */
export function workspaceFolderPath(workspacePath: string, folder: string, input: string): string {
  try {
    return resolveSafeChildPath(workspacePath, folder);
  } catch {
    throw new InputError(`${input}: "${folder}" is outside the workspace`);
  }
}
