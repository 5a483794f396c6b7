import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPOSITORY_ROOT = resolve(__dirname, '../../../../..');
/** Oldest and newest Kubernetes minor versions the manifests must be valid for. */
export const KUBERNETES_VERSIONS = ['1.34.0', '1.37.0'];

export interface K8sTools {
  kustomize: string;
  imageUpdaterCheck: string;
  kubernetesValidate: string;
}

/** Installs the pinned tools into .cache/ if needed (minutes the first time, instant after). */
export function installK8sTools(): K8sTools {
  const output = execFileSync('bash', [join(REPOSITORY_ROOT, 'scripts/k8s-tools/setup.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const paths = Object.fromEntries(output.trim().split('\n').map(line => line.split('=', 2)));
  return {
    kustomize: paths.kustomize,
    imageUpdaterCheck: paths['imageupdater-check'],
    kubernetesValidate: paths['kubernetes-validate'],
  };
}

/** Writes generated files into a new `apps/<app>/` folder, as the GitOps repository holds them. */
export function writeAppFolder(files: Map<string, string>): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'k8s-render-')), 'apps', 'app');
  mkdirSync(folder, { recursive: true });
  for (const [path, content] of files) writeFileSync(join(folder, path), content);
  return folder;
}

/** `kustomize build` of a folder: the objects Argo CD would apply. */
export function kustomizeBuild(tools: K8sTools, folder: string): string {
  return runCommand(tools.kustomize, ['build', folder]).stdout;
}

/**
 * Validates every object of a multi-document YAML stream, rejecting unknown fields. Built-in kinds
 * go to kubernetes-validate --strict (the Kubernetes OpenAPI schemas as JSON schemas with
 * additionalProperties false); ImageUpdater resources are decoded strictly into the controller's
 * Go types. A kind neither knows fails: nothing passes unchecked.
 */
export function validateStrictly(tools: K8sTools, stream: string): void {
  const documents = parseAllDocuments(stream).map(doc => doc.toJS()).filter(Boolean);
  const imageUpdaters = documents.filter(doc => doc.kind === 'ImageUpdater');
  const builtIns = documents.filter(doc => doc.kind !== 'ImageUpdater');
  if (imageUpdaters.length > 0) {
    runCommand(tools.imageUpdaterCheck, [], imageUpdaters.map(doc => JSON.stringify(doc)).join('\n---\n'));
  }
  if (builtIns.length === 0) return;
  const file = join(mkdtempSync(join(tmpdir(), 'k8s-validate-')), 'objects.yaml');
  writeFileSync(file, builtIns.map(doc => JSON.stringify(doc)).join('\n---\n'));
  const versionArgs = KUBERNETES_VERSIONS.flatMap(version => ['-k', version]);
  const result = spawnSync(tools.kubernetesValidate, ['--strict', ...versionArgs, file], { encoding: 'utf8' });
  const lines = result.stdout.trim().split('\n');
  const passed = lines.filter(line => line.startsWith('INFO') && line.includes(' passed '));
  if (result.status !== 0 || passed.length !== builtIns.length * KUBERNETES_VERSIONS.length) {
    throw new Error(`kubernetes-validate refused the objects:\n${result.stdout}${result.stderr}`);
  }
}

/** Runs a command to completion; a non-zero exit throws with everything it printed. */
export function runCommand(command: string, args: string[], input?: string): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.error?.message ?? ''}${result.stdout}${result.stderr}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}
