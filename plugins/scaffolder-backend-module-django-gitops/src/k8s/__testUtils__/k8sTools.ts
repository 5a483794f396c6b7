import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { GITOPS_APPS_FOLDER } from '../../project/constants';

export const REPOSITORY_ROOT = resolve(__dirname, '../../../../..');
/** Oldest and newest Kubernetes minor versions the manifests must be valid for. */
export const KUBERNETES_VERSIONS = ['1.34.0', '1.37.0'];

/** API groups of custom resources: checked against their CRD's schema, not the Kubernetes OpenAPI. */
const CUSTOM_GROUPS = ['argoproj.io', 'argocd-image-updater.argoproj.io', 'monitoring.coreos.com', 'gateway.networking.k8s.io'];

export interface K8sTools {
  kustomize: string;
  imageUpdaterCheck: string;
  kubernetesValidate: string;
  /** The command (interpreter and script) of the CRD schema check, and the CRD files it reads. */
  crdValidate: string[];
  crds: string[];
  checkov: string;
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
    crdValidate: paths['crd-validate'].split(' '),
    crds: paths.crds.split(' '),
    checkov: paths.checkov,
  };
}

/** Writes files by repository path (`apps/<app>/deployment.yaml`, `k8s/...`) into a new folder: its root. */
export function writeTree(files: Map<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'k8s-tree-'));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Writes an app's generated files into `apps/<name>/` of a new tree, as the GitOps repository holds them. */
export function writeAppFolder(files: Map<string, string>, name = 'app'): string {
  const folder = `${GITOPS_APPS_FOLDER}/${name}`;
  return join(writeTree(new Map([...files].map(([path, content]) => [`${folder}/${path}`, content]))), folder);
}

/** `kustomize build` of a folder: the objects Argo CD would apply. */
export function kustomizeBuild(tools: K8sTools, folder: string): string {
  return runCommand(tools.kustomize, ['build', folder]).stdout;
}

const isCustom = (doc: { apiVersion: string }) => CUSTOM_GROUPS.includes(doc.apiVersion.split('/')[0]);

/**
 * Validates every object of a multi-document YAML stream, rejecting unknown fields. Built-in kinds
 * go to kubernetes-validate --strict (the Kubernetes OpenAPI schemas as JSON schemas with
 * additionalProperties false); custom kinds to the OpenAPI schema of their own CRD, undeclared
 * fields refused; ImageUpdater resources are also decoded strictly into the controller's Go types.
 * A kind none of them knows fails: nothing passes unchecked.
 */
export function validateStrictly(tools: K8sTools, stream: string): void {
  const documents = parseAllDocuments(stream).map(doc => doc.toJS()).filter(Boolean);
  const imageUpdaters = documents.filter(doc => doc.kind === 'ImageUpdater');
  const custom = documents.filter(isCustom);
  const builtIns = documents.filter(doc => !isCustom(doc));
  if (imageUpdaters.length > 0) {
    runCommand(tools.imageUpdaterCheck, [], imageUpdaters.map(doc => JSON.stringify(doc)).join('\n---\n'));
  }
  if (custom.length > 0) {
    const [command, ...args] = tools.crdValidate;
    runCommand(command, [...args, ...tools.crds], JSON.stringify(custom));
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

export interface CheckovResult {
  passed: string[];
  /** Failed check ids, each with the resources it failed on. */
  failed: Map<string, string[]>;
}

/** checkov's Kubernetes checks over a rendered stream (what Argo CD applies). */
export function checkov(tools: K8sTools, stream: string): CheckovResult {
  const folder = mkdtempSync(join(tmpdir(), 'checkov-'));
  writeFileSync(join(folder, 'rendered.yaml'), stream);
  const result = spawnSync(
    tools.checkov,
    ['--directory', folder, '--framework', 'kubernetes', '--output', 'json', '--compact', '--skip-download'],
    { encoding: 'utf8', env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' } },
  );
  if (result.status !== 0 && result.status !== 1) throw new Error(`checkov failed to run:\n${result.stdout}${result.stderr}`);
  const report = JSON.parse(result.stdout);
  const checks = report.results ?? { passed_checks: [], failed_checks: [] };
  const failed = new Map<string, string[]>();
  for (const check of checks.failed_checks as { check_id: string; resource: string }[]) {
    failed.set(check.check_id, [...(failed.get(check.check_id) ?? []), check.resource]);
  }
  return { passed: [...new Set((checks.passed_checks as { check_id: string }[]).map(check => check.check_id))], failed };
}

/** Runs a command to completion; a non-zero exit throws with everything it printed. */
export function runCommand(command: string, args: string[], input?: string): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.error?.message ?? ''}${result.stdout}${result.stderr}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}
