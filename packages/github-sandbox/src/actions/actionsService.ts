import { CommitObject } from '../git/gitRepository';
import { PullRequest, Push, Repository } from '../state/model';
import { SandboxState } from '../state/sandboxState';
import { ConditionContext, jobRuns } from './jobCondition';
import { RunPlan, runStateAt, RunState, WorkflowSimulationConfig } from './runTimeline';
import { parseWorkflow, runsOnPullRequestInto, runsOnPushTo, skipsCi, WorkflowDefinition } from './workflowFile';

export interface WorkflowRecord {
  id: number;
  name: string;
  path: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface WorkflowRun extends RunPlan {
  id: number;
  runNumber: number;
  repository: Repository;
  workflow: WorkflowRecord;
  headBranch: string;
  headCommit: CommitObject;
  event: RunEvent;
  /** The pull request a `pull_request` run is for, and its base branch's head then. */
  pullRequest?: PullRequest;
  baseSha?: string;
  /** Job ids, fixed at push time, in the order of the plan's jobs. */
  jobIds: number[];
}

export type RunEvent = 'push' | 'pull_request';

/** A pull request activity that can start runs (GitHub's default `pull_request` types). */
export type PullRequestActivity = 'opened' | 'synchronize' | 'reopened';

/** What starts runs: an event on a commit, and which workflows it triggers. */
interface RunTrigger {
  event: RunEvent;
  headBranch: string;
  headCommit: CommitObject;
  at: Date;
  condition: ConditionContext;
  pullRequest?: PullRequest;
  baseSha?: string;
  triggers(definition: WorkflowDefinition): boolean;
}

export const DEFAULT_SIMULATION: WorkflowSimulationConfig = {
  appearAfterMs: 20,
  queuedMs: 30,
  inProgressMs: 60,
  outcome: 'success',
};

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/**
 * GitHub Actions as seen through the REST API: a push starts one run per workflow that triggers on
 * a push to that branch, a pull request activity one per workflow that triggers on pull requests
 * into its base branch; each run follows the simulation config captured when it started.
 */
export class ActionsService {
  private config: WorkflowSimulationConfig = { ...DEFAULT_SIMULATION };
  private readonly workflows = new Map<Repository, Map<string, WorkflowRecord>>();
  private readonly runs: WorkflowRun[] = [];

  constructor(private readonly state: SandboxState) {
    state.onPush((repository, push) => this.handlePush(repository, push));
  }

  configure(config: Partial<WorkflowSimulationConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /** How far tests moved the runs' clock ahead of the real one. */
  private clockOffsetMs = 0;

  /**
   * Moves the runs' clock forward: a test steps a run through its states instead of racing a
   * poller against real time (a loaded machine may poll past a short state).
   */
  advance(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** The time runs are seen at: the real clock plus what tests advanced it by. */
  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /**
   * A push starts the push-triggered workflows of the pushed commit whose branch filters match,
   * and is a `synchronize` of every open pull request from that branch.
   */
  private async handlePush(repository: Repository, push: Push): Promise<void> {
    const headCommit = await repository.git.readCommit(push.after);
    await this.startRuns(repository, await this.workflowFiles(repository, headCommit), {
      event: 'push',
      headBranch: push.branch,
      headCommit,
      at: push.at,
      condition: { event_name: 'push', ref: `refs/heads/${push.branch}`, head_ref: '', base_ref: '' },
      triggers: definition => runsOnPushTo(definition, push.branch),
    });
    const fromBranch = repository.pullRequests.filter(pull => pull.state === 'open' && pull.head === push.branch);
    for (const pull of fromBranch) await this.pullRequestActivity(repository, pull, 'synchronize', push.at);
  }

  /**
   * Starts the runs of a pull request activity: the workflows of the merge of its head into its
   * base whose `pull_request` trigger takes the activity and whose branch filters match the base
   * branch. (GitHub runs them on a merge commit; the sandbox merges only the workflow files.)
   */
  async pullRequestActivity(repository: Repository, pull: PullRequest, activity: PullRequestActivity, at: Date): Promise<void> {
    const { git } = repository;
    const [headSha, baseSha] = [await git.resolveRef(`refs/heads/${pull.head}`), await git.resolveRef(`refs/heads/${pull.base}`)];
    if (!headSha || !baseSha) return;
    const headCommit = await git.readCommit(headSha);
    await this.startRuns(repository, await this.mergedWorkflowFiles(repository, baseSha, headCommit), {
      event: 'pull_request',
      headBranch: pull.head,
      headCommit,
      at,
      pullRequest: pull,
      baseSha,
      condition: { event_name: 'pull_request', ref: `refs/pull/${pull.number}/merge`, head_ref: pull.head, base_ref: pull.base },
      triggers: definition => runsOnPullRequestInto(definition, pull.base, activity),
    });
  }

  /** Workflow files (path -> blob) of a commit's tree. */
  private async workflowFiles(repository: Repository, commit: CommitObject): Promise<Map<string, string>> {
    const entries = await repository.git.readTreeRecursive(commit.tree);
    return new Map(entries.filter(entry => entry.type === 'blob' && WORKFLOW_FILE.test(entry.path)).map(entry => [entry.path, entry.sha]));
  }

  /**
   * The workflow files of head merged into base: a file the head changed since the two parted
   * comes from the head (the head wins a conflict), any other from the base.
   */
  private async mergedWorkflowFiles(repository: Repository, baseSha: string, headCommit: CommitObject): Promise<Map<string, string>> {
    const { git } = repository;
    let mergeBase: string | undefined;
    for (const sha of await git.log(headCommit.sha)) {
      if (await git.isAncestor(sha, baseSha)) {
        mergeBase = sha;
        break;
      }
    }
    const [base, head, parted] = await Promise.all([
      this.workflowFiles(repository, await git.readCommit(baseSha)),
      this.workflowFiles(repository, headCommit),
      mergeBase ? git.readCommit(mergeBase).then(commit => this.workflowFiles(repository, commit)) : new Map<string, string>(),
    ]);
    const merged = new Map<string, string>();
    for (const path of new Set([...base.keys(), ...head.keys(), ...parted.keys()])) {
      const blob = head.get(path) !== parted.get(path) ? head.get(path) : base.get(path);
      if (blob) merged.set(path, blob);
    }
    return merged;
  }

  /** One run per workflow file (path -> blob) that the trigger starts. */
  private async startRuns(repository: Repository, files: Map<string, string>, trigger: RunTrigger): Promise<void> {
    const { headCommit } = trigger;
    if (skipsCi(headCommit.message)) return;
    for (const [path, blob] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const definition = parseWorkflow(path, (await repository.git.readBlob(blob)).toString('utf8'));
      const workflow = this.registerWorkflow(repository, path, definition.name, trigger.at);
      // A file that does not load gets a run that fails at startup, whatever its triggers.
      if (definition.valid && !trigger.triggers(definition)) continue;
      const jobs = definition.valid ? definition.jobs : undefined;
      this.runs.push({
        id: this.state.nextId(),
        runNumber: this.runs.filter(run => run.workflow === workflow).length + 1,
        repository,
        workflow,
        headBranch: trigger.headBranch,
        headCommit,
        event: trigger.event,
        pullRequest: trigger.pullRequest,
        baseSha: trigger.baseSha,
        createdAt: new Date(trigger.at.getTime() + this.config.appearAfterMs),
        config: { ...this.config },
        jobs,
        skippedJobs: (jobs ?? []).filter(job => !jobRuns(job.if, trigger.condition)).map(job => job.id),
        jobIds: (jobs ?? []).map(() => this.state.nextId()),
      });
    }
  }

  private registerWorkflow(repository: Repository, path: string, name: string, at: Date): WorkflowRecord {
    let byPath = this.workflows.get(repository);
    if (!byPath) {
      byPath = new Map();
      this.workflows.set(repository, byPath);
    }
    const existing = byPath.get(path);
    if (existing) {
      existing.name = name;
      existing.updatedAt = at;
      return existing;
    }
    const workflow: WorkflowRecord = { id: this.state.nextId(), name, path, createdAt: at, updatedAt: at };
    byPath.set(path, workflow);
    return workflow;
  }

  listWorkflows(repository: Repository): WorkflowRecord[] {
    return [...(this.workflows.get(repository)?.values() ?? [])];
  }

  /** A workflow by numeric id or by file name (`ci.yml`), as `workflow_id` accepts both. */
  findWorkflow(repository: Repository, idOrFileName: string): WorkflowRecord | undefined {
    return this.listWorkflows(repository).find(
      workflow => String(workflow.id) === idOrFileName || workflow.path.split('/').pop() === idOrFileName,
    );
  }

  /** Every run of a repository, including those still inside their appear delay, newest first. */
  allRuns(repository: Repository): WorkflowRun[] {
    return this.runs.filter(run => run.repository === repository).sort((a, b) => b.id - a.id);
  }

  /** Runs the API lists at `now`: a run appears only once its appear delay has passed. */
  visibleRuns(repository: Repository, now: Date): WorkflowRun[] {
    return this.allRuns(repository).filter(run => run.createdAt <= now);
  }

  stateOf(run: WorkflowRun, now: Date): RunState {
    return runStateAt(run, now);
  }
}
