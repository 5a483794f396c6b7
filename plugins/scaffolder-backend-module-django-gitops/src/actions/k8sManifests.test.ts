import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { createK8sManifestsAction } from './k8sManifests';
import { examples } from './k8sManifests.examples';

const action = createK8sManifestsAction();
const base = { name: 'inventory-api', image: 'ghcr.io/acme/inventory-api' };

async function run(input: Record<string, unknown>, options: { isDryRun?: boolean } = {}) {
  const workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'k8s-action-'));
  const context = createMockActionContext({ input: input as any, workspacePath, ...options });
  const outputs: Record<string, unknown> = {};
  context.output = (name: string, value: unknown) => {
    outputs[name] = value;
  };
  const warnings: string[] = [];
  jest.spyOn(context.logger, 'warn').mockImplementation(((message: string) => warnings.push(message)) as any);
  return { workspacePath, outputs, warnings, run: () => action.handler(context as any) };
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter(e => e.isFile()).map(e => path.relative(folder, path.join(e.parentPath, e.name))).sort();
}

describe('k8s:manifests', () => {
  it('has the contract the template relies on', () => {
    expect(action.id).toBe('k8s:manifests');
    expect(action.supportsDryRun).toBe(true);
  });

  it('writes the app folder under gitops/apps/<name> and reports it', async () => {
    const step = await run({ ...base, tag: 'sha-1a2b3c4' });
    await step.run();
    expect(step.outputs).toEqual({
      appPath: 'gitops/apps/inventory-api',
      files: expect.arrayContaining(['kustomization.yaml', 'deployment.yaml', 'pvc.yaml', 'README.md']),
      image: 'ghcr.io/acme/inventory-api:sha-1a2b3c4',
      tag: 'sha-1a2b3c4',
      applicationName: 'inventory-api',
      namespace: 'inventory-api',
      replicas: 1,
    });
    const written = await listFiles(step.workspacePath);
    expect(written).toEqual((step.outputs.files as string[]).map(f => `gitops/apps/inventory-api/${f}`).sort());
    const kustomization = parse(await fs.readFile(path.join(step.workspacePath, 'gitops/apps/inventory-api/kustomization.yaml'), 'utf8'));
    expect(kustomization.images).toEqual([{ name: 'ghcr.io/acme/inventory-api', newTag: 'sha-1a2b3c4' }]);
  });

  it('derives the tag from the commit the way CI tags the image', async () => {
    const step = await run({ ...base, commitSha: '0123456789abcdef0123456789abcdef01234567' });
    await step.run();
    expect(step.outputs.tag).toBe('sha-0123456');
  });

  it('says when SQLite overrides the replicas asked for', async () => {
    const step = await run({ ...base, tag: 'sha-1a2b3c4', replicas: 3 });
    await step.run();
    expect(step.outputs.replicas).toBe(1);
    expect(step.warnings.join('\n')).toMatch(/replicas: 3 asked for, deploying 1/);
  });

  it('writes under the targetPath given and removes files a previous run made that are no longer generated', async () => {
    const step = await run({ ...base, tag: 'sha-1a2b3c4', database: 'postgres', targetPath: 'repo-b' });
    const folder = path.join(step.workspacePath, 'repo-b/apps/inventory-api');
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'pvc.yaml'), 'stale');
    await fs.writeFile(path.join(folder, 'NOTES.txt'), 'kept: not ours');
    await fs.mkdir(path.join(step.workspacePath, 'repo-b/image-updaters'));
    await fs.writeFile(path.join(step.workspacePath, 'repo-b/image-updaters/inventory-api.yaml'), 'stale');
    await step.run();
    const written = await listFiles(folder);
    expect(written).not.toContain('pvc.yaml');
    expect(written).toContain('NOTES.txt');
    expect(written).toContain('migrate-job.yaml');
    expect(await listFiles(path.join(step.workspacePath, 'repo-b/image-updaters'))).toEqual([]);
    expect(step.outputs.appPath).toBe('repo-b/apps/inventory-api');
  });

  it("writes the ImageUpdater outside the app folder, in Argo CD's namespace from the platform config", async () => {
    const deploy = { argocd: { namespace: 'gitops', project: 'apps', applicationSetName: 'apps' }, reservedNamespaces: ['gitops'] };
    const context = await run({ ...base, tag: 'sha-1a2b3c4', imagePullSecret: 'ghcr-pull', imageUpdater: { enabled: true } });
    await createK8sManifestsAction(deploy).handler(createMockActionContext({
      input: { ...base, tag: 'sha-1a2b3c4', imagePullSecret: 'ghcr-pull', imageUpdater: { enabled: true } } as any,
      workspacePath: context.workspacePath,
    }) as any);
    const updater = parse(await fs.readFile(path.join(context.workspacePath, 'gitops/image-updaters/inventory-api.yaml'), 'utf8'));
    expect(updater.metadata.namespace).toBe('gitops');
    expect(updater.spec.commonUpdateSettings.pullSecret).toBe('pullsecret:gitops/ghcr-pull');
    expect(await listFiles(path.join(context.workspacePath, 'gitops/apps/inventory-api'))).not.toContain('image-updater.yaml');
  });

  it("refuses the platform's reserved namespaces as app names", async () => {
    const reserving = createK8sManifestsAction({ argocd: { namespace: 'argocd', project: 'apps', applicationSetName: 'apps' }, reservedNamespaces: ['payments'] });
    const context = createMockActionContext({ input: { ...base, name: 'payments', tag: 'sha-1a2b3c4' } as any, workspacePath: await fs.mkdtemp(path.join(os.tmpdir(), 'k8s-action-')) });
    await expect(reserving.handler(context as any)).rejects.toThrow(/^name: "payments" is a reserved namespace/);
  });

  it('behaves the same in a dry run: files in the dry-run workspace, same outputs', async () => {
    const step = await run({ ...base, tag: 'sha-1a2b3c4' }, { isDryRun: true });
    await step.run();
    expect(step.outputs.applicationName).toBe('inventory-api');
    expect(await listFiles(step.workspacePath)).toContain('gitops/apps/inventory-api/deployment.yaml');
  });

  it.each([
    [{ ...base, name: '../../etc', tag: 'sha-1a2b3c4' }, /^name: /],
    [{ ...base, name: 'Inventory', tag: 'sha-1a2b3c4' }, /^name: /],
    [{ ...base, image: 'ghcr.io/acme/inventory-api:latest', tag: 'sha-1a2b3c4' }, /^image: /],
    [{ ...base, tag: 'latest' }, /^tag: .*immutable/],
    [{ ...base }, /^tag: /],
    [{ ...base, tag: 'sha-1a2b3c4', commitSha: '0123456' }, /^tag, commitSha: /],
    [{ ...base, commitSha: 'main' }, /^commitSha: /],
    [{ ...base, tag: 'sha-1a2b3c4', targetPath: '../outside' }, /^targetPath: .*outside the workspace/],
    [{ ...base, tag: 'sha-1a2b3c4', targetPath: '/etc/app' }, /^targetPath: /],
    [{ ...base, name: 'kube-system', tag: 'sha-1a2b3c4' }, /^name: "kube-system" is a reserved namespace/],
  ])('refuses %j before writing anything', async (input, message) => {
    const step = await run(input);
    await expect(step.run()).rejects.toThrow(message);
    expect(await listFiles(step.workspacePath)).toEqual([]);
  });

  it.each(examples.filter(e => !e.example.includes('${{')).map(e => [e.description, e.example]))(
    'runs its example: %s',
    async (_, example) => {
      const [step] = parse(example).steps;
      const execution = await run(step.input);
      await execution.run();
      expect(execution.outputs.applicationName).toBe(step.input.name);
    },
  );
});
