import { setTimeout as sleep } from 'node:timers/promises';
import { RequestError } from '@octokit/request-error';
import { Octokit } from '@octokit/rest';

/** A plain Octokit whose requests ride out GitHub's transient failures and rate limits. */
export type GitHubClient = Octokit;

export interface GitHubClientOptions {
  /** The token; it is only ever sent in the Authorization header, never logged. */
  auth: string;
  /** API root: https://api.github.com, or a GitHub Enterprise / sandbox `.../api/v3`. */
  baseUrl?: string;
  /** Where retries and rate-limit pauses are told (the task log). */
  log?: (message: string) => void;
  /**
   * Options for every request: `signal` (the task's cancellation) ends a request and any pause
   * between its attempts at once; `timeout` (ms, as `getOctokitOptions` sets it) bounds each attempt.
   */
  request?: { signal?: AbortSignal; timeout?: number };
  /** Times a rate-limited request is asked again after GitHub's pause; default 3. */
  rateLimitRetries?: number;
  /** The pause before the n-th retry is this times n²; GitHub wants seconds, tests want none. Default 1. */
  retryAfterBaseSeconds?: number;
  /** A longer pause (a primary limit resetting in an hour) fails the request instead; default 120. */
  maxRateLimitPauseSeconds?: number;
}

/**
 * A GitHub REST client that asks again after a transient failure (5xx; 409 from a repository
 * still being created) and waits out rate limits (403/429 with `retry-after`, or the primary
 * limit's reset). One request hook instead of Octokit's retry and throttling plugins: their
 * Bottleneck queues cost 15 ms a request (measured against the in-process sandbox: 16.8 ms a GET
 * with them, 2.3 ms without), paid on every round trip of a template run, for queueing this
 * client never does. `npm run bench:github` keeps the hook's own cost measured.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const say = options.log ?? (() => {});
  const octokit = new Octokit({
    auth: options.auth,
    baseUrl: options.baseUrl,
    // Merged into every request's options, so the hook below sees the signal and the timeout.
    request: options.request,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const baseSeconds = options.retryAfterBaseSeconds ?? 1;
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const maxPauseSeconds = options.maxRateLimitPauseSeconds ?? 120;

  octokit.hook.wrap('request', async (request, endpoint) => {
    // A request may ask for fewer retries (`request: { retries: 0 }`).
    const { retries = 3, signal, timeout } = (endpoint.request ?? {}) as { retries?: number; signal?: AbortSignal; timeout?: number };
    // The route template, never the URL with its values, nor the headers with the token.
    const what = `${endpoint.method} ${endpoint.url}`;
    let attemptTimeout: AbortSignal | undefined;
    for (let failures = 0, limited = 0; ; ) {
      signal?.throwIfAborted();
      try {
        // @octokit/request v10 has no timeout of its own: each attempt gets a signal that ends it.
        // Set on the endpoint object itself: the inner hooks (auth) were bound to this object, and
        // options handed to `request` would be dropped by them.
        attemptTimeout = timeout ? AbortSignal.timeout(timeout) : undefined;
        if (attemptTimeout) endpoint.request = { ...endpoint.request, signal: AbortSignal.any([attemptTimeout, ...(signal ? [signal] : [])]) };
        return await request(endpoint);
      } catch (error) {
        // A cancelled task ends here, whatever the request was doing.
        signal?.throwIfAborted();
        const limit = rateLimitPause(error);
        if (limit) {
          if (limited >= rateLimitRetries) throw error;
          if (limit.seconds > maxPauseSeconds) {
            say(`GitHub's ${limit.kind} rate limit on ${what} lifts in ${limit.seconds}s, longer than a task waits`);
            throw error;
          }
          limited += 1;
          say(`GitHub ${limit.kind} rate limit on ${what}; retrying in ${limit.seconds}s`);
          await sleep(limit.seconds * 1000, undefined, { signal });
          continue;
        }
        const status = statusOf(error);
        if (status === undefined || !isTransient(status, error) || failures >= retries) throw error;
        failures += 1;
        const pause = baseSeconds * failures ** 2;
        // Octokit reports a request that never got an answer (network, timeout) as a 500.
        const why = attemptTimeout?.aborted ? `none within ${timeout} ms` : gitHubMessage(error);
        const answer = hasResponse(error) ? `GitHub answered ${status} to ${what}` : `${what} got no answer (${why})`;
        say(`${answer}; asking again in ${+pause.toFixed(3)}s (retry ${failures} of ${retries})`);
        await sleep(pause * 1000, undefined, { signal });
      }
    }
  });
  return octokit;
}

function hasResponse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { response?: unknown }).response !== undefined;
}

/**
 * Server errors pass, and so does a 409 from a repository GitHub is still creating. GitHub answers
 * 409 both for a repository it is still creating and for an empty one, and only the message tells
 * them apart ("The REST API will return a 409 Conflict if the Git repository is empty or
 * unavailable": docs.github.com/rest/guides/using-the-rest-api-to-interact-with-your-git-database;
 * the body is `{"message":"Git Repository is empty."}`, github/rest-api-description#385). Empty
 * stays empty: asking again would only delay the caller that initialises it.
 */
function isTransient(status: number, error: unknown): boolean {
  return status >= 500 || (status === 409 && !isEmptyRepository(error));
}

/** GitHub's answer for a repository without commits (see isTransient for the source of the text). */
export function isEmptyRepository(error: unknown): boolean {
  return statusOf(error) === 409 && /^Git Repository is empty\.?$/i.test(gitHubMessage(error));
}

/** GitHub's advice when a rate-limited answer says nothing of when to come back: at least a minute. */
const DEFAULT_RATE_LIMIT_PAUSE_SECONDS = 60;

/** How long GitHub asks a rate-limited client to wait, or undefined when the answer is no rate limit. */
function rateLimitPause(error: unknown): { kind: 'primary' | 'secondary'; seconds: number } | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
  if (headers['retry-after'] !== undefined) {
    // A blank or zero retry-after has been seen; coming straight back would spend the limit again.
    const seconds = Number(headers['retry-after']);
    return { kind: 'secondary', seconds: seconds > 0 ? seconds : DEFAULT_RATE_LIMIT_PAUSE_SECONDS };
  }
  if (headers['x-ratelimit-remaining'] === '0') {
    const untilReset = Math.ceil(Number(headers['x-ratelimit-reset']) - Date.now() / 1000);
    return { kind: 'primary', seconds: Number.isFinite(untilReset) ? Math.max(1, untilReset) : DEFAULT_RATE_LIMIT_PAUSE_SECONDS };
  }
  // Secondary limits without a header: GitHub documents them only as a 403 or 429 whose message
  // says so (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api, "Exceeding the
  // rate limit"); "abuse detection" is the older GitHub Enterprise wording.
  if (status === 429 || /secondary rate limit|abuse detection/i.test(gitHubMessage(error))) {
    return { kind: 'secondary', seconds: DEFAULT_RATE_LIMIT_PAUSE_SECONDS };
  }
  return undefined;
}

/** The HTTP status of an Octokit error, if it is one. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number'
    ? error.status
    : undefined;
}

/** GitHub's message for an Octokit error (never the request, which carries the token). */
export function gitHubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } })?.response?.data;
  if (data && typeof data.message === 'string') return data.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * An error that says what failed and what GitHub answered. Its `cause` is GitHub's error without
 * what could carry a secret: no request headers (the token) or body (file contents, sealed
 * secrets), only the method, the URL and GitHub's documented answer.
 */
export function gitHubFailure(what: string, error: unknown): Error {
  const status = statusOf(error);
  if (status === undefined) return error instanceof Error ? error : new Error(String(error));
  return new Error(`${what}: GitHub answered ${status} ${gitHubMessage(error)}`, { cause: redacted(error as OctokitFailure, status) });
}

/** What an Octokit error carries (its class may come from another copy of @octokit/request-error). */
type OctokitFailure = {
  request?: { method?: string; url?: string };
  response?: { status: number; url: string; headers: Record<string, unknown>; data?: unknown };
};

/** Response headers worth keeping: GitHub's request id for support, and the rate-limit state. */
const KEPT_HEADERS = /^(x-github-request-id|retry-after|x-ratelimit-.*)$/;

function redacted(error: OctokitFailure, status: number): RequestError {
  const { request, response } = error;
  const data = response?.data as { message?: unknown; documentation_url?: unknown } | undefined;
  return new RequestError(gitHubMessage(error), status, {
    request: { method: (request?.method ?? 'GET') as 'GET', url: request?.url ?? '', headers: {} },
    ...(response && {
      response: {
        status: response.status,
        url: response.url,
        headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => KEPT_HEADERS.test(name))) as Record<string, string>,
        data: { message: data?.message, documentation_url: data?.documentation_url },
      },
    }),
  });
}
