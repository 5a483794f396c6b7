import { WorkflowRecord, WorkflowRun } from '../actions/actionsService';
import { JobState, RunState } from '../actions/runTimeline';
import { CommitObject, GitIdentity, TreeEntry } from '../git/gitRepository';
import { isoSeconds, nodeId, SandboxUrls } from '../http/urls';
import { Account, DeploymentBranchPolicy, Environment, PullRequest, Repository } from '../state/model';
import { StoredSecret } from '../state/secretStore';

/** GitHub wraps base64 file content at 60 characters per line. */
const wrapBase64 = (content: Buffer) =>
  (content.toString('base64').match(/.{1,60}/g) ?? ['']).join('\n') + (content.length ? '\n' : '');

const contentType = (entry: TreeEntry): 'dir' | 'symlink' | 'file' => {
  if (entry.type === 'tree') return 'dir';
  return entry.mode === '120000' ? 'symlink' : 'file';
};

/** What only the full `pull-request` shape says: counts and whether it merges. */
export interface PullRequestDetails {
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
  /** null while GitHub has not computed it (the sandbox: when the head does not contain the base). */
  mergeable: boolean | null;
}

function mergeableState(mergeable: boolean | null): string {
  if (mergeable === null) return 'unknown';
  return mergeable ? 'clean' : 'dirty';
}

/** JSON bodies in GitHub's shapes (the OpenAPI schemas the contract tests check them against). */
export class Representations {
  constructor(private readonly urls: SandboxUrls) {}

  /** `simple-user`; with `detailed`, the `public-user` fields of `GET /users/{username}`. */
  user(account: Account, detailed = false) {
    const api = this.urls.apiUrl(`/users/${account.login}`);
    const base = {
      login: account.login,
      id: account.id,
      node_id: nodeId(account.type, account.id),
      avatar_url: this.urls.webUrl(`/${account.login}.png`),
      gravatar_id: '',
      url: api,
      html_url: this.urls.webUrl(`/${account.login}`),
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: account.type,
      user_view_type: 'public',
      site_admin: false,
    };
    if (!detailed) return base;
    return {
      ...base,
      name: account.name,
      company: null,
      blog: '',
      location: null,
      email: null,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: isoSeconds(account.createdAt),
      updated_at: isoSeconds(account.createdAt),
    };
  }

  /** `minimal-repository`: the URL-heavy core every repository shape shares. */
  minimalRepository(repository: Repository) {
    const name = repository.fullName;
    const api = this.urls.repoApi(name);
    return {
      id: repository.id,
      node_id: nodeId('Repository', repository.id),
      name: repository.name,
      full_name: name,
      private: repository.settings.private,
      owner: this.user(repository.owner),
      html_url: this.urls.repoWeb(name),
      description: repository.settings.description,
      fork: false,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      assignees_url: `${api}/assignees{/user}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      collaborators_url: `${api}/collaborators{/collaborator}`,
      comments_url: `${api}/comments{/number}`,
      commits_url: `${api}/commits{/sha}`,
      compare_url: `${api}/compare/{base}...{head}`,
      contents_url: `${api}/contents/{+path}`,
      contributors_url: `${api}/contributors`,
      deployments_url: `${api}/deployments`,
      downloads_url: `${api}/downloads`,
      events_url: `${api}/events`,
      forks_url: `${api}/forks`,
      git_commits_url: `${api}/git/commits{/sha}`,
      git_refs_url: `${api}/git/refs{/sha}`,
      git_tags_url: `${api}/git/tags{/sha}`,
      hooks_url: `${api}/hooks`,
      issue_comment_url: `${api}/issues/comments{/number}`,
      issue_events_url: `${api}/issues/events{/number}`,
      issues_url: `${api}/issues{/number}`,
      keys_url: `${api}/keys{/key_id}`,
      labels_url: `${api}/labels{/name}`,
      languages_url: `${api}/languages`,
      merges_url: `${api}/merges`,
      milestones_url: `${api}/milestones{/number}`,
      notifications_url: `${api}/notifications{?since,all,participating}`,
      pulls_url: `${api}/pulls{/number}`,
      releases_url: `${api}/releases{/id}`,
      stargazers_url: `${api}/stargazers`,
      statuses_url: `${api}/statuses/{sha}`,
      subscribers_url: `${api}/subscribers`,
      subscription_url: `${api}/subscription`,
      tags_url: `${api}/tags`,
      teams_url: `${api}/teams`,
      trees_url: `${api}/git/trees{/sha}`,
    };
  }

  /** `full-repository`, as `GET /repos/{owner}/{repo}` and the create endpoints answer. */
  repository(repository: Repository) {
    const { settings } = repository;
    const host = new URL(this.urls.web).host;
    return {
      ...this.minimalRepository(repository),
      clone_url: this.urls.repoWeb(repository.fullName, '.git'),
      git_url: `git://${host}/${repository.fullName}.git`,
      ssh_url: `git@${host}:${repository.fullName}.git`,
      svn_url: this.urls.repoWeb(repository.fullName),
      mirror_url: null,
      homepage: settings.homepage,
      language: null,
      forks: 0,
      forks_count: 0,
      stargazers_count: 0,
      watchers: 0,
      watchers_count: 0,
      size: 0,
      default_branch: repository.defaultBranch,
      open_issues: 0,
      open_issues_count: 0,
      is_template: false,
      topics: repository.topics,
      has_issues: settings.hasIssues,
      has_projects: settings.hasProjects,
      has_wiki: settings.hasWiki,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: repository.archived,
      disabled: false,
      visibility: settings.private ? 'private' : 'public',
      // GitHub reports the creation time until the first push.
      pushed_at: isoSeconds(repository.pushedAt ?? repository.createdAt),
      created_at: isoSeconds(repository.createdAt),
      updated_at: isoSeconds(repository.updatedAt),
      permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
      allow_rebase_merge: settings.allowRebaseMerge,
      allow_squash_merge: settings.allowSquashMerge,
      allow_merge_commit: settings.allowMergeCommit,
      allow_auto_merge: settings.allowAutoMerge,
      allow_update_branch: settings.allowUpdateBranch,
      delete_branch_on_merge: settings.deleteBranchOnMerge,
      allow_forking: true,
      web_commit_signoff_required: false,
      license: null,
      network_count: 0,
      subscribers_count: 0,
      ...(repository.owner.type === 'Organization'
        ? { organization: this.user(repository.owner) }
        : {}),
    };
  }

  gitRef(repository: Repository, ref: string, sha: string, type: string) {
    return {
      ref,
      node_id: nodeId('Ref', Buffer.from(`${repository.id}:${ref}`).toString('hex')),
      url: this.urls.repoApi(repository.fullName, `/git/${ref}`),
      object: { sha, type, url: this.urls.repoApi(repository.fullName, `/git/${type}s/${sha}`) },
    };
  }

  private gitUser(who: GitIdentity) {
    return { name: who.name, email: who.email, date: isoSeconds(who.date) };
  }

  private parents(repository: Repository, commit: CommitObject) {
    return commit.parents.map(sha => ({
      sha,
      url: this.urls.repoApi(repository.fullName, `/git/commits/${sha}`),
      html_url: this.urls.repoWeb(repository.fullName, `/commit/${sha}`),
    }));
  }

  private static readonly UNSIGNED = {
    verified: false,
    reason: 'unsigned',
    signature: null,
    payload: null,
    verified_at: null,
  };

  /** `git-commit` (Git Data API). */
  gitCommit(repository: Repository, commit: CommitObject) {
    return {
      sha: commit.sha,
      node_id: nodeId('Commit', commit.sha),
      url: this.urls.repoApi(repository.fullName, `/git/commits/${commit.sha}`),
      html_url: this.urls.repoWeb(repository.fullName, `/commit/${commit.sha}`),
      author: this.gitUser(commit.author),
      committer: this.gitUser(commit.committer),
      tree: { sha: commit.tree, url: this.urls.repoApi(repository.fullName, `/git/trees/${commit.tree}`) },
      message: commit.message,
      parents: this.parents(repository, commit),
      verification: Representations.UNSIGNED,
    };
  }

  /** `commit` (Commits API), with the files changed against the first parent when given. */
  commit(
    repository: Repository,
    commit: CommitObject,
    author: Account | undefined,
    files?: { filename: string; status: 'added' | 'removed' | 'modified'; sha: string; additions: number; deletions: number }[],
  ) {
    const full = repository.fullName;
    const api = this.urls.repoApi(full, `/commits/${commit.sha}`);
    const user = author ? this.user(author) : null;
    const result = {
      url: api,
      sha: commit.sha,
      node_id: nodeId('Commit', commit.sha),
      html_url: this.urls.repoWeb(full, `/commit/${commit.sha}`),
      comments_url: `${api}/comments`,
      commit: {
        url: this.urls.repoApi(full, `/git/commits/${commit.sha}`),
        author: this.gitUser(commit.author),
        committer: this.gitUser(commit.committer),
        message: commit.message,
        comment_count: 0,
        tree: { sha: commit.tree, url: this.urls.repoApi(full, `/git/trees/${commit.tree}`) },
        verification: Representations.UNSIGNED,
      },
      author: user,
      committer: user,
      parents: this.parents(repository, commit).map(parent => ({
        ...parent,
        url: this.urls.repoApi(full, `/commits/${parent.sha}`),
      })),
    };
    if (!files) return result;
    const totals = files.reduce((sum, file) => ({ additions: sum.additions + file.additions, deletions: sum.deletions + file.deletions }), { additions: 0, deletions: 0 });
    return {
      ...result,
      stats: { ...totals, total: totals.additions + totals.deletions },
      files: files.map(file => ({
        ...file,
        changes: file.additions + file.deletions,
        blob_url: this.urls.repoWeb(full, `/blob/${commit.sha}/${file.filename}`),
        raw_url: this.urls.repoWeb(full, `/raw/${commit.sha}/${file.filename}`),
        contents_url: this.urls.repoApi(full, `/contents/${file.filename}?ref=${commit.sha}`),
      })),
    };
  }

  /** `git-tree`; blob sizes are included as GitHub does. */
  gitTree(repository: Repository, sha: string, entries: (TreeEntry & { size?: number })[]) {
    return {
      sha,
      url: this.urls.repoApi(repository.fullName, `/git/trees/${sha}`),
      tree: entries.map(entry => ({
        path: entry.path,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(entry.size !== undefined ? { size: entry.size } : {}),
        url: this.urls.repoApi(repository.fullName, `/git/${entry.type}s/${entry.sha}`),
      })),
      truncated: false,
    };
  }

  shortBlob(repository: Repository, sha: string) {
    return { url: this.urls.repoApi(repository.fullName, `/git/blobs/${sha}`), sha };
  }

  blob(repository: Repository, sha: string, content: Buffer) {
    return {
      ...this.shortBlob(repository, sha),
      node_id: nodeId('Blob', sha),
      size: content.length,
      content: wrapBase64(content),
      encoding: 'base64',
    };
  }

  /** Links and names shared by every Contents API item. */
  private contentItem(repository: Repository, path: string, sha: string, type: 'file' | 'dir' | 'symlink', size: number, ref: string) {
    const full = repository.fullName;
    const self = this.urls.repoApi(full, `/contents/${path}?ref=${encodeURIComponent(ref)}`);
    const git = this.urls.repoApi(full, `/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`);
    const html = this.urls.repoWeb(full, `/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`);
    return {
      name: path.split('/').pop()!,
      path,
      sha,
      size,
      url: self,
      html_url: html,
      git_url: git,
      download_url: type === 'dir' ? null : this.urls.repoWeb(full, `/raw/${ref}/${path}`),
      type,
      _links: { self, git, html },
    };
  }

  contentFile(repository: Repository, path: string, sha: string, content: Buffer, ref: string) {
    return {
      ...this.contentItem(repository, path, sha, 'file', content.length, ref),
      content: wrapBase64(content),
      encoding: 'base64',
    };
  }

  contentDirectory(repository: Repository, dirPath: string, entries: (TreeEntry & { size: number })[], ref: string) {
    return entries.map(entry =>
      this.contentItem(
        repository,
        dirPath ? `${dirPath}/${entry.path}` : entry.path,
        entry.sha,
        contentType(entry),
        entry.type === 'tree' ? 0 : entry.size,
        ref,
      ),
    );
  }

  /** `file-commit`, the answer of `PUT /contents/{path}`. */
  fileCommit(repository: Repository, path: string, blobSha: string, size: number, commit: CommitObject, ref: string) {
    const item = this.contentItem(repository, path, blobSha, 'file', size, ref);
    const gitCommit = this.gitCommit(repository, commit);
    return { content: item, commit: gitCommit };
  }

  workflow(repository: Repository, workflow: WorkflowRecord) {
    const full = repository.fullName;
    return {
      id: workflow.id,
      node_id: nodeId('Workflow', workflow.id),
      name: workflow.name,
      path: workflow.path,
      state: 'active',
      created_at: isoSeconds(workflow.createdAt),
      updated_at: isoSeconds(workflow.updatedAt),
      url: this.urls.repoApi(full, `/actions/workflows/${workflow.id}`),
      html_url: this.urls.repoWeb(full, `/blob/${repository.defaultBranch}/${workflow.path}`),
      badge_url: this.urls.repoWeb(full, `/workflows/${encodeURIComponent(workflow.name)}/badge.svg`),
    };
  }

  workflowRun(run: WorkflowRun, state: RunState) {
    const repository = run.repository;
    const full = repository.fullName;
    const api = this.urls.repoApi(full, `/actions/runs/${run.id}`);
    const commit = run.headCommit;
    return {
      id: run.id,
      name: run.workflow.name,
      node_id: nodeId('WorkflowRun', run.id),
      check_suite_id: run.id,
      check_suite_node_id: nodeId('CheckSuite', run.id),
      head_branch: run.headBranch,
      head_sha: commit.sha,
      path: run.workflow.path,
      run_number: run.runNumber,
      run_attempt: 1,
      event: run.event,
      display_title: run.pullRequest ? run.pullRequest.title : commit.message.split('\n')[0],
      status: state.status,
      conclusion: state.conclusion,
      workflow_id: run.workflow.id,
      url: api,
      html_url: this.urls.repoWeb(full, `/actions/runs/${run.id}`),
      pull_requests: run.pullRequest ? [this.pullRequestMinimal(run.pullRequest, run.headCommit.sha, run.baseSha!)] : [],
      created_at: isoSeconds(state.createdAt),
      updated_at: isoSeconds(state.updatedAt),
      run_started_at: isoSeconds(state.startedAt),
      actor: this.user(repository.owner),
      triggering_actor: this.user(repository.owner),
      jobs_url: `${api}/jobs`,
      logs_url: `${api}/logs`,
      check_suite_url: this.urls.repoApi(full, `/check-suites/${run.id}`),
      artifacts_url: `${api}/artifacts`,
      cancel_url: `${api}/cancel`,
      rerun_url: `${api}/rerun`,
      previous_attempt_url: null,
      workflow_url: this.urls.repoApi(full, `/actions/workflows/${run.workflow.id}`),
      head_commit: {
        id: commit.sha,
        tree_id: commit.tree,
        message: commit.message,
        timestamp: isoSeconds(commit.committer.date),
        author: { name: commit.author.name, email: commit.author.email },
        committer: { name: commit.committer.name, email: commit.committer.email },
      },
      repository: this.minimalRepository(repository),
      head_repository: this.minimalRepository(repository),
    };
  }

  job(run: WorkflowRun, job: JobState, id: number) {
    const full = run.repository.fullName;
    return {
      id,
      run_id: run.id,
      run_url: this.urls.repoApi(full, `/actions/runs/${run.id}`),
      run_attempt: 1,
      node_id: nodeId('CheckRun', id),
      head_sha: run.headCommit.sha,
      head_branch: run.headBranch,
      workflow_name: run.workflow.name,
      url: this.urls.repoApi(full, `/actions/jobs/${id}`),
      html_url: this.urls.repoWeb(full, `/actions/runs/${run.id}/job/${id}`),
      check_run_url: this.urls.repoApi(full, `/check-runs/${id}`),
      status: job.status,
      conclusion: job.conclusion,
      created_at: isoSeconds(run.createdAt),
      started_at: isoSeconds(job.startedAt),
      completed_at: job.completedAt ? isoSeconds(job.completedAt) : null,
      name: job.definition.name,
      steps: job.steps.map(step => ({
        name: step.name,
        status: step.status,
        conclusion: step.conclusion,
        number: step.number,
        started_at: step.startedAt ? isoSeconds(step.startedAt) : null,
        completed_at: step.completedAt ? isoSeconds(step.completedAt) : null,
      })),
      labels: job.definition.labels,
      runner_id: job.status === 'queued' ? null : 1,
      runner_name: job.status === 'queued' ? null : 'GitHub Actions 1',
      runner_group_id: job.status === 'queued' ? null : 1,
      runner_group_name: job.status === 'queued' ? null : 'GitHub Actions',
    };
  }

  /** `pull-request-minimal`: the pull request a `pull_request` run is for, at the run's commits. */
  private pullRequestMinimal(pull: PullRequest, headSha: string, baseSha: string) {
    const repository = pull.repository;
    const repo = { id: repository.id, url: this.urls.repoApi(repository.fullName), name: repository.name };
    return {
      id: pull.id,
      number: pull.number,
      url: this.urls.repoApi(repository.fullName, `/pulls/${pull.number}`),
      head: { ref: pull.head, sha: headSha, repo },
      base: { ref: pull.base, sha: baseSha, repo },
    };
  }

  /**
   * `pull-request-simple` (lists), or with `details` the full `pull-request` (one pull request,
   * and the answer to creating one). Head and base SHAs are the branches' heads now.
   */
  pullRequest(pull: PullRequest, refs: { headSha: string; baseSha: string }, details?: PullRequestDetails) {
    const repository = pull.repository;
    const full = repository.fullName;
    const api = this.urls.repoApi(full, `/pulls/${pull.number}`);
    const issue = this.urls.repoApi(full, `/issues/${pull.number}`);
    const html = this.urls.repoWeb(full, `/pull/${pull.number}`);
    const statuses = this.urls.repoApi(full, `/statuses/${refs.headSha}`);
    const side = (ref: string, sha: string) => ({
      label: `${repository.owner.login}:${ref}`,
      ref,
      sha,
      user: this.user(repository.owner),
      repo: this.repository(repository),
    });
    const simple = {
      url: api,
      id: pull.id,
      node_id: nodeId('PullRequest', pull.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issue,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: this.urls.repoApi(full, '/pulls/comments{/number}'),
      comments_url: `${issue}/comments`,
      statuses_url: statuses,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: this.user(pull.user),
      body: pull.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: isoSeconds(pull.createdAt),
      updated_at: isoSeconds(pull.updatedAt),
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: side(pull.head, refs.headSha),
      base: side(pull.base, refs.baseSha),
      _links: {
        self: { href: api },
        html: { href: html },
        issue: { href: issue },
        comments: { href: `${issue}/comments` },
        review_comments: { href: `${api}/comments` },
        review_comment: { href: this.urls.repoApi(full, '/pulls/comments{/number}') },
        commits: { href: `${api}/commits` },
        statuses: { href: statuses },
      },
      author_association: 'OWNER',
      auto_merge: null,
      draft: pull.draft,
    };
    if (!details) return simple;
    return {
      ...simple,
      merged: false,
      mergeable: details.mergeable,
      rebaseable: details.mergeable,
      mergeable_state: mergeableState(details.mergeable),
      merged_by: null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: pull.maintainerCanModify,
      commits: details.commits,
      additions: details.additions,
      deletions: details.deletions,
      changed_files: details.changedFiles,
    };
  }

  environment(repository: Repository, environment: Environment) {
    return {
      id: environment.id,
      node_id: nodeId('Environment', environment.id),
      name: environment.name,
      url: this.urls.repoApi(repository.fullName, `/environments/${encodeURIComponent(environment.name)}`),
      html_url: this.urls.repoWeb(repository.fullName, `/deployments/activity_log?environments_filter=${encodeURIComponent(environment.name)}`),
      created_at: isoSeconds(environment.createdAt),
      updated_at: isoSeconds(environment.updatedAt),
      protection_rules: environment.deploymentBranchPolicy
        ? [{ id: environment.id, node_id: nodeId('DeploymentBranchPolicyRule', environment.id), type: 'branch_policy' }]
        : [],
      deployment_branch_policy: environment.deploymentBranchPolicy && {
        protected_branches: environment.deploymentBranchPolicy.protectedBranches,
        custom_branch_policies: environment.deploymentBranchPolicy.customBranchPolicies,
      },
    };
  }

  deploymentBranchPolicy(policy: DeploymentBranchPolicy) {
    return { id: policy.id, node_id: nodeId('DeploymentBranchPolicy', policy.id), name: policy.name, type: policy.type };
  }

  secret(secret: StoredSecret) {
    return { name: secret.name, created_at: isoSeconds(secret.createdAt), updated_at: isoSeconds(secret.updatedAt) };
  }
}

