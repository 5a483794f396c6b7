import { ApiError } from './http/errors';
import { Repository } from './state/model';

/** What a fault matcher sees of a request. `route` is e.g. `PATCH /repos/{owner}/{repo}/git/refs/{ref}`. */
export interface RequestInfo {
  method: string;
  route?: string;
  path: string;
}

/** A route key (`'POST /repos/{owner}/{repo}/git/trees'`), `'*'` for every request, or a predicate. */
export type RequestMatcher = string | ((request: RequestInfo) => boolean);

export interface UnavailableAfterCreateOptions {
  /**
   * Answer 409 to the first N Git-backed requests (Git Data endpoints, commits) of each
   * repository created from now on.
   */
  requests?: number;
  /** Answer 409 to Git-backed requests for this long after each repository is created. */
  ms?: number;
  /** Only reads (GET) are refused and counted; writes go through. Default: every request. */
  readsOnly?: boolean;
  /**
   * Default `Repository is unavailable`: GitHub answers 409 "if the Git repository is empty or
   * unavailable. An unavailable repository typically means GitHub is in the process of creating
   * the repository" (docs: rest/guides/using-the-rest-api-to-interact-with-your-git-database).
   */
  message?: string;
}

export interface CompetingCommitOptions {
  /** File the competing writer changes; default `competing-change.txt`. */
  path?: string;
  content?: string;
  message?: string;
}

interface InjectedFailure {
  matcher: RequestMatcher;
  remaining: number;
  error: () => ApiError;
}

interface PendingCompetingCommit {
  repository: string;
  branch: string;
  remaining: number;
  options: CompetingCommitOptions;
}

const matches = (matcher: RequestMatcher, request: RequestInfo) =>
  typeof matcher === 'function' ? matcher(request) : matcher === '*' || matcher === request.route;

/** Faults and latency that tests switch on; all counters are per sandbox. */
export class Faults {
  private latencyMs = 0;
  private failures: InjectedFailure[] = [];
  private unavailable?: Required<Pick<UnavailableAfterCreateOptions, 'message'>> & UnavailableAfterCreateOptions & { since: Date };
  private competing: PendingCompetingCommit[] = [];

  /** Delay every request by `ms` before it is answered. */
  latency(ms: number): void {
    this.latencyMs = ms;
  }

  /** The next `n` matching requests answer `status` (a 5xx by default) without doing anything. */
  failNext(matcher: RequestMatcher, n = 1, status = 502): void {
    this.failures.push({ matcher, remaining: n, error: () => new ApiError(status, 'Server Error') });
  }

  /** The next `n` matching requests hit GitHub's secondary rate limit: 403 with `retry-after`. */
  secondaryRateLimit(matcher: RequestMatcher, n = 1, retryAfterSeconds = 60): void {
    this.failures.push({
      matcher,
      remaining: n,
      error: () =>
        new ApiError(
          403,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          undefined,
          { 'retry-after': String(retryAfterSeconds) },
        ),
    });
  }

  /** New repositories answer 409 on Git Data endpoints for a while, as GitHub does just after creation. */
  unavailableAfterCreate(options: UnavailableAfterCreateOptions): void {
    this.unavailable = { message: 'Repository is unavailable', ...options, since: new Date() };
  }

  /**
   * Before each of the next `n` ref updates of `owner/repo` `branch`, another writer lands a commit
   * on it, so a client's non-forced update stops being a fast forward.
   */
  competingCommitBeforeRefUpdate(owner: string, repo: string, branch: string, n = 1, options: CompetingCommitOptions = {}): void {
    this.competing.push({ repository: `${owner}/${repo}`.toLowerCase(), branch, remaining: n, options });
  }

  /** Switch every fault and the latency off. */
  clear(): void {
    this.latencyMs = 0;
    this.failures = [];
    this.unavailable = undefined;
    this.competing = [];
  }

  get delayMs(): number {
    return this.latencyMs;
  }

  /** The failure a request must answer with, if one is armed for it (and uses it up). */
  takeFailure(request: RequestInfo): ApiError | undefined {
    const failure = this.failures.find(candidate => candidate.remaining > 0 && matches(candidate.matcher, request));
    if (!failure) return undefined;
    failure.remaining -= 1;
    return failure.error();
  }

  /** Counts a Git-backed request against a repository and says whether it is still unavailable. */
  unavailableError(repository: Repository, method: string, now: Date): ApiError | undefined {
    const rule = this.unavailable;
    if (rule?.readsOnly && method !== 'GET') return undefined;
    repository.gitBackedRequests += 1;
    if (!rule || repository.createdAt < rule.since) return undefined;
    const byCount = rule.requests !== undefined && repository.gitBackedRequests <= rule.requests;
    const byTime = rule.ms !== undefined && now.getTime() - repository.createdAt.getTime() < rule.ms;
    return byCount || byTime ? new ApiError(409, rule.message) : undefined;
  }

  takeCompetingCommit(repository: Repository, branch: string): CompetingCommitOptions | undefined {
    const pending = this.competing.find(
      candidate => candidate.remaining > 0 && candidate.repository === repository.fullName.toLowerCase() && candidate.branch === branch,
    );
    if (!pending) return undefined;
    pending.remaining -= 1;
    return pending.options;
  }
}
