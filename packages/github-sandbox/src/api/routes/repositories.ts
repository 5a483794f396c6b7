import { ApiError, notFound } from '../../http/errors';
import { RouteRequest } from '../../http/router';
import { Account } from '../../state/model';
import { booleanField, SandboxCore, SandboxRoute, stringField } from '../core';

/** `POST /user/repos` and `POST /orgs/{org}/repos` take the same body. */
async function createRepository(request: RouteRequest, core: SandboxCore, owner: Account) {
  const { body } = request;
  const name = stringField(body, 'name', true);
  const visibility = stringField(body, 'visibility');
  const repository = await core.state.createRepository(owner, name, {
    description: stringField(body, 'description'),
    homepage: stringField(body, 'homepage'),
    private: booleanField(body, 'private') ?? (visibility ? visibility !== 'public' : undefined),
    autoInit: booleanField(body, 'auto_init'),
    hasIssues: booleanField(body, 'has_issues'),
    hasProjects: booleanField(body, 'has_projects'),
    hasWiki: booleanField(body, 'has_wiki'),
    allowMergeCommit: booleanField(body, 'allow_merge_commit'),
    allowSquashMerge: booleanField(body, 'allow_squash_merge'),
    allowRebaseMerge: booleanField(body, 'allow_rebase_merge'),
    allowAutoMerge: booleanField(body, 'allow_auto_merge'),
    allowUpdateBranch: booleanField(body, 'allow_update_branch'),
    deleteBranchOnMerge: booleanField(body, 'delete_branch_on_merge'),
  });
  return {
    status: 201,
    body: core.json.repository(repository),
    headers: { location: core.urls.repoApi(repository.fullName) },
  };
}

export const repositoryRoutes: SandboxRoute[] = [
  {
    method: 'POST',
    path: '/user/repos',
    docs: 'repos/repos#create-a-repository-for-the-authenticated-user',
    async handle(request, core) {
      return createRepository(request, core, core.state.account(request.login)!);
    },
  },
  {
    method: 'POST',
    path: '/orgs/{org}/repos',
    docs: 'repos/repos#create-an-organization-repository',
    async handle(request, core) {
      const org = core.state.account(request.params.org);
      if (org?.type !== 'Organization') throw notFound();
      return createRepository(request, core, org);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}',
    docs: 'repos/repos#get-a-repository',
    async handle(request, core) {
      return { status: 200, body: core.json.repository(core.repository(request.params)) };
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}',
    docs: 'repos/repos#update-a-repository',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const { body } = request;
      const renames = ['name', 'default_branch'].filter(key => body[key] !== undefined && body[key] !== null);
      if (renames.length > 0) {
        // Renaming a repository or its default branch is not modelled: refused rather than ignored.
        throw new ApiError(422, `Invalid request.\n\nThe sandbox does not change ${renames.join(' or ')}.`);
      }
      const { settings } = repository;
      const visibility = stringField(body, 'visibility');
      settings.description = stringField(body, 'description') ?? settings.description;
      settings.homepage = stringField(body, 'homepage') ?? settings.homepage;
      settings.private = booleanField(body, 'private') ?? (visibility ? visibility !== 'public' : settings.private);
      settings.hasIssues = booleanField(body, 'has_issues') ?? settings.hasIssues;
      settings.hasProjects = booleanField(body, 'has_projects') ?? settings.hasProjects;
      settings.hasWiki = booleanField(body, 'has_wiki') ?? settings.hasWiki;
      settings.allowMergeCommit = booleanField(body, 'allow_merge_commit') ?? settings.allowMergeCommit;
      settings.allowSquashMerge = booleanField(body, 'allow_squash_merge') ?? settings.allowSquashMerge;
      settings.allowRebaseMerge = booleanField(body, 'allow_rebase_merge') ?? settings.allowRebaseMerge;
      settings.allowAutoMerge = booleanField(body, 'allow_auto_merge') ?? settings.allowAutoMerge;
      settings.allowUpdateBranch = booleanField(body, 'allow_update_branch') ?? settings.allowUpdateBranch;
      settings.deleteBranchOnMerge = booleanField(body, 'delete_branch_on_merge') ?? settings.deleteBranchOnMerge;
      repository.archived = booleanField(body, 'archived') ?? repository.archived;
      repository.updatedAt = new Date();
      return { status: 200, body: core.json.repository(repository) };
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/topics',
    docs: 'repos/repos#replace-all-repository-topics',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const names = request.body.names;
      if (!Array.isArray(names)) throw new ApiError(422, 'Invalid request.\n\n"names" wasn\'t supplied.');
      const invalid = names.find(name => typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,49}$/.test(name));
      if (invalid !== undefined) {
        throw new ApiError(422, `${JSON.stringify(invalid)} is not a valid topic. Topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens.`);
      }
      repository.topics = [...new Set(names as string[])];
      repository.updatedAt = new Date();
      return { status: 200, body: { names: repository.topics } };
    },
  },
  {
    method: 'PUT',
    path: '/repos/{owner}/{repo}/collaborators/{username}',
    docs: 'collaborators/collaborators#add-a-repository-collaborator',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const user = core.state.account(request.params.username);
      if (user?.type !== 'User') throw notFound();
      // Collaborators join at once (as organisation members do), so no invitation is answered.
      repository.collaborators.set(user.login, stringField(request.body, 'permission') ?? 'push');
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/actions/variables',
    docs: 'actions/variables#create-a-repository-variable',
    async handle(request, core) {
      const repository = core.repository(request.params);
      const name = stringField(request.body, 'name', true).toUpperCase();
      const value = stringField(request.body, 'value', true);
      if (repository.variables.has(name)) throw new ApiError(409, 'Already exists - Variable already exists');
      const now = new Date();
      repository.variables.set(name, { value, createdAt: now, updatedAt: now });
      return { status: 201, body: {} };
    },
  },
];
