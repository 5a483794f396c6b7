import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import type { WorkflowSimulationConfig } from '../actions/runTimeline';
import { createGitHubSandbox, GitHubSandbox, GitHubSandboxOptions } from '../sandbox';
import { serveGit } from './gitHttpBackend';

export interface SandboxServerOptions extends Omit<GitHubSandboxOptions, 'baseUrl'> {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Host name put in URLs (API base, html_url, clone URLs); default `localhost`. */
  publicHost?: string;
}

export interface SandboxServer {
  /** `http://localhost:PORT`: web URLs and `git clone http://localhost:PORT/<owner>/<repo>.git`. */
  url: string;
  /** `http://localhost:PORT/api/v3`, the GitHub Enterprise-style API base. */
  apiBaseUrl: string;
  sandbox: GitHubSandbox;
  close(): Promise<void>;
}

const API_PREFIX = '/api/v3';

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Hands an API request to the sandbox's msw handlers, the same ones tests use in-process. */
async function serveApi(sandbox: GitHubSandbox, request: IncomingMessage, response: ServerResponse, pathAndQuery: string) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = request.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(await readBody(request));
  // The API base URL is fixed (clients may call 127.0.0.1 or localhost): route by path only.
  const fetchRequest = new Request(`${sandbox.baseUrl}${pathAndQuery}`, { method, headers, body });
  const answer = await getResponse(sandbox.handlers, fetchRequest);
  if (!answer) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(Buffer.from(await answer.arrayBuffer()));
}

/** What `/_sandbox/state` shows: enough to follow a demo, never a secret value. */
async function stateSummary(sandbox: GitHubSandbox) {
  return {
    apiBaseUrl: sandbox.baseUrl,
    repositories: await Promise.all(
      sandbox.listRepos().map(async repository => ({
        fullName: repository.fullName,
        defaultBranch: repository.defaultBranch,
        private: repository.private,
        cloneUrl: sandbox.urls.repoWeb(repository.fullName, '.git'),
        branches: await repository.branches(),
        secrets: repository.secrets().map(secret => ({ name: secret.name, updatedAt: secret.updatedAt })),
        runs: repository.runs().map(({ jobs: _jobs, ...run }) => run),
      })),
    ),
    requests: sandbox.requests.length,
    writes: sandbox.countWrites(),
  };
}

const WORKFLOW_SETTINGS: ReadonlySet<string> = new Set(['appearAfterMs', 'queuedMs', 'inProgressMs', 'outcome']);

/**
 * `PUT /_sandbox/workflows`: how runs of later pushes go (`workflows.configure`), for a browser
 * test or a demo of a failing run against a running server.
 */
async function configureWorkflows(sandbox: GitHubSandbox, request: IncomingMessage, response: ServerResponse) {
  let settings: Partial<WorkflowSimulationConfig>;
  try {
    settings = JSON.parse((await readBody(request)).toString('utf8'));
  } catch {
    response.writeHead(400, { 'content-type': 'text/plain' }).end('The body is not JSON\n');
    return;
  }
  const unknown = settings && typeof settings === 'object' ? Object.keys(settings).filter(key => !WORKFLOW_SETTINGS.has(key)) : ['(not an object)'];
  if (unknown.length > 0) {
    response.writeHead(400, { 'content-type': 'text/plain' }).end(`Unknown workflow settings: ${unknown.join(', ')}\n`);
    return;
  }
  sandbox.workflows.configure(settings);
  response.writeHead(204).end();
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`);

/** The page a run's `html_url` opens: status, conclusion, jobs and steps. */
function runPage(sandbox: GitHubSandbox, owner: string, repo: string, runId: string): string | undefined {
  const run = sandbox.listRepos()
    .find(candidate => candidate.fullName.toLowerCase() === `${owner}/${repo}`.toLowerCase())
    ?.runs()
    .find(candidate => String(candidate.id) === runId && candidate.visible);
  if (!run) return undefined;
  const jobs = run.jobs
    .map(job => `<li>${escapeHtml(job.name)}: ${job.conclusion ?? job.status}<ul>${job.steps
      .map(step => `<li>${escapeHtml(step.name)}: ${step.conclusion ?? 'pending'}</li>`)
      .join('')}</ul></li>`)
    .join('');
  return `<!doctype html><title>${escapeHtml(run.workflowName)} #${run.runNumber}</title>
<h1>${escapeHtml(owner)}/${escapeHtml(repo)}: ${escapeHtml(run.workflowName)} #${run.runNumber}</h1>
<p>Commit ${run.headSha} on ${escapeHtml(run.headBranch)}: <b>${run.conclusion ?? run.status}</b></p><ul>${jobs}</ul>`;
}

/** Routes one HTTP request to the API, git, a run page or the state summary. */
async function route(sandbox: GitHubSandbox, request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://sandbox');
  if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) {
    await serveApi(sandbox, request, response, `${url.pathname.slice(API_PREFIX.length)}${url.search}`);
    return;
  }
  const git = /^\/([^/]+)\/([^/]+?)\.git\/(.+)$/.exec(url.pathname);
  if (git && sandbox.listRepos().some(repo => repo.fullName.toLowerCase() === `${git[1]}/${git[2]}`.toLowerCase())) {
    serveGit(request, response, sandbox.storageDir, `${git[1]}/${git[2]}.git`.toLowerCase(), git[3], url.search.slice(1));
    return;
  }
  if (url.pathname === '/_sandbox/workflows' && request.method === 'PUT') {
    await configureWorkflows(sandbox, request, response);
    return;
  }
  if (url.pathname === '/_sandbox/state') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await stateSummary(sandbox), null, 2));
    return;
  }
  const run = /^\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)$/.exec(url.pathname);
  const page = run && runPage(sandbox, run[1], run[2], run[3]);
  if (page) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
}

/**
 * Serves a sandbox over HTTP: the REST API under `/api/v3`, read-only git smart HTTP at
 * `/<owner>/<repo>.git`, run pages at the runs' `html_url`, `/_sandbox/state` for a look inside and
 * `PUT /_sandbox/workflows` to change how later runs go.
 */
export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<SandboxServer> {
  const { port = 0, host = '127.0.0.1', publicHost = 'localhost', ...sandboxOptions } = options;
  // Listen first: the sandbox's URLs need the port, which may be picked by the system.
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const url = `http://${publicHost}:${(server.address() as AddressInfo).port}`;
  const sandbox = createGitHubSandbox({ ...sandboxOptions, baseUrl: `${url}${API_PREFIX}` });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    route(sandbox, request, response).catch(error => {
      console.error('github-sandbox server: unexpected error', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  return {
    url,
    apiBaseUrl: `${url}${API_PREFIX}`,
    sandbox,
    close: async () => {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sandbox.close();
    },
  };
}
