import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../../..');
const TEMPLATE_PATH = path.join(REPOSITORY_ROOT, 'templates/django-gitops/template.yaml');
const SANDBOX_TOKEN = 'e2e-sandbox-token';

/** A running portal: the GitHub sandbox and the backend serving the built frontend. */
export interface Portal {
  /** Where the page and the API answer (one port). */
  url: string;
  sandboxUrl: string;
  /** The sandbox as RepoUrlPicker names it (the integration's host). */
  sandboxHost: string;
  /** The sandbox's `/_sandbox/state`: repositories, branches, secret names, runs. */
  sandboxState(): Promise<SandboxState>;
  /** A request to the sandbox's GitHub REST API (`/repos/...`, GET unless `init` says), authenticated; the parsed JSON. */
  sandboxApi<T>(apiPath: string, init?: RequestInit): Promise<T>;
  /** How the sandbox's runs of later pushes go (`PUT /_sandbox/workflows`), e.g. `{ outcome: 'failure' }`. */
  configureWorkflows(settings: object): Promise<void>;
  /** Resolves once the catalog holds the entity (`kind:namespace/name`). */
  waitForEntity(ref: string): Promise<void>;
  /** Runs `npm run demo -- <name>` against this portal, as after `npm start`; resolves with its output. */
  runDemo(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface SandboxState {
  repositories: Array<{
    fullName: string;
    branches: string[];
    secrets: Array<{ name: string }>;
  }>;
  writes: number;
}

/**
 * Starts what `npm start` starts, on free ports so a developer's own `npm start` (7007/7008) can
 * keep running: builds the frontend if its sources changed, runs the sandbox and the backend
 * with `app-config.yaml` plus an override for the ports (and `config`, layered last), and waits
 * until the template is in the catalog. `templates` names more of the repository's templates to
 * register (`templates/<name>/template.yaml`), such as the day-two ones.
 */
export async function startPortal(config: object = {}, templates: string[] = []): Promise<Portal> {
  execFileSync('bash', [path.join(REPOSITORY_ROOT, 'packages/app/scripts/build-if-changed.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  const [backendPort, sandboxPort] = [await freePort(), await freePort()];
  const url = `http://localhost:${backendPort}`;
  const sandboxUrl = `http://localhost:${sandboxPort}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-portal-e2e-'));
  // The template's pickers offer only the hosts it lists (RepoUrlPicker's allowedHosts), and it
  // lists the sandbox of `npm start`: the copy the catalog reads here lists this sandbox instead.
  const template = path.join(workDir, 'template.yaml');
  fs.writeFileSync(template, fs.readFileSync(TEMPLATE_PATH, 'utf8').replaceAll('localhost:7008', `localhost:${sandboxPort}`));
  const configOverride = path.join(workDir, 'app-config.e2e.yaml');
  // JSON is YAML; arrays replace those of app-config.yaml, objects merge into it.
  fs.writeFileSync(
    configOverride,
    JSON.stringify({
      app: { baseUrl: url },
      backend: { baseUrl: url, listen: { port: backendPort } },
      catalog: {
        locations: [
          { type: 'file', target: template, rules: [{ allow: ['Template'] }] },
          ...templates.map(name => ({
            type: 'file',
            target: path.join(REPOSITORY_ROOT, 'templates', name, 'template.yaml'),
            rules: [{ allow: ['Template'] }],
          })),
          // The local organisation: the owners the form offers, the guest among them.
          { type: 'file', target: path.join(REPOSITORY_ROOT, 'catalog/org.yaml'), rules: [{ allow: ['Group', 'User'] }] },
        ],
      },
      integrations: {
        github: [{ host: `localhost:${sandboxPort}`, apiBaseUrl: `${sandboxUrl}/api/v3`, token: SANDBOX_TOKEN }],
      },
    }),
  );

  const extraConfig = path.join(workDir, 'app-config.extra.yaml');
  fs.writeFileSync(extraConfig, JSON.stringify(config));

  const logs: string[] = [];
  const sandbox = startProcess('npm', ['run', '--silent', '-w', 'packages/github-sandbox', 'sandbox'], {
    cwd: REPOSITORY_ROOT,
    env: { PORT: String(sandboxPort), TOKEN: SANDBOX_TOKEN, STORAGE_DIR: path.join(workDir, 'sandbox') },
    logs,
  });
  const backend = startProcess(
    'npx',
    ['backstage-cli', 'package', 'start', '--config', '../../app-config.yaml', '--config', configOverride, '--config', extraConfig],
    { cwd: path.join(REPOSITORY_ROOT, 'packages/backend'), env: {}, logs },
  );

  const stop = async () => {
    await Promise.all([stopProcess(backend), stopProcess(sandbox)]);
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${sandboxUrl}/_sandbox/state`, [sandbox]);
    await waitFor(`${url}/api/catalog/entities/by-name/template/default/django-gitops`, [backend, sandbox]);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- output ---\n${logs.join('').slice(-5000)}`);
  }

  return {
    url,
    sandboxUrl,
    sandboxHost: `localhost:${sandboxPort}`,
    sandboxState: async () => (await fetch(`${sandboxUrl}/_sandbox/state`)).json() as Promise<SandboxState>,
    sandboxApi: async (apiPath, init) => {
      const response = await fetch(`${sandboxUrl}/api/v3${apiPath}`, {
        ...init,
        headers: { authorization: `token ${SANDBOX_TOKEN}`, ...init?.headers },
      });
      if (!response.ok) {
        throw new Error(`${init?.method ?? 'GET'} ${apiPath}: ${response.status} ${await response.text()}`);
      }
      return response.json();
    },
    configureWorkflows: async settings => {
      const response = await fetch(`${sandboxUrl}/_sandbox/workflows`, { method: 'PUT', body: JSON.stringify(settings) });
      if (response.status !== 204) {
        throw new Error(`PUT /_sandbox/workflows: ${response.status} ${await response.text()}`);
      }
    },
    waitForEntity: async ref => {
      const [, kind, namespace, name] = /^([^:]+):([^/]+)\/(.+)$/.exec(ref)!;
      await waitFor(`${url}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`, [backend, sandbox], 60_000);
    },
    runDemo: async name => {
      const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'demo', '--', name], {
        cwd: REPOSITORY_ROOT,
        env: { ...process.env, PORTAL_URL: url, SANDBOX_URL: sandboxUrl, GITHUB_SANDBOX_TOKEN: SANDBOX_TOKEN },
      });
      return stdout;
    },
    stop,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; logs: string[] },
): ChildProcess {
  // Jest's NODE_ENV=test would stay, and the guest provider signs in nobody outside development.
  const { NODE_ENV: _jestNodeEnv, ...inherited } = process.env;
  // Its own process group, so stopping it also stops what npm/npx started under it.
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...inherited, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', chunk => options.logs.push(String(chunk)));
  }
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const group = -child.pid!;
  const exited = new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(undefined);
    else child.once('exit', resolve);
  });
  signalGroup(group, 'SIGTERM');
  await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 10_000))]);
  // Whatever the group leader left behind (a backend that ignored SIGTERM) goes too.
  signalGroup(group, 'SIGKILL');
}

function signalGroup(group: number, signal: NodeJS.Signals) {
  try {
    process.kill(group, signal);
  } catch (error) {
    // ESRCH: the group is already gone.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Polls `url` until it answers 200; fails early when one of `processes` exits. */
async function waitFor(url: string, processes: ChildProcess[], timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exited = processes.find(child => child.exitCode !== null);
    if (exited) {
      throw new Error(`${exited.spawnargs.join(' ')} exited with ${exited.exitCode} before ${url} answered`);
    }
    const status = await fetch(url).then(
      response => response.status,
      () => 0,
    );
    if (status === 200) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}
