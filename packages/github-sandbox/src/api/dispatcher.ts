import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, DOCS_ROOT } from '../http/errors';
import { ApiResponse, Router, routeKey } from '../http/router';
import { RequestLog, RequestLogEntry } from '../requestLog';
import { SandboxCore } from './core';

export interface DispatcherOptions {
  /** Accepted tokens; undefined accepts any request, authenticated or not. */
  tokens?: string[];
  /** Requests per hour and token (GitHub: 5,000). */
  rateLimit: number;
}

interface RateWindow {
  remaining: number;
  resetAt: number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const HOUR_MS = 3_600_000;

const etagOf = (payload: Buffer) => `W/"${createHash('sha256').update(payload).digest('hex').slice(0, 40)}"`;

/** `If-None-Match` may list several tags, weak or strong. */
const etagMatches = (header: string, etag: string) =>
  header
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .some(tag => tag === '*' || tag === etag.replace(/^W\//, ''));

function tokenOf(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  return /^(?:token|bearer)\s+(\S+)$/i.exec(header)?.[1];
}

/** The one write an archived repository accepts: `PATCH` with `archived: false`. */
const isUnarchiving = (route: string | undefined, body: Record<string, unknown>) =>
  route === 'PATCH /repos/{owner}/{repo}' && body.archived === false;

/**
 * The one request pipeline behind both faces (msw handlers and the HTTP server): latency,
 * authentication, rate limits, injected faults, routing, conditional requests, GitHub's headers
 * and the request log.
 */
export class Dispatcher {
  private readonly windows = new Map<string, RateWindow>();

  constructor(
    private readonly core: SandboxCore,
    private readonly router: Router<SandboxCore>,
    private readonly log: RequestLog,
    private readonly options: DispatcherOptions,
  ) {}

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const rawPath = url.pathname.slice(this.core.urls.apiPathPrefix.length) || '/';
    const method = request.method.toUpperCase();
    const match = this.router.match(method, rawPath);
    const route = match ? routeKey(match.route) : undefined;
    const conditional = request.headers.has('if-none-match');
    const entry: Omit<RequestLogEntry, 'status' | 'notModified' | 'seq' | 'answeredAt'> = {
      method,
      path: `${rawPath}${url.search}`,
      route,
      write: WRITE_METHODS.has(method),
      at: new Date(),
      conditional,
    };
    const docs = match ? `${DOCS_ROOT}/${match.route.docs}` : DOCS_ROOT;

    if (this.core.faults.delayMs > 0) await sleep(this.core.faults.delayMs);

    const token = tokenOf(request);
    const authError = this.authenticate(request, token);
    const window = this.rateWindow(token ?? 'anonymous');
    const rateHeaders = () => ({
      'x-ratelimit-limit': String(this.options.rateLimit),
      'x-ratelimit-remaining': String(window.remaining),
      'x-ratelimit-used': String(this.options.rateLimit - window.remaining),
      'x-ratelimit-reset': String(Math.floor(window.resetAt / 1000)),
      'x-ratelimit-resource': 'core',
    });

    let outcome: ApiResponse;
    let fault: RequestLogEntry['fault'];
    try {
      if (authError) throw authError;
      if (window.remaining <= 0) {
        throw new ApiError(403, `API rate limit exceeded for user ID ${this.core.state.authenticatedUser.id}.`);
      }
      const injected = this.core.faults.takeFailure({ method, route, path: rawPath });
      if (injected) {
        fault = 'failure';
        throw injected;
      }
      if (!match) throw new ApiError(404, 'Not Found');
      const body = await parseBody(request);
      const repository = match.params.repo ? this.core.state.repository(match.params.owner, match.params.repo) : undefined;
      const unavailable = repository && match.route.gitBacked && this.core.faults.unavailableError(repository, method, new Date());
      if (unavailable) {
        fault = 'unavailable';
        throw unavailable;
      }
      if (repository?.archived && entry.write && !isUnarchiving(route, body)) {
        throw new ApiError(403, 'Repository was archived so is read-only.');
      }
      outcome = await match.route.handle(
        {
          params: match.params,
          query: url.searchParams,
          body,
          headers: request.headers,
          login: this.core.state.authenticatedLogin,
        },
        this.core,
      );
    } catch (error) {
      outcome = errorResponse(error, docs);
    }

    const payload = serialise(outcome.body);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      ...outcome.headers,
    };
    let status = outcome.status;
    if (method === 'GET' && status === 200 && payload) {
      headers.etag = etagOf(payload);
      headers['cache-control'] = 'private, max-age=60, s-maxage=60';
      headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP';
      if (conditional && etagMatches(request.headers.get('if-none-match')!, headers.etag)) status = 304;
    }
    // Conditional requests answered 304 and requests refused for their credentials do not count.
    if (status !== 304 && status !== 401 && window.remaining > 0) window.remaining -= 1;
    Object.assign(headers, rateHeaders());

    this.log.record({ ...entry, answeredAt: new Date(), seq: this.core.state.nextSeq(), status, notModified: status === 304, fault });
    const hasBody = payload && status !== 204 && status !== 304;
    if (!hasBody) delete headers['content-type'];
    return new Response(hasBody ? new Uint8Array(payload) : null, { status, headers });
  }

  private authenticate(request: Request, token: string | undefined): ApiError | undefined {
    const { tokens } = this.options;
    if (!tokens) return undefined;
    if (!request.headers.has('authorization')) return new ApiError(401, 'Requires authentication');
    return token && tokens.includes(token) ? undefined : new ApiError(401, 'Bad credentials');
  }

  private rateWindow(key: string): RateWindow {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { remaining: this.options.rateLimit, resetAt: now + HOUR_MS };
      this.windows.set(key, window);
    }
    return window;
  }
}

function serialise(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  return Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
}

async function parseBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Problems parsing JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError(400, 'Body should be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function errorResponse(error: unknown, docs: string): ApiResponse {
  if (!(error instanceof ApiError)) {
    // A sandbox bug, not a GitHub behaviour: answer like GitHub's 500 and say why on stderr.
    console.error('github-sandbox: unexpected error', error);
    return { status: 500, body: { message: 'Server Error' } };
  }
  const body: Record<string, unknown> = { message: error.message, documentation_url: docs, status: String(error.status) };
  if (error.errors) body.errors = error.errors;
  if (error.status >= 500) return { status: error.status, body: { message: error.message }, headers: error.headers };
  return { status: error.status, body, headers: error.headers };
}
