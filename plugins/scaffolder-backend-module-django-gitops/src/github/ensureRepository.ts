import type { GitHubClient } from './client';
import { statusOf } from './client';
import { readHead } from './commit';
import type { RepositoryRef } from './repository';

export interface EnsureRepositoryOptions extends RepositoryRef {
  description?: string;
  visibility: 'private' | 'public';
  /** The branch the onboarding pushes to; default: the repository's default branch. */
  branch?: string;
  /** The git tree SHA of what the onboarding pushes: a repository holding exactly it is ours. */
  treeSha: string;
}

export interface EnsuredRepository {
  /** `created` now, or `reused`: an earlier attempt of the same onboarding created it. */
  status: 'created' | 'reused';
  repositoryUrl: string;
  /** Why an existing repository was taken as ours. */
  reason?: string;
}

/** The repository cannot be this onboarding's (someone's work holds the name): nothing was changed. */
export class RepositoryTakenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RepositoryTakenError';
  }
}

/**
 * Creates the repository (empty, so the push makes its one commit), or takes the one an earlier
 * attempt of the same onboarding left: empty, holding only the push's placeholder, or holding
 * exactly one commit with exactly the files about to be pushed. Any other repository of that
 * name is someone's work: refused, untouched. This is what lets a task resumed after a crash, or
 * the template run again with the same values, get past repository creation.
 */
export async function ensureRepository(client: GitHubClient, options: EnsureRepositoryOptions): Promise<EnsuredRepository> {
  const { owner, repo } = options;
  // Created first, as Backstage's github:repo:create does: the usual case costs two requests.
  const created = await create(client, options);
  if (created) return { status: 'created', repositoryUrl: created };
  // The name is taken: by an earlier attempt of this onboarding, or by someone's work?
  const { data: repository } = await client.repos.get({ owner, repo });
  const branch = options.branch ?? repository.default_branch;
  const head = await readHead(client, { owner, repo }, branch);
  const reused = (reason: string): EnsuredRepository => ({ status: 'reused', repositoryUrl: repository.html_url, reason });
  if (head.kind === 'empty') return reused('it is empty');
  if (head.kind === 'placeholder') return reused('it holds only the placeholder commit of an interrupted push');
  if (head.kind === 'branch' && head.root && head.head.treeSha === options.treeSha) {
    return reused(`its only commit ${head.head.commitSha.slice(0, 7)} holds exactly this project`);
  }
  const holds = head.kind === 'branch' ? `commits on ${branch} (head ${head.head.commitSha.slice(0, 7)})` : `commits, and no branch ${branch}`;
  throw new RepositoryTakenError(
    `${owner}/${repo} already exists and holds ${holds} that are not this project's: ` +
      'choose another name, or turn off "Create the repository" to push into it',
  );
}

/** The new repository's web page; undefined when GitHub says the name is taken. */
async function create(client: GitHubClient, options: EnsureRepositoryOptions): Promise<string | undefined> {
  const { owner, repo, description, visibility } = options;
  const { data: account } = await client.users.getByUsername({ username: owner });
  const settings = { name: repo, description, private: visibility === 'private', auto_init: false };
  try {
    if (account.type === 'Organization') {
      return (await client.repos.createInOrg({ ...settings, org: owner, visibility })).data.html_url;
    }
    // POST /user/repos creates in the token's own account, whatever the owner asked for.
    const { data: user } = await client.users.getAuthenticated();
    if (account.login.toLowerCase() !== user.login.toLowerCase()) {
      throw new RepositoryTakenError(`${owner} is another person's account: a repository can be created in an organisation or in your own account`);
    }
    return (await client.repos.createForAuthenticatedUser(settings)).data.html_url;
  } catch (error) {
    if (statusOf(error) === 422 && nameTaken(error)) return undefined;
    throw error;
  }
}

/** GitHub's 422 for a name in use: `errors: [{ field: 'name', message: 'name already exists on this account' }]`. */
function nameTaken(error: unknown): boolean {
  const errors = (error as { response?: { data?: { errors?: Array<{ field?: string; message?: string }> } } }).response?.data?.errors;
  return (errors ?? []).some(detail => detail.field === 'name' && /already exists/i.test(detail.message ?? ''));
}
