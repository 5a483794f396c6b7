import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileToCommit } from '../github/commit';

/**
 * Files the seed's generator wrote into the app folder: an Application per app (the ApplicationSet
 * creates those now) and Image Updater annotations (never read from there). Never pushed.
 */
export const DEFAULT_SKIP_FILES = ['argocd-application.yaml', 'argocd-image-updater-config.yaml'];

export interface AppFolderContent {
  /** Paths relative to the folder, sorted. */
  files: FileToCommit[];
  /** Paths left out because their name or path is in the skip list. */
  skipped: string[];
}

/**
 * Every regular file under `folder` (symbolic links are not followed: they could point outside
 * the workspace), except those whose file name or path relative to the folder is in `skipFiles`.
 */
export async function readAppFolder(folder: string, skipFiles: readonly string[]): Promise<AppFolderContent> {
  const skip = new Set(skipFiles);
  const content: AppFolderContent = { files: [], skipped: [] };
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(error => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const relative = path.relative(folder, absolute).split(path.sep).join('/');
      if (entry.isDirectory()) {
        await walk(absolute);
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
