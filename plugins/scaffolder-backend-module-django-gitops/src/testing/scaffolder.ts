import fs from 'node:fs';
import path from 'node:path';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { parse } from 'yaml';
import type { JsonObject } from '@backstage/types';
import type { Entity } from '@backstage/catalog-model';
import { AuditorServiceEvent, coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { createGitHubSandbox, GitHubSandbox } from '@dev-portal/github-sandbox';
import { scaffolderModuleDjangoGitops } from '../module';
import { SANDBOX_TOKEN } from './sandbox';

/** Test support: a real scaffolder backend running our template against the GitHub sandbox. */

const readTemplate = (name: string) => parse(fs.readFileSync(path.resolve(__dirname, `../../../../templates/${name}/template.yaml`), 'utf8'));
export const template = readTemplate('django-gitops');
/** The day-two templates: change a service's models, remove a service. */
export const updateTemplate = readTemplate('django-gitops-update');
export const removeTemplate = readTemplate('django-gitops-remove');
export const GITOPS_TOKEN = 'ghp_gitopsTokenFromTheForm_0123456789';

/**
 * The form as a person fills it for the seed's example: options left alone arrive empty, as the
 * browser form sends them, and the Secret field masks its value.
 */
export const formValues = {
  repoUrl: 'github.com?owner=acme&repo=inventory-api',
  branch: 'main',
  createRepository: true,
  appName: 'api',
  description: 'Inventory service',
  catalogOwner: 'group:default/inventory-team',
  database: 'sqlite',
  access: 'authenticated',
  registry: 'ghcr.io',
  cicd: true,
  models: [
    { name: 'Category', fields: [{ name: 'title', type: 'CharField', maxLength: 120, unique: true, required: true, choices: [] }] },
    {
      name: 'Product',
      fields: [
        { name: 'price', type: 'DecimalField', maxDigits: 10, decimalPlaces: 2, default: '0.00', required: true },
        { name: 'category', type: 'ForeignKey', to: 'Category', onDelete: 'PROTECT', required: false },
      ],
    },
  ],
  gitopsRepoUrl: 'github.com?owner=acme&repo=gitops',
  gitopsBranch: 'main',
  gitopsToken: '*'.repeat(GITOPS_TOKEN.length),
  pushToGitops: true,
  imageUpdater: false,
  workflowTimeoutSeconds: 120,
};

type Location = NonNullable<Awaited<ReturnType<ReturnType<typeof catalogServiceMock>['getLocationByEntity']>>>;

export type TaskEvent = {
  type: string;
  createdAt: string;
  body: { message?: string; stepId?: string; status?: string; output?: any };
};

export type TaskRun = { id: string; task: any; events: TaskEvent[]; log: string };

export interface ScaffolderHarness {
  sandbox: GitHubSandbox;
  /** The backend's HTTP server, for requests of a test's own. */
  server: Parameters<typeof request>[0];
  /** catalogInfoUrl targets that catalog:register registered. */
  registered: string[];
  /** The catalog the backend uses: the templates, and the entities registered (until unregistered). */
  catalog: ReturnType<typeof catalogServiceMock>;
  /** Submits a task as the Create page does, and waits for it to end. */
  runTask(values: object, taskId?: string): Promise<TaskRun>;
  /** Submits a task and returns its id at once; by default of the django-gitops template. */
  submitTask(values: object, secrets?: Record<string, string>, templateRef?: string): Promise<string>;
  /** Waits for the task's latest run to end. */
  taskEnded(taskId: string): Promise<TaskRun>;
  retry(taskId: string): Promise<void>;
}

export interface ScaffolderOptions {
  /** Config merged over the harness's own (the backend, the GitHub integration). */
  config?: JsonObject;
}

/**
 * Starts the backend once per test file and a fresh sandbox per test, with the organisation
 * `acme` and its GitOps repository.
 */
export function useScaffolder(options: ScaffolderOptions = {}): ScaffolderHarness {
  const msw = setupServer();
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;
  const harness = { registered: [] as string[] } as ScaffolderHarness;

  // The catalog: the templates, and registration that reads the entity from the sandbox as the
  // real catalog reads it from GitHub; removing a location takes its entity out again.
  const catalog = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const client = catalogServiceMock({ entities: [template, updateTemplate, removeTemplate] });
      const locations = new Map<string, { location: Location; entity: Entity }>();
      const refOf = (entity: Entity) => `${entity.kind.toLowerCase()}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`;
      const listed = client.getEntityByRef.bind(client);
      client.addLocation = async ({ target }) => {
        harness.registered.push(target);
        const [, owner, repo, branch, file] = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/blob\/([^/]+)\/(.+)$/.exec(target)!;
        const content = await harness.sandbox.repo(owner, repo).readFile(branch, file);
        const entity: Entity = parse(content!.toString());
        const location = { id: `location-${locations.size + 1}`, type: 'url', target, entityRef: `location:default/generated-${repo}` };
        locations.set(refOf(entity), { location, entity });
        return { location, entities: [entity] };
      };
      client.getEntityByRef = async (ref, requestOptions) => locations.get(String(ref))?.entity ?? listed(ref, requestOptions);
      client.getLocationByEntity = async ref => locations.get(String(ref))?.location;
      client.removeLocationById = async id => {
        for (const [ref, registered] of locations) if (registered.location.id === id) locations.delete(ref);
      };
      harness.catalog = client;
      return client;
    },
  });

  // The task worker tells the auditor the moment a run of a task has ended (a success once its
  // status is stored, a failure just before): tests wait for that instead of polling the task
  // all along, which would load the event loop the task runs on.
  const runsEnded = new Map<string, number>();
  const runEnded = new EventTarget();
  const auditor = createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => ({
      async createEvent(event): Promise<AuditorServiceEvent> {
        const taskId = event.meta?.actionType === 'execution' ? String(event.meta.taskId) : undefined;
        const ended = async () => {
          if (!taskId) return;
          runsEnded.set(taskId, (runsEnded.get(taskId) ?? 0) + 1);
          runEnded.dispatchEvent(new Event(taskId));
        };
        return { success: ended, fail: ended };
      },
    }),
  });
  const runsStarted = new Map<string, number>();

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        scaffolderModuleDjangoGitops,
        catalog,
        auditor,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost' },
            integrations: { github: [{ host: 'github.com', token: SANDBOX_TOKEN }] },
            ...options.config,
          },
        }),
      ],
    });
    server = backend.server;
    harness.server = server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop();
    msw.close();
  });
  beforeEach(async () => {
    harness.registered = [];
    harness.sandbox = createGitHubSandbox({ token: SANDBOX_TOKEN });
    msw.resetHandlers(...harness.sandbox.handlers);
    harness.sandbox.createOrg('acme');
    await harness.sandbox.createRepo('acme', 'gitops', { autoInit: true });
    harness.sandbox.workflows.configure({ appearAfterMs: 20, queuedMs: 20, inProgressMs: 20, outcome: 'success' });
    harness.sandbox.resetRequestLog();
  });
  afterEach(() => harness.sandbox.close());

  // Submits a task as the Create page does, and waits for it to end.
  // Resolves when the task's `run`th run has ended, as the auditor was told.
  const runHasEnded = (id: string, run: number) =>
    new Promise<void>(resolve => {
      const check = () => {
        if ((runsEnded.get(id) ?? 0) < run) return;
        runEnded.removeEventListener(id, check);
        resolve();
      };
      runEnded.addEventListener(id, check);
      check();
    });

  harness.submitTask = async (values, secrets = { gitopsToken: GITOPS_TOKEN }, templateRef = 'template:default/django-gitops') => {
    const { id } = (await request(server).post('/api/scaffolder/v2/tasks').send({ templateRef, values, secrets }).expect(201)).body;
    runsStarted.set(id, 1);
    return id;
  };
  harness.taskEnded = async id => {
    await runHasEnded(id, runsStarted.get(id)!);
    let task = (await request(server).get(`/api/scaffolder/v2/tasks/${id}`).expect(200)).body;
    while (!['completed', 'failed', 'cancelled'].includes(task.status)) {
      await new Promise(resolve => setTimeout(resolve, 10));
      task = (await request(server).get(`/api/scaffolder/v2/tasks/${id}`).expect(200)).body;
    }
    const events: TaskEvent[] = (await request(server).get(`/api/scaffolder/v2/tasks/${id}/events`).expect(200)).body;
    return { id, task, events, log: events.map(e => e.body.message ?? '').join('\n') };
  };
  harness.runTask = async (values, taskId) => harness.taskEnded(taskId ?? (await harness.submitTask(values)));
  // Secrets are never stored with a task: a retry brings them again, as the task page does.
  harness.retry = async taskId => {
    runsStarted.set(taskId, (runsStarted.get(taskId) ?? 0) + 1);
    await request(server)
      .post(`/api/scaffolder/v2/tasks/${taskId}/retry`)
      .send({ secrets: { gitopsToken: GITOPS_TOKEN } })
      .expect(201);
  };
  return harness;
}

/** How each step ended; steps skipped after a failure are left out. */
export function stepStatuses(events: TaskEvent[]): Record<string, string> {
  const statuses = new Map<string, string>();
  for (const { body } of events) if (body.stepId && body.status) statuses.set(body.stepId, body.status);
  return Object.fromEntries([...statuses].filter(([, status]) => status !== 'skipped'));
}
