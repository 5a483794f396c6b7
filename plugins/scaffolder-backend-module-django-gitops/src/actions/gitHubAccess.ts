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

export interface GitHubRepository {
  client: GitHubClient;
  owner: string;
  repo: string;
  host: string;
}

/**
 * A client for the repository of a `repoUrl` (`github.com?owner=acme&repo=app`), authenticated
 * with the user's token when the template passes one, else with the integration's credentials.
 */
export async function gitHubRepository(
  options: GitHubActionOptions,
  input: { repoUrl: string; token?: string },
  context: { log: (message: string) => void },
): Promise<GitHubRepository> {
  const { host, owner, repo } = parseRepoUrl(input.repoUrl, options.integrations);
  if (!owner || !repo) throw new InputError(`repoUrl: "${input.repoUrl}" names no owner and repository`);
  const octokitOptions = await getOctokitOptions({
    integrations: options.integrations,
    credentialsProvider: options.githubCredentialsProvider,
    token: input.token,
    host,
    owner,
    repo,
  });
  const client = createGitHubClient({
    auth: String(octokitOptions.auth),
    baseUrl: octokitOptions.baseUrl,
    log: context.log,
  });
  return { client, owner, repo, host };
}
