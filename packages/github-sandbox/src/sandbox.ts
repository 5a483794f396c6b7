import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { http, RequestHandler } from 'msw';
import { ActionsService, RunEvent } from './actions/actionsService';
import { RunConclusion, Status, WorkflowSimulationConfig } from './actions/runTimeline';
import { SandboxCore } from './api/core';
import { Dispatcher } from './api/dispatcher';
import { allRoutes } from './api/routes';
import { Faults } from './faults';
import { GitIdentity, TreeEntryMode } from './git/gitRepository';
import { TreeChange } from './git/treeBuilder';
import { Router } from './http/router';
import { SandboxUrls } from './http/urls';
import { LogFilter, RequestLog, RequestLogEntry } from './requestLog';
import { Push, Repository } from './state/model';
import { CreateRepositoryOptions, SandboxState } from './state/sandboxState';
import { StoredSecret } from './state/secretStore';

export interface GitHubSandboxOptions {
  /** API base the handlers answer at; default `https://api.github.com`. */
  baseUrl?: string;
  /** Where bare repositories are stored; default a fresh temporary directory (removed by close()). */
  storageDir?: string;
  /** Accepted token(s); other tokens get 401. Undefined accepts every request. */
  token?: string | string[];
  /** Login of the authenticated user; default `dev`. */
  login?: string;
  /** Requests per hour and token; default 5,000 as on GitHub. */
  rateLimit?: number;
}

export interface CommitInfo {
  sha: string;
  message: string;
  parents: string[];
  tree: string;
  /** Paths of every file in the commit's tree. */
  files: string[];
  author: GitIdentity;
  committer: GitIdentity;
  /** Sandbox sequence number when the commit object was created through the API, if it was. */
  seq?: number;
}

export interface FileInfo {
  content: Buffer;
  mode: TreeEntryMode;
}

export interface RunSnapshot {
  id: number;
  runNumber: number;
  workflowName: string;
  path: string;
  headSha: string;
  headBranch: string;
  event: RunEvent;
  /** The number of the pull request a `pull_request` run is for. */
  pullRequest?: number;
  status: Status;
  conclusion: RunConclusion | null;
  htmlUrl: string;
  /** False while the run is still inside its appear delay (the API does not list it yet). */
  visible: boolean;
  jobs: { name: string; status: Status; conclusion: RunConclusion | null; steps: { name: string; conclusion: RunConclusion | null }[] }[];
}

/** Seeding input: path -> content (a string is UTF-8), or null to delete. */
export type FileChanges = Record<string, string | Buffer | null>;

/** Read-only view of one repository, for assertions. */
export interface SandboxRepository {
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  private: boolean;
  /** Whether the repository is archived (read-only) now. */
  archived: boolean;
  description: string | null;
  topics: string[];
  /** Branch name -> head SHA. */
  branches(): Promise<Record<string, string>>;
  /** History of a branch (default: the default branch), newest first; empty for an empty repository. */
  commits(branch?: string): Promise<CommitInfo[]>;
  readFile(branch: string, filePath: string): Promise<Buffer | undefined>;
  files(branch?: string): Promise<Map<string, FileInfo>>;
  /** Decrypted secrets, with the time and sequence number each was set. */
  secrets(environment?: string): StoredSecret[];
  /** A deployment environment's branch policy and its name patterns, or undefined when there is none. */
  environment(name: string): EnvironmentSnapshot | undefined;
  variables(): Record<string, string>;
  pushes(): Push[];
  runs(): RunSnapshot[];
  /** Pull requests, oldest first, with their branches' heads now. */
  pullRequests(): Promise<PullRequestSnapshot[]>;
}

export interface PullRequestSnapshot {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  head: string;
  base: string;
  headSha: string;
  htmlUrl: string;
}

export interface EnvironmentSnapshot {
  deploymentBranchPolicy: { protectedBranches: boolean; customBranchPolicies: boolean } | null;
  branchPolicies: { name: string; type: 'branch' | 'tag' }[];
  /** Sequence number of the last change to it, comparable with secrets and pushes. */
  seq: number;
}

/** A GitHub REST API stand-in; see README.md. */
export class GitHubSandbox {
  readonly urls: SandboxUrls;
  readonly storageDir: string;
  readonly faults = new Faults();
  readonly requestLog = new RequestLog();
  /** msw handlers answering at `baseUrl`: `setupServer(...sandbox.handlers)`. */
  readonly handlers: RequestHandler[];
  readonly workflows: {
    configure(config: Partial<WorkflowSimulationConfig>): void;
    /** Moves the clock runs progress by forward: step a run through its states in a test. */
    advance(ms: number): void;
  };

  private readonly state: SandboxState;
  private readonly actions: ActionsService;
  private readonly dispatcher: Dispatcher;
  private readonly ownsStorage: boolean;

  constructor(options: GitHubSandboxOptions = {}) {
    this.urls = new SandboxUrls(options.baseUrl ?? 'https://api.github.com');
    this.ownsStorage = !options.storageDir;
    this.storageDir = options.storageDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'github-sandbox-'));
    this.state = new SandboxState(this.storageDir, options.login ?? 'dev');
    this.actions = new ActionsService(this.state);
    this.workflows = { configure: config => this.actions.configure(config), advance: ms => this.actions.advance(ms) };
    const core = new SandboxCore(this.state, this.actions, this.urls, this.faults);
    const tokens = options.token === undefined ? undefined : [options.token].flat();
    this.dispatcher = new Dispatcher(core, new Router(allRoutes), this.requestLog, {
      tokens,
      rateLimit: options.rateLimit ?? 5000,
    });
    this.handlers = [http.all(`${this.urls.api}/*`, ({ request }) => this.handle(request))];
  }

  get baseUrl(): string {
    return this.urls.api;
  }

  /** Answers one API request; what the msw handlers and the HTTP server both call. */
  handle(request: Request): Promise<Response> {
    return this.dispatcher.handle(request);
  }

  get login(): string {
    return this.state.authenticatedLogin;
  }

  createUser(login: string): void {
    this.state.ensureAccount(login, 'User');
  }

  createOrg(login: string): void {
    this.state.ensureAccount(login, 'Organization');
  }

  /** Creates a repository (and its owner as an organisation if unknown) without an API request. */
  async createRepo(owner: string, name: string, options: CreateRepositoryOptions = {}): Promise<SandboxRepository> {
    const account = this.state.account(owner) ?? this.state.ensureAccount(owner, 'Organization');
    return this.view(await this.state.createRepository(account, name, options));
  }

  /** Lands one commit with these file changes on a branch (default: the default branch). */
  async commitFiles(owner: string, name: string, options: { message: string; files: FileChanges; branch?: string }): Promise<string> {
    const repository = this.require(owner, name);
    const changes = await Promise.all(
      Object.entries(options.files).map(async ([filePath, content]): Promise<TreeChange> => {
        if (content === null) return { path: filePath, delete: true };
        if (typeof content === 'string') return { path: filePath, mode: '100644', type: 'blob', content };
        return { path: filePath, mode: '100644', type: 'blob', sha: await repository.git.writeBlob(content) };
      }),
    );
    const { sha } = await this.state.commitChanges(repository, {
      branch: options.branch ?? repository.defaultBranch,
      message: options.message,
      changes,
    });
    return sha;
  }

  listRepos(): SandboxRepository[] {
    return this.state.listRepositories().map(repository => this.view(repository));
  }

  repo(owner: string, name: string): SandboxRepository {
    return this.view(this.require(owner, name));
  }

  secrets(owner: string, name: string, environment?: string): StoredSecret[] {
    return this.repo(owner, name).secrets(environment);
  }

  runs(owner: string, name: string): RunSnapshot[] {
    return this.repo(owner, name).runs();
  }

  get requests(): readonly RequestLogEntry[] {
    return this.requestLog.entries;
  }

  countRequests(filter?: LogFilter): number {
    return this.requestLog.count(filter);
  }

  /** Requests that asked to write (POST/PUT/PATCH/DELETE), optionally for one route. */
  countWrites(filter?: LogFilter): number {
    return this.requestLog.writes(filter).length;
  }

  resetRequestLog(): void {
    this.requestLog.reset();
  }

  /** Removes the storage directory if the sandbox created it. */
  async close(): Promise<void> {
    if (this.ownsStorage) await fs.promises.rm(this.storageDir, { recursive: true, force: true });
  }

  private require(owner: string, name: string): Repository {
    const repository = this.state.repository(owner, name);
    if (!repository) throw new Error(`github-sandbox: no repository ${owner}/${name}`);
    return repository;
  }

  private view(repository: Repository): SandboxRepository {
    const { git } = repository;
    const headOf = async (branch?: string) => git.resolveRef(`refs/heads/${branch ?? repository.defaultBranch}`);
    const files = async (branch?: string) => {
      const head = await headOf(branch);
      const result = new Map<string, FileInfo>();
      if (!head) return result;
      for (const entry of await git.readTreeRecursive((await git.readCommit(head)).tree)) {
        if (entry.type === 'blob') result.set(entry.path, { content: await git.readBlob(entry.sha), mode: entry.mode });
      }
      return result;
    };
    return {
      owner: repository.owner.login,
      name: repository.name,
      fullName: repository.fullName,
      defaultBranch: repository.defaultBranch,
      private: repository.settings.private,
      archived: repository.archived,
      description: repository.settings.description,
      topics: [...repository.topics],
      branches: async () => {
        const result: Record<string, string> = {};
        for (const ref of await git.listRefs()) {
          if (ref.startsWith('refs/heads/')) result[ref.slice('refs/heads/'.length)] = (await git.resolveRef(ref))!;
        }
        return result;
      },
      commits: async branch => {
        const head = await headOf(branch);
        if (!head) return [];
        return Promise.all(
          (await git.log(head)).map(async sha => {
            const commit = await git.readCommit(sha);
            const tree = await git.readTreeRecursive(commit.tree);
            return {
              sha,
              message: commit.message,
              parents: commit.parents,
              tree: commit.tree,
              files: tree.filter(entry => entry.type === 'blob').map(entry => entry.path),
              author: commit.author,
              committer: commit.committer,
              seq: repository.commitSeq.get(sha),
            };
          }),
        );
      },
      readFile: async (branch, filePath) => (await files(branch)).get(filePath)?.content,
      files,
      secrets: environment => {
        if (environment === undefined) return repository.secrets.list();
        return repository.environments.get(environment)?.secrets.list() ?? [];
      },
      environment: name => {
        const environment = repository.environments.get(name);
        return (
          environment && {
            deploymentBranchPolicy: environment.deploymentBranchPolicy && { ...environment.deploymentBranchPolicy },
            branchPolicies: environment.branchPolicies.map(({ name: pattern, type }) => ({ name: pattern, type })),
            seq: environment.seq,
          }
        );
      },
      variables: () => Object.fromEntries([...repository.variables].map(([key, variable]) => [key, variable.value])),
      pushes: () => [...repository.pushes],
      runs: () => this.runSnapshots(repository),
      pullRequests: () =>
        Promise.all(
          repository.pullRequests.map(async pull => ({
            number: pull.number,
            title: pull.title,
            body: pull.body,
            state: pull.state,
            draft: pull.draft,
            head: pull.head,
            base: pull.base,
            headSha: (await headOf(pull.head))!,
            htmlUrl: this.urls.repoWeb(repository.fullName, `/pull/${pull.number}`),
          })),
        ),
    };
  }

  private runSnapshots(repository: Repository): RunSnapshot[] {
    const now = this.actions.now();
    return this.actions.allRuns(repository).map(run => {
      const state = this.actions.stateOf(run, now);
      return {
        id: run.id,
        runNumber: run.runNumber,
        workflowName: run.workflow.name,
        path: run.workflow.path,
        headSha: run.headCommit.sha,
        headBranch: run.headBranch,
        event: run.event,
        pullRequest: run.pullRequest?.number,
        status: state.status,
        conclusion: state.conclusion,
        htmlUrl: this.urls.repoWeb(repository.fullName, `/actions/runs/${run.id}`),
        visible: run.createdAt <= now,
        jobs: state.jobs.map(job => ({
          name: job.definition.name,
          status: job.status,
          conclusion: job.conclusion,
          steps: job.steps.map(step => ({ name: step.name, conclusion: step.conclusion })),
        })),
      };
    });
  }
}

export function createGitHubSandbox(options: GitHubSandboxOptions = {}): GitHubSandbox {
  return new GitHubSandbox(options);
}
