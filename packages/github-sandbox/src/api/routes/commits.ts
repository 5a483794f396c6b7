import { CommitObject } from '../../git/gitRepository';
import { ApiError } from '../../http/errors';
import { changedFiles } from '../../git/treeDiff';
import { Repository } from '../../state/model';
import { SandboxCore, SandboxRoute } from '../core';
import { paginate } from '../pagination';

/** The files a commit changed against its first parent. */
async function changedFilesOf(repository: Repository, commit: CommitObject) {
  const parentTree = commit.parents[0] ? (await repository.git.readCommit(commit.parents[0])).tree : undefined;
  return changedFiles(repository.git, parentTree, commit.tree);
}

/** The account a commit author is, when the email is the account's noreply address. */
const authorAccount = (core: SandboxCore, email: string) => {
  const login = /^\d+\+([^@]+)@users\.noreply\.github\.com$/.exec(email)?.[1];
  return login ? core.state.account(login) : undefined;
};

async function commitBody(core: SandboxCore, repository: Repository, sha: string, withFiles: boolean) {
  const commit = await repository.git.readCommit(sha);
  return core.json.commit(
    repository,
    commit,
    authorAccount(core, commit.author.email),
    withFiles ? await changedFilesOf(repository, commit) : undefined,
  );
}

export const commitRoutes: SandboxRoute[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits',
    docs: 'commits/commits#list-commits',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const start = request.query.get('sha') ?? repository.defaultBranch;
      const head = await core.resolveCommitish(repository, start);
      if (!head) throw new ApiError(404, 'Not Found');
      const page = paginate(await repository.git.log(head), request.query, core.urls.repoApi(repository.fullName, '/commits'));
      const body = await Promise.all(page.items.map(sha => commitBody(core, repository, sha, false)));
      return { status: 200, body, headers: page.headers };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref}',
    docs: 'commits/commits#get-a-commit',
    gitBacked: true,
    async handle(request, core) {
      const repository = await core.repositoryWithHistory(request.params);
      const sha = await core.resolveCommitish(repository, request.params.ref);
      if (!sha) throw new ApiError(422, `No commit found for SHA: ${request.params.ref}`);
      return { status: 200, body: await commitBody(core, repository, sha, true) };
    },
  },
];
