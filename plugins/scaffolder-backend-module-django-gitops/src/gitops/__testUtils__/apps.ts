import type { GitHubSandbox } from '@dev-portal/github-sandbox';
import type { FileToCommit } from '../../github/commit';
import { type AppManifestsInput, generateManifests } from '../../k8s';

/** Test and benchmark support: app folders as `k8s:manifests` generates them. */

/** Three shapes of app, so folders differ in their file lists too (pvc, ingress, image-updater). */
const VARIANTS: Omit<AppManifestsInput, 'name' | 'image' | 'tag'>[] = [
  {},
  { database: 'postgres', replicas: 2, ingress: { host: 'api.example.com', className: 'nginx' } },
  { imageUpdater: { enabled: true }, imagePullSecret: 'ghcr-pull' },
];

/** The files of `apps/<name>/`, by path relative to it. */
export function appManifests(name: string, options: { variant?: number; tag?: string } = {}): Map<string, string> {
  const variant = VARIANTS[(options.variant ?? 0) % VARIANTS.length];
  return generateManifests({ name, image: `ghcr.io/acme/${name}`, tag: options.tag ?? 'sha-1a2b3c4', ...variant });
}

export const appNames = (count: number) => Array.from({ length: count }, (_, i) => `app-${String(i).padStart(2, '0')}`);

export function toFilesToCommit(files: Map<string, string>): FileToCommit[] {
  return [...files].map(([path, content]) => ({ path, content: Buffer.from(content) }));
}

/** The files under `folder` on the default branch, by path relative to it, as text. */
export async function folderInRepository(sandbox: GitHubSandbox, owner: string, repo: string, folder: string) {
  const files = new Map<string, string>();
  for (const [path, { content }] of await sandbox.repo(owner, repo).files()) {
    if (path.startsWith(`${folder}/`)) files.set(path.slice(folder.length + 1), content.toString('utf8'));
  }
  return files;
}
