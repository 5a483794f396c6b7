import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { serializeDirectoryContents } from '@backstage/plugin-scaffolder-node';
import type { FileToCommit } from '../github/commit';

/** What a workspace folder holds for pushing. */
export interface WorkspaceFolder {
  /** Paths relative to the folder, sorted, with their bytes and executable bit. */
  files: FileToCommit[];
  /** Paths left out because their name or path is in the skip list. */
  skipped: string[];
}

/** Everything but git's own folders, wherever they are. */
const GLOB_PATTERNS = ['**', '!**/.git/**'];

export interface ReadWorkspaceFolderOptions {
  /** The input that named the folder, for errors. */
  input: string;
  /** File names or paths relative to the folder that are left out. */
  skipFiles?: readonly string[];
  /** Said after "holds no files", e.g. what step writes the folder. */
  hint?: string;
}

/**
 * The files under `relativeFolder` of the workspace, read by the scaffolder's own serializer:
 * regular files with their executable bit, text or binary alike. Symbolic links are not pushed,
 * and one that leads outside the folder is refused; neither are files whose name or path
 * relative to the folder is in `skipFiles`. A folder outside the workspace, missing or without
 * files is refused, naming the input.
 */
export async function readWorkspaceFolder(
  workspacePath: string,
  relativeFolder: string,
  { input, skipFiles = [], hint }: ReadWorkspaceFolderOptions,
): Promise<WorkspaceFolder> {
  const folder = workspaceFolderPath(workspacePath, relativeFolder, input);
  const exists = await fs.stat(folder).then(stats => stats.isDirectory(), () => false);
  const serialized = exists
    ? await serializeDirectoryContents(folder, { globPatterns: GLOB_PATTERNS }).catch(error => {
        // The serializer refuses a link that leads out of the folder; say which input holds it.
        if (error?.name !== 'NotAllowedError') throw error;
        throw new InputError(`${input}: "${relativeFolder}" holds a symbolic link that leads outside it`);
      })
    : [];
  const skip = new Set(skipFiles);
  const content: WorkspaceFolder = { files: [], skipped: [] };
  for (const file of serialized) {
    if (file.symlink) continue;
    if (skip.has(file.path) || skip.has(file.path.split('/').pop()!)) content.skipped.push(file.path);
    else content.files.push({ path: file.path, content: file.content, executable: file.executable ?? false });
  }
  if (content.files.length === 0) throw new InputError(`${input}: "${relativeFolder}" holds no files${hint ? `; ${hint}` : ''}`);
  content.files.sort((a, b) => a.path.localeCompare(b.path));
  content.skipped.sort();
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
