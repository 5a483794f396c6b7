import { GitRepository } from '../git/gitRepository';
import { Mutex } from './mutex';
import { SecretStore } from './secretStore';

export interface Account {
  id: number;
  login: string;
  type: 'User' | 'Organization';
  name: string;
  createdAt: Date;
}

/** A branch moving from `before` to `after`; `before` is null when the branch was created. */
export interface Push {
  branch: string;
  before: string | null;
  after: string;
  forced: boolean;
  seq: number;
  at: Date;
}

export interface Environment {
  id: number;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  secrets: SecretStore;
  /** Which branches may deploy: null is any branch. */
  deploymentBranchPolicy: { protectedBranches: boolean; customBranchPolicies: boolean } | null;
  /** The name patterns of a custom branch policy. */
  branchPolicies: DeploymentBranchPolicy[];
  /** Sandbox-wide sequence number of the last change to the environment or its policies. */
  seq: number;
}

/** A pull request; its head and base SHAs are read from the branches whenever it is shown. */
export interface PullRequest {
  id: number;
  repository: Repository;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  maintainerCanModify: boolean;
  /** Branch names in this repository (pull requests from forks are not modelled). */
  head: string;
  base: string;
  user: Account;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeploymentBranchPolicy {
  id: number;
  name: string;
  type: 'branch' | 'tag';
}

/** The settings `POST /user/repos` accepts and `GET /repos/{owner}/{repo}` reports. */
export interface RepositorySettings {
  description: string | null;
  homepage: string | null;
  private: boolean;
  hasIssues: boolean;
  hasProjects: boolean;
  hasWiki: boolean;
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
  allowAutoMerge: boolean;
  allowUpdateBranch: boolean;
  deleteBranchOnMerge: boolean;
}

export class Repository {
  readonly secrets = new SecretStore();
  readonly environments = new Map<string, Environment>();
  readonly variables = new Map<string, { value: string; createdAt: Date; updatedAt: Date }>();
  readonly collaborators = new Map<string, string>();
  readonly pushes: Push[] = [];
  /** Sequence number at which each commit object was created through the API. */
  readonly commitSeq = new Map<string, number>();
  /** Held while a branch is read, checked and moved, so concurrent updates cannot both win. */
  readonly refLock = new Mutex();
  readonly pullRequests: PullRequest[] = [];
  topics: string[] = [];
  /** Archived repositories are read-only: every write answers 403. */
  archived = false;
  pushedAt: Date | null = null;
  updatedAt: Date;
  /** Git Data requests seen since creation, for the unavailable-after-create fault. */
  gitBackedRequests = 0;
  /** Issues and pull requests share one sequence of numbers per repository. */
  private lastIssueNumber = 0;

  constructor(
    readonly id: number,
    readonly owner: Account,
    readonly name: string,
    readonly createdAt: Date,
    readonly defaultBranch: string,
    readonly settings: RepositorySettings,
    readonly git: GitRepository,
  ) {
    this.updatedAt = createdAt;
  }

  get fullName(): string {
    return `${this.owner.login}/${this.name}`;
  }

  nextIssueNumber(): number {
    this.lastIssueNumber += 1;
    return this.lastIssueNumber;
  }
}
