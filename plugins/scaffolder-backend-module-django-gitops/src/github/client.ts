import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';

/** Octokit with GitHub's official retry (5xx, 409) and rate-limit (403/429 + retry-after) handling. */
const ResilientOctokit = Octokit.plugin(retry, throttling);
/** The plugins work behind the REST methods; callers see a plain Octokit. */
export type GitHubClient = Octokit;

export interface GitHubClientOptions {
  /** The token; it is only ever sent in the Authorization header, never logged. */
  auth: string;
  /** API root: https://api.github.com, or a GitHub Enterprise / sandbox `.../api/v3`. */
  baseUrl?: string;
  /** Where throttling notices go (the task log). */
  log?: (message: string) => void;
  /** Times a rate-limited request is retried after GitHub's `retry-after`; default 3. */
  rateLimitRetries?: number;
  /** Seconds between retries of failed requests; GitHub wants seconds, tests want none. */
  retryAfterBaseSeconds?: number;
}

/** A GitHub REST client that survives transient failures and secondary rate limits. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const say = options.log ?? (() => {});
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _: unknown, retryCount: number) => {
    if (retryCount >= rateLimitRetries) return false;
    say(`GitHub ${kind} rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
    return true;
  };
  // The plugin's default spaces writes a second apart, which would make a ten-write onboarding
  // take ten seconds. Writes stay one at a time; GitHub's secondary limit (403/429 with
  // retry-after) is what slows them down when it must.
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  return new ResilientOctokit({
    auth: options.auth,
    baseUrl: options.baseUrl,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    retry: { retryAfterBaseValue: (options.retryAfterBaseSeconds ?? 1) * 1000 },
    throttle: { write, onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
  });
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
 * An error that says what failed and what GitHub answered, without the request (its headers
 * carry the token) or Octokit's stack.
 */
export function gitHubFailure(what: string, error: unknown): Error {
  const status = statusOf(error);
  if (status === undefined) return error instanceof Error ? error : new Error(String(error));
  return new Error(`${what}: GitHub answered ${status} ${gitHubMessage(error)}`);
}
