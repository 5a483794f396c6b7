import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { SandboxServer, startSandboxServer } from '@dev-portal/github-sandbox';
// Test support shared with the module's own tests: the throwaway PostgreSQL server and free ports.
import { startPostgres } from '@dev-portal/plugin-scaffolder-backend-module-django-gitops/src/testing/postgres';
import { freePort } from '@dev-portal/plugin-scaffolder-backend-module-django-gitops/src/testing/net';

/**
 * The real portal as several backend processes (packages/backend, app-config.production.yaml) on
 * one throwaway PostgreSQL, against the GitHub sandbox served over HTTP: what a platform team
 * runs, minus GitHub (the sandbox) and GitHub sign-in (a static access token for the REST API).
 */

const BACKEND_DIR = path.resolve(__dirname, '../..');
const REPOSITORY_ROOT = path.resolve(BACKEND_DIR, '../..');
const TEMPLATE_PATH = path.join(REPOSITORY_ROOT, 'templates/django-gitops/template.yaml');
/** The external access token of app-config.production.yaml (PORTAL_API_TOKEN). */
export const API_TOKEN = 'portal-api-token-for-tests-0123456789';
export const SANDBOX_TOKEN = 'ghp_portalSandboxToken0123456789';
export const GITOPS_TOKEN = 'ghp_gitopsTokenOfTheForm0123456789';
export const OWNER = 'acme';
export const GITOPS_REPO = 'gitops';

export interface ClusterOptions {
  replicas: number;
  /** Added to every GitHub request, as the network and GitHub add it. */
  latencyMs: number;
  /** How long the first CI/CD run of each repository takes, from the push to its end. */
  run: { appearAfterMs: number; queuedMs: number; inProgressMs: number };
  /** scaffolder.taskRecovery.staleTimeout. */
  staleTimeoutSeconds: number;
  /** Environment variables set differently from the defaults below. */
  env?: Record<string, string>;
  /**
   * The image's /app as scripts/portal-image.sh lays it out: the replicas start the built
   * bundle as the image's CMD does. By default they run this checkout's TypeScript.
   */
  image?: string;
}

/** One backend process of the portal, on its own port and working directory. */
export class PortalReplica {
  readonly url: string;
  /** The output of its current (or last) process. */
  readonly logs: string[] = [];
  private process?: ChildProcess;
  private starts = 0;

  constructor(
    readonly name: string,
    private readonly port: number,
    private readonly configFiles: string[],
    private readonly env: Record<string, string>,
    private readonly workRoot: string,
    private readonly image?: string,
  ) {
    this.url = `http://localhost:${port}`;
  }

  /**
   * Starts the process as the image starts it (NODE_ENV=production, the production config)
   * and waits until it is ready and its catalog has the template. Every start gets an empty
   * working directory, as a rescheduled pod does: a resumed task cannot find files there.
   */
  async start(): Promise<void> {
    this.starts += 1;
    const workingDirectory = path.join(this.workRoot, `${this.name}-${this.starts}`);
    fs.mkdirSync(workingDirectory, { recursive: true });
    const listen = path.join(this.workRoot, `${this.name}-listen.json`);
    fs.writeFileSync(
      listen,
      JSON.stringify({ backend: { baseUrl: this.url, listen: { port: this.port }, workingDirectory }, app: { baseUrl: this.url } }),
    );
    const configArgs = [...this.configFiles, listen].flatMap(file => ['--config', file]);
    const env = { ...process.env, ...this.env, NODE_ENV: 'production' };
    const child = this.image
      ? spawn(process.execPath, ['packages/backend', ...configArgs], { cwd: this.image, env, stdio: ['ignore', 'pipe', 'pipe'] })
      : // The backend's TypeScript runs through Backstage's own loader, as `backstage-cli package
        // start` runs it, without its watcher and without switching NODE_ENV to development.
        spawn(
          process.execPath,
          ['--enable-source-maps', '--require', require.resolve('@backstage/cli-node/config/nodeTransform.cjs'), 'src/index.ts', ...configArgs],
          { cwd: BACKEND_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
    this.process = child;
    this.logs.length = 0;
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', chunk => this.logs.push(String(chunk)));
    await this.waitUntilReady(child);
  }

  /**
   * The tasks its current (or killed) process has executed, each with how its execution stands
   * (`initiated`, `succeeded`, `failed`), from the auditor's log lines. Any replica may claim any
   * open task, not only those submitted to it.
   */
  taskExecutions(): Map<string, string> {
    const executions = new Map<string, string>();
    for (const line of this.logs.join('').split('\n')) {
      if (!line.includes('"actionType":"execution"')) continue;
      const event = JSON.parse(line);
      executions.set(event.meta.taskId, event.status);
    }
    return executions;
  }

  /** The tasks its current (or killed) process is executing. */
  runningTasks(): string[] {
    return [...this.taskExecutions()].filter(([, status]) => status === 'initiated').map(([taskId]) => taskId);
  }

  /** The crash: SIGKILL, no shutdown hook runs, heartbeats stop mid-step. */
  kill(): void {
    this.process?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    if (!(await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]))) child.kill('SIGKILL');
  }

  /** An authenticated call to the portal's REST API; the parsed JSON. */
  async api<T>(apiPath: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${this.url}/api${apiPath}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${apiPath} on ${this.name}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 240_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.name} exited while starting:\n${this.logs.join('').slice(-5000)}`);
      }
      if (Date.now() > deadline) throw new Error(`${this.name} did not start in 4 minutes:\n${this.logs.join('').slice(-5000)}`);
      const ready = await fetch(`${this.url}/.backstage/health/v1/readiness`).then(r => r.ok, () => false);
      const template = ready && (await this.api('/catalog/entities/by-name/template/default/django-gitops').then(() => true, () => false));
      if (template) return;
      await sleep(500);
    }
  }
}

/** A task as the scaffolder's database holds it. */
export interface TaskRecord {
  id: string;
  status: string;
  events: Array<{ type: string; body: { message?: string; stepId?: string; status?: string } }>;
}

export interface PortalCluster {
  sandbox: SandboxServer;
  replicas: PortalReplica[];
  /** The sandbox's host as integrations.github names it (`localhost:PORT`). */
  host: string;
  /** Submits an onboarding of a new repository `name` to a replica, as the Create page does. */
  submit(replica: PortalReplica, name: string): Promise<string>;
  /** Resolves once a replica has claimed the task (it is no longer `open`). */
  waitForClaim(taskId: string): Promise<void>;
  /** Every task, with its events, read from the scaffolder's database. */
  tasks(): Promise<TaskRecord[]>;
  /** Resolves when every task has ended (completed or failed); rejects after `timeoutMs`. */
  waitForTasksToEnd(count: number, timeoutMs: number): Promise<TaskRecord[]>;
  /** The scaffolder's database, for what the REST API does not show. */
  query<T extends object>(sql: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/** The form of one onboarding: the example project, CI/CD on, deployed through the GitOps repository. */
export function onboardingValues(host: string, name: string) {
  return {
    repoUrl: `${host}?owner=${OWNER}&repo=${name}`,
    branch: 'main',
    createRepository: true,
    appName: 'api',
    description: `${name} (Dev Portal replica test)`,
    database: 'sqlite',
    access: 'authenticated',
    registry: 'ghcr.io',
    cicd: true,
    models: [
      { name: 'Category', fields: [{ name: 'title', type: 'CharField', maxLength: 120, unique: true }] },
      {
        name: 'Product',
        fields: [
          { name: 'price', type: 'DecimalField', maxDigits: 10, decimalPlaces: 2, default: '0.00' },
          { name: 'category', type: 'ForeignKey', to: 'Category', onDelete: 'PROTECT', required: false },
        ],
      },
    ],
    gitopsRepoUrl: `${host}?owner=${OWNER}&repo=${GITOPS_REPO}`,
    gitopsBranch: 'main',
    gitopsToken: '*'.repeat(GITOPS_TOKEN.length),
    pushToGitops: true,
    imageUpdater: false,
    workflowTimeoutSeconds: 300,
  };
}

/**
 * Starts PostgreSQL, the sandbox (organisation `acme`, its GitOps repository) and the replicas
 * one after the other (the first creates the databases), each on its own port.
 */
export async function startPortalCluster(options: ClusterOptions): Promise<PortalCluster> {
  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-portal-replicas-'));
  const postgres = startPostgres();
  const stops: Array<() => Promise<void> | void> = [() => fs.rmSync(workRoot, { recursive: true, force: true }), postgres.stop];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const databaseUrl = new URL(await postgres.url);
    const sandbox = await startSandboxServer({ token: SANDBOX_TOKEN });
    stops.push(() => sandbox.close());
    sandbox.sandbox.createOrg(OWNER);
    await sandbox.sandbox.createRepo(OWNER, GITOPS_REPO, { description: 'GitOps repository watched by Argo CD' });
    await sandbox.sandbox.commitFiles(OWNER, GITOPS_REPO, { message: 'Initial commit', files: { 'README.md': '# gitops\n' } });
    sandbox.sandbox.workflows.configure({ ...options.run, outcome: 'success' });
    sandbox.sandbox.faults.latency(options.latencyMs);
    const host = new URL(sandbox.url).host;

    // What differs from production: the sandbox instead of GitHub, the template from this
    // checkout, no GitHub organisation to read users from, and a shorter stale timeout.
    const testConfig = path.join(workRoot, 'app-config.test.json');
    fs.writeFileSync(
      testConfig,
      JSON.stringify({
        integrations: { github: [{ host, apiBaseUrl: sandbox.apiBaseUrl, token: SANDBOX_TOKEN }] },
        catalog: {
          locations: [{ type: 'file', target: TEMPLATE_PATH, rules: [{ allow: ['Template'] }] }],
          providers: { githubOrg: [] },
        },
        scaffolder: { taskRecovery: { staleTimeout: { seconds: options.staleTimeoutSeconds } } },
      }),
    );
    const env = {
      PORTAL_BASE_URL: 'http://localhost',
      POSTGRES_HOST: databaseUrl.hostname,
      POSTGRES_PORT: databaseUrl.port,
      POSTGRES_USER: databaseUrl.username,
      POSTGRES_PASSWORD: '',
      PORTAL_API_TOKEN: API_TOKEN,
      AUTH_GITHUB_CLIENT_ID: 'not-used-by-the-test',
      AUTH_GITHUB_CLIENT_SECRET: 'not-used-by-the-test',
      GITHUB_TOKEN: SANDBOX_TOKEN,
      GITHUB_ORG: OWNER,
      PORTAL_CATALOG_URL: 'not-used-by-the-test',
      ...options.env,
    };
    const configFiles = [path.join(options.image ?? REPOSITORY_ROOT, 'app-config.production.yaml'), testConfig];
    const replicas: PortalReplica[] = [];
    for (let index = 1; index <= options.replicas; index++) {
      const replica = new PortalReplica(`replica-${index}`, await freePort(), configFiles, env, workRoot, options.image);
      stops.push(() => replica.stop());
      replicas.push(replica);
      await replica.start();
    }

    const database = new Client({
      host: databaseUrl.hostname,
      port: Number(databaseUrl.port),
      user: databaseUrl.username,
      database: 'backstage_plugin_scaffolder',
    });
    await database.connect();
    stops.push(() => database.end());
    const query = async <T extends object>(sql: string, values?: unknown[]) => (await database.query(sql, values)).rows as T[];

    const tasks = async (): Promise<TaskRecord[]> => {
      const rows = await query<{ id: string; status: string }>('select id, status from tasks order by created_at');
      const events = await query<{ task_id: string; event_type: string; body: string }>(
        'select task_id, event_type, body from task_events order by id',
      );
      return rows.map(row => ({
        ...row,
        events: events.filter(event => event.task_id === row.id).map(event => ({ type: event.event_type, body: JSON.parse(event.body) })),
      }));
    };

    return {
      sandbox,
      replicas,
      host,
      submit: async (replica, name) =>
        (
          await replica.api<{ id: string }>('/scaffolder/v2/tasks', {
            method: 'POST',
            body: {
              templateRef: 'template:default/django-gitops',
              values: onboardingValues(host, name),
              // requireScmUserCredentials: the GitHub steps act with the user's token only.
              secrets: { gitopsToken: GITOPS_TOKEN, USER_OAUTH_TOKEN: SANDBOX_TOKEN },
            },
          })
        ).id,
      waitForClaim: async taskId => {
        while ((await query<{ status: string }>('select status from tasks where id = $1', [taskId]))[0]?.status === 'open') await sleep(50);
      },
      tasks,
      waitForTasksToEnd: async (count, timeoutMs) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const all = await tasks();
          if (all.length === count && all.every(task => task.status === 'completed' || task.status === 'failed')) return all;
          if (Date.now() > deadline) {
            const open = all.filter(task => task.status !== 'completed' && task.status !== 'failed').map(task => `${task.id}: ${task.status}`);
            throw new Error(`tasks still running after ${timeoutMs / 1000} s: ${open.join(', ')}`);
          }
          await sleep(1000);
        }
      },
      query,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The id of each step that has completed in a task's events. */
export function completedSteps(task: TaskRecord): Set<string> {
  return new Set(task.events.filter(event => event.body.stepId && event.body.status === 'completed').map(event => event.body.stepId!));
}

/** The step a task is running now, if any. */
export function runningStep(task: TaskRecord): string | undefined {
  const statuses = new Map<string, string>();
  for (const { body } of task.events) if (body.stepId && body.status) statuses.set(body.stepId, body.status);
  return [...statuses].find(([, status]) => status === 'processing')?.[0];
}
