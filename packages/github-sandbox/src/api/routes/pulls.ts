import { changedFiles } from '../../git/treeDiff';
import { ApiError, notFound } from '../../http/errors';
import { PullRequest, Repository } from '../../state/model';
import { PullRequestDetails } from '../representations';
import { booleanField, SandboxCore, SandboxRoute, stringField } from '../core';
import { paginate } from '../pagination';

const validationFailed = (field: 'head' | 'base') =>
  new ApiError(422, 'Validation Failed', [{ resource: 'PullRequest', field, code: 'invalid' }]);
const refused = (message: string) => new ApiError(422, 'Validation Failed', [{ resource: 'PullRequest', code: 'custom', message }]);

/** `branch` or `owner:branch`; pull requests from forks are not modelled, so the owner must be the repository's. */
function headBranch(repository: Repository, head: string): string {
  const [owner, branch] = head.includes(':') ? head.split(/:(.*)/s) : [repository.owner.login, head];
  if (owner.toLowerCase() !== repository.owner.login.toLowerCase()) throw validationFailed('head');
  return branch;
}

async function branchHead(repository: Repository, branch: string): Promise<string | undefined> {
  return repository.git.resolveRef(`refs/heads/${branch}`);
}

/** The head's commits the base does not have (newest first), and the commit where they start. */
async function commitsBetween(repository: Repository, baseSha: string, headSha: string) {
  const { git } = repository;
  const commits: string[] = [];
  for (const sha of await git.log(headSha)) {
    if (await git.isAncestor(sha, baseSha)) return { commits, mergeBase: sha };
    commits.push(sha);
  }
  return { commits, mergeBase: undefined };
}

async function pullRequestBody(core: SandboxCore, pull: PullRequest, withDetails: boolean) {
  const { repository } = pull;
  // A branch that no longer exists is not modelled (refs cannot be deleted): both exist.
  const [headSha, baseSha] = [(await branchHead(repository, pull.head))!, (await branchHead(repository, pull.base))!];
  if (!withDetails) return core.json.pullRequest(pull, { headSha, baseSha });
  const { git } = repository;
  const { commits, mergeBase } = await commitsBetween(repository, baseSha, headSha);
  const baseTree = mergeBase ? (await git.readCommit(mergeBase)).tree : undefined;
  const files = await changedFiles(git, baseTree, (await git.readCommit(headSha)).tree);
  const details: PullRequestDetails = {
    commits: commits.length,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    changedFiles: files.length,
    mergeable: (await git.isAncestor(baseSha, headSha)) ? true : null,
  };
  return core.json.pullRequest(pull, { headSha, baseSha }, details);
}

export const pullRoutes: SandboxRoute[] = [
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/pulls',
    docs: 'pulls/pulls#create-a-pull-request',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const { body } = request;
      const title = stringField(body, 'title', true);
      const head = headBranch(repository, stringField(body, 'head', true));
      const base = stringField(body, 'base', true);
      const description = stringField(body, 'body') ?? null;
      const draft = booleanField(body, 'draft') ?? false;
      const maintainerCanModify = booleanField(body, 'maintainer_can_modify') ?? true;
      const baseSha = await branchHead(repository, base);
      if (!baseSha) throw validationFailed('base');
      const headSha = await branchHead(repository, head);
      if (!headSha) throw validationFailed('head');
      if (repository.pullRequests.some(pull => pull.state === 'open' && pull.head === head && pull.base === base)) {
        throw refused(`A pull request already exists for ${repository.owner.login}:${head}.`);
      }
      if ((await commitsBetween(repository, baseSha, headSha)).commits.length === 0) {
        throw refused(`No commits between ${base} and ${head}`);
      }
      const now = new Date();
      const pull: PullRequest = {
        id: core.state.nextId(),
        repository,
        number: repository.nextIssueNumber(),
        title,
        body: description,
        state: 'open',
        draft,
        maintainerCanModify,
        head,
        base,
        user: core.state.account(request.login)!,
        createdAt: now,
        updatedAt: now,
      };
      repository.pullRequests.push(pull);
      await core.actions.pullRequestActivity(repository, pull, 'opened', now);
      const json = await pullRequestBody(core, pull, true);
      return { status: 201, body: json, headers: { location: json.url } };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls',
    docs: 'pulls/pulls#list-pull-requests',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const { query } = request;
      const state = query.get('state') ?? 'open';
      if (!['open', 'closed', 'all'].includes(state)) {
        throw new ApiError(422, 'Validation Failed', [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
      }
      // `head` filters by `owner:branch`; a head of another owner matches nothing.
      const head = query.get('head');
      const [headOwner, headRef] = head?.includes(':') ? head.split(/:(.*)/s) : [undefined, head];
      const matching = repository.pullRequests
        .filter(pull => state === 'all' || pull.state === state)
        .filter(pull => !head || (pull.head === headRef && (!headOwner || headOwner.toLowerCase() === repository.owner.login.toLowerCase())))
        .filter(pull => !query.has('base') || pull.base === query.get('base'))
        // Newest first, as GitHub's default sort (created, descending).
        .sort((a, b) => (query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
      const page = paginate(matching, query, core.urls.repoApi(repository.fullName, '/pulls'));
      const body = await Promise.all(page.items.map(pull => pullRequestBody(core, pull, false)));
      return { status: 200, body, headers: page.headers };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/pulls/{pull_number}',
    docs: 'pulls/pulls#get-a-pull-request',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const pull = repository.pullRequests.find(candidate => String(candidate.number) === request.params.pull_number);
      if (!pull) throw notFound();
      return { status: 200, body: await pullRequestBody(core, pull, true) };
    },
  },
];
