import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import { createDjangoGenerateAction, createK8sManifestsAction } from '@dev-portal/plugin-scaffolder-backend-module-django-gitops';

/**
 * Test support: what the template's steps write, made by the module's own actions (so the tests
 * read the files a real service has: its answers, its workflow, its app folder).
 */

/** The application repository's files of `django:generate` for this input. */
export async function generatedRepository(input: JsonObject): Promise<Record<string, string>> {
  return runIntoWorkspace(createDjangoGenerateAction(), { ...input, targetPath: 'repository' }, 'repository');
}

/** The GitOps repository's files of `k8s:manifests` for this input (`apps/<name>/...`). */
export async function generatedAppFolder(input: JsonObject): Promise<Record<string, string>> {
  return runIntoWorkspace(createK8sManifestsAction(), { ...input, targetPath: 'gitops' }, 'gitops');
}

async function runIntoWorkspace(
  action: { handler: (ctx: any) => Promise<void> },
  input: JsonObject,
  folder: string,
): Promise<Record<string, string>> {
  const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-portal-backend-test-'));
  try {
    await action.handler(createMockActionContext({ input, workspacePath }));
    const root = path.join(workspacePath, folder);
    const files: Record<string, string> = {};
    for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      const full = path.join(root, file);
      if (fs.statSync(full).isFile()) files[file.split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
    return files;
  } finally {
    fs.rmSync(workspacePath, { recursive: true, force: true });
  }
}
