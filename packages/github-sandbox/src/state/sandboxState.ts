import fs from 'node:fs';
import path from 'node:path';
import { buildTree, TreeChange } from '../git/treeBuilder';
import { GitIdentity, GitRepository } from '../git/gitRepository';
import { ApiError } from '../http/errors';
import { Account, Push, Repository, RepositorySettings } from './model';

export interface CreateRepositoryOptions extends Partial<RepositorySettings> {
  /** Create an initial commit with a README, as `auto_init: true` does. */
  autoInit?: boolean;
  defaultBranch?: string;
}

export interface CommitChangesOptions {
  branch: string;
  message: string;
  changes: TreeChange[];
  author?: GitIdentity;
  committer?: GitIdentity;
  /** The branch head the caller inspected; the push fails with 409 if the branch moved since. */
  parent?: string | null;
}

/** Called after a branch moved and before the request that moved it is answered. */
type PushListener = (repository: Repository, push: Push) => Promise<void>;

const key = (...parts: string[]) => parts.join('/').toLowerCase();

/**
 * Accounts and repositories of one sandbox, and the few operations that change history. Every
 * branch move goes through `moveBranch`, which is where pushes are recorded and workflows start.
 */
export class SandboxState {
  private seq = 0;
  private lastId = 0;
  private readonly accounts = new Map<string, Account>();
  private readonly repositories = new Map<string, Repository>();
  private readonly pushListeners: PushListener[] = [];

  constructor(
    readonly storageDir: string,
    readonly authenticatedLogin: string,
  ) {
    this.ensureAccount(authenticatedLogin, 'User');
  }

  /** Sandbox-wide monotonic counter shared by secrets, commits, pushes and logged requests. */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  ensureAccount(login: string, type: Account['type']): Account {
    const existing = this.accounts.get(key(login));
    if (existing) return existing;
    const account: Account = { id: this.nextId(), login, type, name: login, createdAt: new Date() };
    this.accounts.set(key(login), account);
    return account;
  }

  account(login: string): Account | undefined {
    return this.accounts.get(key(login));
  }

  get authenticatedUser(): Account {
    return this.account(this.authenticatedLogin)!;
  }

  repository(owner: string, name: string): Repository | undefined {
    return this.repositories.get(key(owner, name));
  }

  listRepositories(): Repository[] {
    return [...this.repositories.values()];
  }

  onPush(listener: PushListener): void {
    this.pushListeners.push(listener);
  }

  identityOf(account: Account): Omit<GitIdentity, 'date'> {
    return { name: account.name, email: `${account.id}+${account.login}@users.noreply.github.com` };
  }

  async createRepository(
    owner: Account,
    requestedName: string,
    options: CreateRepositoryOptions = {},
  ): Promise<Repository> {
    const name = sanitiseRepositoryName(requestedName);
    if (this.repository(owner.login, name)) {
      throw new ApiError(422, 'Repository creation failed.', [
        { resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' },
      ]);
    }
    const defaultBranch = options.defaultBranch ?? 'main';
    const gitdir = path.join(this.storageDir, owner.login.toLowerCase(), `${name.toLowerCase()}.git`);
    await fs.promises.mkdir(path.dirname(gitdir), { recursive: true });
    const git = await GitRepository.init(gitdir, defaultBranch);
    await git.setHead(defaultBranch);
    const settings: RepositorySettings = {
      description: options.description ?? null,
      homepage: options.homepage ?? null,
      private: options.private ?? false,
      hasIssues: options.hasIssues ?? true,
      hasProjects: options.hasProjects ?? true,
      hasWiki: options.hasWiki ?? true,
      allowMergeCommit: options.allowMergeCommit ?? true,
      allowSquashMerge: options.allowSquashMerge ?? true,
      allowRebaseMerge: options.allowRebaseMerge ?? true,
      allowAutoMerge: options.allowAutoMerge ?? false,
      allowUpdateBranch: options.allowUpdateBranch ?? false,
      deleteBranchOnMerge: options.deleteBranchOnMerge ?? false,
    };
    const repository = new Repository(this.nextId(), owner, name, new Date(), defaultBranch, settings, git);
    this.repositories.set(key(owner.login, name), repository);
    if (options.autoInit) {
      const readme = `# ${name}\n${settings.description ? `\n${settings.description}\n` : ''}`;
      await this.commitChanges(repository, {
        branch: defaultBranch,
        message: 'Initial commit',
        changes: [{ path: 'README.md', mode: '100644', type: 'blob', content: readme }],
      });
    }
    return repository;
  }

  async writeCommit(
    repository: Repository,
    commit: { tree: string; parents: string[]; message: string; author?: GitIdentity; committer?: GitIdentity },
  ): Promise<string> {
    const now = new Date();
    const author = commit.author ?? { ...this.identityOf(this.authenticatedUser), date: now };
    const sha = await repository.git.writeCommit({
      tree: commit.tree,
      parents: commit.parents,
      message: commit.message,
      author,
      committer: commit.committer ?? { ...author, date: author.date },
    });
    if (!repository.commitSeq.has(sha)) repository.commitSeq.set(sha, this.nextSeq());
    return sha;
  }

  /**
   * Moves (or creates) a branch. Without `force` the new commit must descend from the current
   * one, else GitHub's 422 "Update is not a fast forward".
   */
  async moveBranch(
    repository: Repository,
    branch: string,
    sha: string,
    options: { force: boolean; expectedBefore?: string | null },
  ): Promise<Push> {
    return repository.refLock.run(async () => {
      const ref = `refs/heads/${branch}`;
      const before = (await repository.git.resolveRef(ref)) ?? null;
      if (options.expectedBefore !== undefined && options.expectedBefore !== before) {
        throw new ApiError(409, `is at ${before} but expected ${options.expectedBefore}`);
      }
      if (before && !options.force && !(await repository.git.isAncestor(before, sha))) {
        throw new ApiError(422, 'Update is not a fast forward');
      }
      await repository.git.writeRef(ref, sha);
      const push: Push = { branch, before, after: sha, forced: options.force, seq: this.nextSeq(), at: new Date() };
      repository.pushes.push(push);
      repository.pushedAt = push.at;
      for (const listener of this.pushListeners) await listener(repository, push);
      return push;
    });
  }

  /** Commits changes on top of a branch (or as its first commit) and moves it: a one-commit push. */
  async commitChanges(
    repository: Repository,
    options: CommitChangesOptions,
  ): Promise<{ sha: string; push: Push }> {
    const parent =
      options.parent !== undefined
        ? options.parent
        : ((await repository.git.resolveRef(`refs/heads/${options.branch}`)) ?? null);
    const baseTree = parent ? (await repository.git.readCommit(parent)).tree : undefined;
    const tree = await buildTree(repository.git, baseTree, options.changes);
    const sha = await this.writeCommit(repository, {
      tree,
      parents: parent ? [parent] : [],
      message: options.message,
      author: options.author,
      committer: options.committer,
    });
    const push = await this.moveBranch(repository, options.branch, sha, {
      force: false,
      expectedBefore: parent,
    });
    return { sha, push };
  }
}

/** GitHub turns every run of characters outside `[A-Za-z0-9._-]` into a single `-`. */
function sanitiseRepositoryName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  if (!cleaned || cleaned === '.' || cleaned === '..' || cleaned.length > 100) {
    throw new ApiError(422, 'Repository creation failed.', [
      { resource: 'Repository', code: 'custom', field: 'name', message: 'name is invalid' },
    ]);
  }
  return cleaned;
}
