import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import { inventorySpec } from '@dev-portal/plugin-django-gitops-common';
import { createDjangoGenerateAction } from './djangoGenerate';

describe('django:generate', () => {
  const workspace = createMockDirectory();
  const action = createDjangoGenerateAction();
  type Context = Parameters<typeof action.handler>[0];
  /** A context whose input is taken as the scaffolder would pass it: unchecked JSON. */
  const contextFor = (input: object) =>
    createMockActionContext({ workspacePath: workspace.path, input: input as JsonObject }) as unknown as Context;

  beforeEach(() => workspace.clear());

  it('writes the project into targetPath and outputs its names', async () => {
    const ctx = contextFor({ project: inventorySpec, targetPath: 'repo' });
    await action.handler(ctx);

    const root = path.join(workspace.path, 'repo');
    expect(fs.readFileSync(path.join(root, 'api/models.py'), 'utf8')).toContain('class Product(models.Model):');
    expect(fs.statSync(path.join(root, 'manage.py')).mode & 0o111).not.toBe(0);
    expect(ctx.output).toHaveBeenCalledWith('appName', 'inventory-api');
    expect(ctx.output).toHaveBeenCalledWith('packageName', 'inventory_api');
    expect(ctx.output).toHaveBeenCalledWith('djangoApp', 'api');
    expect(ctx.output).toHaveBeenCalledWith('image', 'ghcr.io/acme/inventory-api');
    const files = jest.mocked(ctx.output).mock.calls.find(([name]) => name === 'files')![1] as string[];
    expect(files).toEqual(expect.arrayContaining(['manage.py', 'api/migrations/0001_initial.py', 'Dockerfile', 'catalog-info.yaml']));
    for (const file of files) expect(fs.existsSync(path.join(root, file))).toBe(true);
  });

  it('gives the catalog entity the catalog owner, and keeps the GitHub owner for the image and annotations', async () => {
    const readCatalogInfo = async (project: object) => {
      workspace.clear();
      await action.handler(contextFor({ project }));
      return parse(fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'));
    };

    const owned = await readCatalogInfo({ ...inventorySpec, catalogOwner: 'group:default/inventory-team' });
    expect(owned.spec.owner).toBe('group:default/inventory-team');
    expect(owned.metadata.annotations['github.com/project-slug']).toBe('acme/inventory-api');
    // An API client that names no catalog owner gets what it got before: the GitHub owner.
    expect((await readCatalogInfo(inventorySpec)).spec.owner).toBe('acme');
  });

  it('refuses a bad spec naming the field, and writes nothing', async () => {
    const ctx = contextFor({ project: { ...inventorySpec, name: 'Inventory API' } });
    await expect(action.handler(ctx)).rejects.toThrow(/Project name must be a DNS-1123 label.* \(project\.name\)/);
    expect(fs.readdirSync(workspace.path)).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it("refuses a reserved namespace as the name, the cluster's and the platform's, and writes nothing", async () => {
    await expect(action.handler(contextFor({ project: { ...inventorySpec, name: 'kube-system' } }))).rejects.toThrow(
      'Project name "kube-system" is a reserved namespace (kube-*): it belongs to the cluster or the platform (project.name)',
    );
    const platform = createDjangoGenerateAction({ reservedNamespaces: ['payments'] });
    await expect(platform.handler(contextFor({ project: { ...inventorySpec, name: 'payments' } }))).rejects.toThrow(
      'Project name "payments" is a reserved namespace (payments): it belongs to the cluster or the platform (project.name)',
    );
    expect(fs.readdirSync(workspace.path)).toEqual([]);
  });

  it('refuses a targetPath outside the workspace', async () => {
    const ctx = contextFor({ project: inventorySpec, targetPath: '../elsewhere' });
    await expect(action.handler(ctx)).rejects.toThrow(/outside/i);
  });

  it('has examples whose literal inputs run', async () => {
    const literalInputs = action
      .examples!.flatMap(example => parse(example.example).steps)
      .map(step => step.input)
      .filter(input => typeof input.project === 'object');
    expect(literalInputs).not.toHaveLength(0);
    for (const input of literalInputs) {
      await action.handler(contextFor(input));
    }
    expect(fs.existsSync(path.join(workspace.path, 'repository-a/manage.py'))).toBe(true);
  });

  it("takes the platform's default registry for a spec that names none, and keeps a spec's own", async () => {
    const configured = createDjangoGenerateAction({ config: new ConfigReader({ devPortal: { defaultRegistry: 'registry.example.com' } }) });
    const withoutRegistry = inventorySpec;
    expect(withoutRegistry).not.toHaveProperty('registry');

    for (const [project, image] of [
      [withoutRegistry, 'registry.example.com/acme/inventory-api'],
      [{ ...withoutRegistry, registry: '' }, 'registry.example.com/acme/inventory-api'],
      [{ ...withoutRegistry, registry: 'quay.io' }, 'quay.io/acme/inventory-api'],
    ] as const) {
      const ctx = contextFor({ project });
      await configured.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('image', image);
    }
    // Without the setting, today's default.
    const ctx = contextFor({ project: withoutRegistry });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('image', 'ghcr.io/acme/inventory-api');
  });
});
