import fs from 'node:fs';
import path from 'node:path';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { parse } from 'yaml';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { createGitHubSandbox, GitHubSandbox } from '@dev-portal/github-sandbox';
import { generateDjangoProject } from './django/generate';
import { scaffolderModuleDjangoGitops } from './module';
import { validateProjectSpec } from './project/validate';
import { SANDBOX_TOKEN } from './testing/sandbox';

/**
 * The template run for real: a scaffolder backend with GitHub's built-in actions and ours,
 * tasks submitted through its REST API, GitHub played by the sandbox.
 */
const TEMPLATE_PATH = path.resolve(__dirname, '../../../templates/django-gitops/template.yaml');
const template = parse(fs.readFileSync(TEMPLATE_PATH, 'utf8'));
const GITOPS_TOKEN = 'ghp_gitopsTokenFromTheForm_0123456789';

const formValues = {
  repoUrl: 'github.com?owner=acme&repo=inventory-api',
  createRepository: true,
  appName: 'api',
  description: 'Inventory service',
  database: 'sqlite',
  registry: 'ghcr.io',
  cicd: true,
  models: [
    { name: 'Category', fields: [{ name: 'title', type: 'CharField', maxLength: 120, unique: true, required: true }] },
    {
      name: 'Product',
      fields: [
        { name: 'price', type: 'DecimalField', maxDigits: 10, decimalPlaces: 2, default: '0.00', required: true },
        { name: 'category', type: 'ForeignKey', to: 'Category', onDelete: 'PROTECT', required: false },
      ],
    },
  ],
  gitopsRepoUrl: 'github.com?owner=acme&repo=gitops',
  gitopsToken: '*'.repeat(GITOPS_TOKEN.length),
  pushToGitops: true,
  imageUpdater: false,
  workflowTimeoutSeconds: 120,
};

jest.setTimeout(60_000);

type TaskEvent = { type: string; body: { message?: string; stepId?: string; status?: string; output?: any; error?: { message: string } } };

describe('the django-gitops template, run by the scaffolder', () => {
  const msw = setupServer();
  let sandbox: GitHubSandbox;
  /** What catalog:register asked the catalog to register. */
  let registered: string[];

  /**
   * The catalog: the template, and registration that reads the entity from the sandbox as the
   * real catalog would read it from GitHub.
   */
  const catalog = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const client = catalogServiceMock({ entities: [template] });
      client.addLocation = async location => {
        registered.push(location.target);
        const [, owner, repo, branch, file] = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/blob\/([^/]+)\/(.+)$/.exec(location.target)!;
        const content = await sandbox.repo(owner, repo).readFile(branch, file);
        const response: Awaited<ReturnType<typeof client.addLocation>> = {
          location: { id: 'location', type: 'url', target: location.target, entityRef: 'location:default/generated' },
          entities: [parse(content!.toString())],
        };
        return response;
      };
      return client;
    },
  });
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        scaffolderModuleDjangoGitops,
        catalog,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost' },
            integrations: { github: [{ host: 'github.com', token: SANDBOX_TOKEN }] },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop();
    msw.close();
  });

  beforeEach(async () => {
    registered = [];
    sandbox = createGitHubSandbox({ token: SANDBOX_TOKEN });
    msw.resetHandlers(...sandbox.handlers);
    sandbox.createOrg('acme');
    await sandbox.createRepo('acme', 'gitops', { autoInit: true });
    sandbox.workflows.configure({ appearAfterMs: 20, queuedMs: 20, inProgressMs: 20, outcome: 'success' });
    sandbox.resetRequestLog();
  });
  afterEach(() => sandbox.close());

  /** Submits a task as the Create page does, and waits for it to end. */
  async function runTask(values: object, taskId?: string) {
    const id =
      taskId ??
      (
        await request(server)
          .post('/api/scaffolder/v2/tasks')
          .send({ templateRef: 'template:default/django-gitops', values, secrets: { gitopsToken: GITOPS_TOKEN } })
          .expect(201)
      ).body.id;
    for (;;) {
      const task = (await request(server).get(`/api/scaffolder/v2/tasks/${id}`).expect(200)).body;
      if (task.status === 'completed' || task.status === 'failed') {
        const events: TaskEvent[] = (await request(server).get(`/api/scaffolder/v2/tasks/${id}/events`).expect(200)).body;
        return { id, task, events, log: events.map(e => e.body.message ?? '').join('\n') };
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
  }

  /** How each step ended; steps skipped after a failure are left out. */
  const stepStatuses = (events: TaskEvent[]) => {
    const statuses = new Map<string, string>();
    for (const { body } of events) if (body.stepId && body.status) statuses.set(body.stepId, body.status);
    return Object.fromEntries([...statuses].filter(([, status]) => status !== 'skipped'));
  };

  it('creates the repository with one commit, the secret before it, and one workflow run', async () => {
    const { task, events, log } = await runTask(formValues);

    expect(stepStatuses(events)).toEqual({
      generate: 'completed',
      'create-repo': 'completed',
      'add-secret': 'completed',
      push: 'completed',
      wait: 'completed',
      manifests: 'completed',
      register: 'completed',
    });
    expect(task.status).toBe('completed');

    const repository = sandbox.repo('acme', 'inventory-api');
    const commits = await repository.commits();
    expect(commits).toHaveLength(1);
    const { appName, description, database, registry, cicd, models } = formValues;
    const spec = validateProjectSpec({ name: 'inventory-api', owner: 'acme', appName, description, database, registry, cicd, models });
    const expected = [...generateDjangoProject(spec).files.keys()].sort();
    expect([...(await repository.files()).keys()].sort()).toEqual(expected);

    const [secret] = sandbox.secrets('acme', 'inventory-api');
    expect(secret).toMatchObject({ name: 'PAT_TOKEN', value: GITOPS_TOKEN });
    expect(secret.seq).toBeLessThan(Math.min(...repository.pushes().map(p => p.seq)));
    expect(sandbox.runs('acme', 'inventory-api').map(run => run.headSha)).toEqual([commits[0].sha]);

    const completion = events.find(e => e.type === 'completion')!;
    const links = completion.body.output.links.map((l: { title: string; url?: string }) => [l.title, l.url]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['Repository', 'https://github.com/acme/inventory-api'],
        ['CI/CD run', sandbox.runs('acme', 'inventory-api')[0].htmlUrl],
      ]),
    );
    expect([...new Set(registered)]).toEqual(['https://github.com/acme/inventory-api/blob/main/catalog-info.yaml']);
    const entityLink = completion.body.output.links.find((l: { title: string }) => l.title === 'Open in catalog');
    expect(entityLink.entityRef).toBe('component:default/inventory-api');
    expect(log).not.toContain(GITOPS_TOKEN);
    expect(log).not.toContain(SANDBOX_TOKEN);
  });

  it('fails at the wait step naming the failed job and step', async () => {
    sandbox.workflows.configure({ appearAfterMs: 5, queuedMs: 5, inProgressMs: 5, outcome: { conclusion: 'failure', job: 'test', step: 'Run the tests' } });
    const gitopsBefore = await sandbox.repo('acme', 'gitops').commits();

    const { task, events } = await runTask(formValues);

    expect(task.status).toBe('failed');
    const statuses = stepStatuses(events);
    expect(statuses.wait).toBe('failed');
    expect(statuses.manifests).toBeUndefined();
    const failure = events.find(e => e.body.stepId === 'wait' && e.body.status === 'failed')!;
    expect(failure.body.message).toMatch(/Workflow run failure in job "Test", step "Run the tests"/);
    expect(await sandbox.repo('acme', 'gitops').commits()).toEqual(gitopsBefore);
  });

  it('refuses bad form input at the first step, before anything is written', async () => {
    const values = { ...formValues, models: [{ name: 'Category', fields: [{ name: 'class', type: 'CharField', maxLength: 10 }] }] };

    const { task, events } = await runTask(values);

    expect(task.status).toBe('failed');
    expect(stepStatuses(events)).toEqual({ generate: 'failed' });
    expect(events.map(e => e.body.message).join('\n')).toContain('project.models[0].fields[0].name: "class" is a Python keyword');
    expect(sandbox.countWrites()).toBe(0);
  });

  it('resumes a failed task without a second repository, secret or commit', async () => {
    // An answer the client does not retry: the push stops after initialising the repository.
    sandbox.faults.failNext('POST /repos/{owner}/{repo}/git/trees', 1, 422);
    const first = await runTask(formValues);
    expect(stepStatuses(first.events).push).toBe('failed');

    // Secrets are never stored with a task: a retry brings them again, as the task page does.
    await request(server)
      .post(`/api/scaffolder/v2/tasks/${first.id}/retry`)
      .send({ secrets: { gitopsToken: GITOPS_TOKEN } })
      .expect(201);
    const { task, events } = await runTask(formValues, first.id);

    expect(task.status).toBe('completed');
    expect(stepStatuses(events).register).toBe('completed');
    expect(sandbox.countWrites('POST /orgs/{org}/repos')).toBe(1);
    expect(sandbox.countWrites('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}')).toBe(1);
    expect(await sandbox.repo('acme', 'inventory-api').commits()).toHaveLength(1);
  });
});
