import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import { getOctokitOptions } from '@backstage/plugin-scaffolder-backend-module-github';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { createGitHubClient, GitHubClient } from '../github/client';
import type { RepositoryRef } from '../github/repository';

/**
 * What the GitHub actions take from the backend, as upstream's GitHub actions do.
 *
 * @public
 */
export interface GitHubActionOptions {
  /** The configured SCM integrations: the host's API URL and credentials. */
  integrations: ScmIntegrationRegistry;
  /** Default: the integrations' own (tokens or GitHub Apps from `integrations.github`). */
  githubCredentialsProvider?: GithubCredentialsProvider;
  /**
   * `scaffolder.requireScmUserCredentials`: refuse to act without the user's own token instead of
   * falling back to the integration's credentials. Default false.
   */
  requireScmUserCredentials?: boolean;
  /** The root config, for the `devPortal.*` settings an action reads. */
  config?: Config;
}

/** Where a repository lives: the integration host and the repository. */
export interface GitHubRepositoryAddress extends RepositoryRef {
  host: string;
}

/** Owner and repository of a `repoUrl` (`github.com?owner=acme&repo=app`); no request made. */
export function parseGitHubRepoUrl(options: GitHubActionOptions, repoUrl: string): GitHubRepositoryAddress {
  const { host, owner, repo } = parseRepoUrl(repoUrl, options.integrations);
  if (!owner || !repo) throw new InputError(`repoUrl: "${repoUrl}" names no owner and repository`);
  return { host, owner, repo };
}

/** What a step hands its GitHub client. */
export interface TaskAccess {
  /** The user's token (the step's `token` input), if the template passes one. */
  token?: string;
  /** The task's cancellation: every request, and every pause between attempts, stops on it. */
  signal?: AbortSignal;
  log: (message: string) => void;
}

/**
 * A client for that repository, authenticated as upstream's actions are (`getOctokitOptions`):
 * with the user's token when the template passes one, else, unless the platform requires user
 * credentials, with the integration's credentials for the host. Every request carries the task's
 * abort signal and the integration's request options (a timeout).
 */
export async function gitHubClientFor(
  options: GitHubActionOptions,
  address: GitHubRepositoryAddress,
  { token, signal, log }: TaskAccess,
): Promise<GitHubClient> {
  const octokitOptions = await getOctokitOptions({
    integrations: options.integrations,
    credentialsProvider: options.githubCredentialsProvider,
    requireScmUserCredentials: options.requireScmUserCredentials,
    token,
    ...address,
  }).catch(error => {
    // Upstream's refusals (no user token, no integration) say what is missing: name the input too.
    throw error instanceof InputError ? new InputError(`token: ${error.message}`, error) : error;
  });
  if (typeof octokitOptions.auth !== 'string' || !octokitOptions.auth) {
    throw new InputError(`token: no credentials for ${address.host}; configure integrations.github or pass the user's token`);
  }
  return createGitHubClient({
    auth: octokitOptions.auth,
    baseUrl: octokitOptions.baseUrl,
    request: { timeout: octokitOptions.request?.timeout, signal },
    log,
  });
}
