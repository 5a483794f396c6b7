import { InputError } from '@backstage/errors';
import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import { getOctokitOptions } from '@backstage/plugin-scaffolder-backend-module-github';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { createGitHubClient, GitHubClient } from '../github/client';

/** What the GitHub actions need from the backend: the configured integrations. */
export interface GitHubActionOptions {
  integrations: ScmIntegrationRegistry;
  githubCredentialsProvider?: GithubCredentialsProvider;
}

export interface GitHubRepositoryAddress {
  host: string;
  owner: string;
  repo: string;
}

/** Owner and repository of a `repoUrl` (`github.com?owner=acme&repo=app`); no request made. */
export function parseGitHubRepoUrl(options: GitHubActionOptions, repoUrl: string): GitHubRepositoryAddress {
  const { host, owner, repo } = parseRepoUrl(repoUrl, options.integrations);
  if (!owner || !repo) throw new InputError(`repoUrl: "${repoUrl}" names no owner and repository`);
  return { host, owner, repo };
}

/**
 * A client for that repository, authenticated with the user's token when the template passes
 * one, else with the integration's credentials for the host.
 */
export async function gitHubClientFor(
  options: GitHubActionOptions,
  address: GitHubRepositoryAddress,
  token: string | undefined,
  log: (message: string) => void,
): Promise<GitHubClient> {
  const octokitOptions = await getOctokitOptions({
    integrations: options.integrations,
    credentialsProvider: options.githubCredentialsProvider,
    token,
    ...address,
  });
  if (typeof octokitOptions.auth !== 'string' || !octokitOptions.auth) {
    throw new InputError(`token: no credentials for ${address.host}; configure integrations.github or pass the user's token`);
  }
  return createGitHubClient({ auth: octokitOptions.auth, baseUrl: octokitOptions.baseUrl, log });
}
