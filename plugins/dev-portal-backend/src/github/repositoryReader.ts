import type { CacheService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import type { JsonValue } from '@backstage/types';
import { Octokit } from '@octokit/rest';

/** Where a repository lives: the integration's host, and the repository on it. */
export interface RepositoryAddress {
  host: string;
  owner: string;
  repo: string;
}

/** What a cached answer holds: GitHub's ETag and the part of the answer a caller kept. */
type CachedAnswer = { etag: string; value: JsonValue } | { missing: true };

/**
 * How long an answer is kept to be revalidated. Kept answers cost one conditional request per
 * use: GitHub answers 304 Not Modified, which does not count against the rate limit.
 */
const ANSWER_TTL = { hours: 24 };
/**
 * A 404 carries no ETag, so asking again would count: it is believed for this long (a GitOps
 * folder pushed after a page view shows up this much later).
 */
const MISSING_TTL = { seconds: 30 };

/**
 * Read-only GETs on one repository's REST API with the integration's credentials, revalidated
 * with ETags: every answer is kept (only the part the caller selects) in the plugin's cache with
 * its ETag, and asked for again with `If-None-Match`.
 */
export class RepositoryReader {
  private constructor(
    readonly address: RepositoryAddress,
    private readonly octokit: Octokit,
    private readonly cache: CacheService,
  ) {}

  /** A reader with the integration's credentials for the repository (a token, or a GitHub App's). */
  static async create(
    options: { integrations: ScmIntegrationRegistry; credentialsProvider: GithubCredentialsProvider; cache: CacheService },
    address: RepositoryAddress,
  ): Promise<RepositoryReader> {
    const integration = options.integrations.github.byHost(address.host);
    if (!integration) throw new ServiceUnavailableError(`No GitHub integration is configured for ${address.host}`);
    const { token } = await options.credentialsProvider.getCredentials({
      url: `https://${address.host}/${address.owner}/${address.repo}`,
    });
    const octokit = new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    return new RepositoryReader(address, octokit, options.cache);
  }

  /**
   * GETs a route of this repository (`GET /repos/{owner}/{repo}/...`) and returns what `select`
   * keeps of the answer, or undefined when GitHub answers 404.
   */
  async get<T extends JsonValue>(
    route: `GET /repos/{owner}/{repo}${string}`,
    params: Record<string, string | number | boolean>,
    select: (data: any) => T,
  ): Promise<T | undefined> {
    const { owner, repo } = this.address;
    const request = { owner, repo, ...params };
    const key = this.octokit.request.endpoint(route, request).url;
    const cached = await this.cache.get<CachedAnswer>(key);
    if (cached && 'missing' in cached) return undefined;
    try {
      const response = await this.octokit.request(route, {
        ...request,
        headers: cached ? { 'if-none-match': cached.etag } : {},
      });
      const value = select(response.data);
      const etag = response.headers.etag;
      if (etag) await this.cache.set(key, { etag, value }, { ttl: ANSWER_TTL });
      return value;
    } catch (error) {
      // Octokit's RequestError, told by its status: packages may hold different copies of its class.
      const status = (error as { status?: unknown }).status;
      if (typeof status !== 'number') throw error;
      if (status === 304 && cached) return cached.value as T;
      if (status === 404) {
        await this.cache.set(key, { missing: true }, { ttl: MISSING_TTL });
        return undefined;
      }
      // GitHub's status and message only: the request, which holds the token, stays here.
      const what = route.replace('{owner}/{repo}', `${owner}/${repo}`);
      throw new ServiceUnavailableError(`GitHub answered ${status} to ${what}: ${gitHubMessage(error)}`);
    }
  }

  /** A file's text from the contents API, at `ref` or the default branch; undefined when absent. */
  async readFile(path: string, ref?: string): Promise<string | undefined> {
    return this.get('GET /repos/{owner}/{repo}/contents/{path}', { path, ...(ref ? { ref } : {}) }, data =>
      Array.isArray(data) || data.type !== 'file' ? null : Buffer.from(data.content, 'base64').toString('utf8'),
    ).then(text => text ?? undefined);
  }
}

function gitHubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } }).response?.data;
  return typeof data?.message === 'string' ? data.message : String((error as Error).message);
}
