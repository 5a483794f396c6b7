import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { scaffolderModuleDjangoGitops } from './module';
import { formValues as exampleForm, template } from './testing/scaffolder';

/** The template's dry run through the real scaffolder backend's REST API. */

/** The example form with CORS on and an integer field whose choices arrive as text. */
const formValues = {
  ...exampleForm,
  cors: { enabled: true, allowedOrigins: ['https://app.example.com'] },
  models: [
    exampleForm.models[0],
    {
      name: 'Product',
      fields: [
        ...exampleForm.models[1].fields,
        { name: 'level', type: 'IntegerField', choices: [{ value: '1', label: 'Low' }, { value: '2', label: 'High' }], default: '1' },
      ],
    },
  ],
};

describe('the django-gitops template', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        scaffolderModuleDjangoGitops,
        catalogServiceMock.factory({ entities: [template] }),
        mockServices.rootConfig.factory({
          data: { backend: { baseUrl: 'http://localhost' }, integrations: { github: [{ host: 'github.com', token: 'unused-in-dry-run' }] } },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(() => stop());

  const dryRun = (values: object) =>
    request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, secrets: { gitopsToken: 'ghp_dryRunToken' }, directoryContents: [] });

  it('dry-runs into the generated project', async () => {
    const response = await dryRun(formValues);

    expect(response.status).toBe(200);
    const files = new Map<string, string>(
      response.body.directoryContents.map((f: { path: string; base64Content: string }) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        'repository/manage.py',
        'repository/api/models.py',
        'repository/api/migrations/0001_initial.py',
        'repository/inventory_api/settings.py',
        'repository/.github/workflows/ci-cd.yml',
        'gitops/apps/inventory-api/kustomization.yaml',
        'gitops/apps/inventory-api/deployment.yaml',
      ]),
    );
    expect(files.get('repository/api/models.py')).toContain('LEVEL_CHOICES = [(1, "Low"), (2, "High")]');
    expect(files.get('repository/inventory_api/settings.py')).toContain('"https://app.example.com"');
    expect(files.get('gitops/apps/inventory-api/kustomization.yaml')).toContain('newTag: sha-0000000');
    const log = JSON.stringify(response.body.log);
    expect(log).toContain('would store the secret PAT_TOKEN in acme/inventory-api');
    expect(response.body.output.text[0].content).toContain('files of **inventory-api**');
  });

  it('asks for the image tag when CI/CD is off, before any step runs', async () => {
    const withoutCi = { ...formValues, cicd: false };

    const refused = await dryRun(withoutCi);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('imageTag');

    const accepted = await dryRun({ ...withoutCi, imageTag: 'sha-1a2b3c4' });
    expect(accepted.status).toBe(200);
    expect(JSON.stringify(accepted.body.log)).toMatch(/Skipping step wait/);
    const kustomization = accepted.body.directoryContents.find((f: { path: string }) => f.path === 'gitops/apps/inventory-api/kustomization.yaml');
    expect(Buffer.from(kustomization.base64Content, 'base64').toString()).toContain('newTag: sha-1a2b3c4');
  });

  it('refuses bad form input naming the field', async () => {
    const values = { ...formValues, models: [{ name: 'Category', fields: [{ name: 'class', type: 'CharField', maxLength: 10 }] }] };
    const response = await dryRun(values);

    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain('Category.class: name "class" is a Python keyword (project.models[0].fields[0].name)');
  });
});
