import { CommitObject } from '../git/gitRepository';
import { Push, Repository } from '../state/model';
import { SandboxState } from '../state/sandboxState';
import { RunPlan, runStateAt, RunState, WorkflowSimulationConfig } from './runTimeline';
import { parseWorkflow, runsOnPushTo, skipsCi } from './workflowFile';

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
  event: 'push';
  /** Job ids, fixed at push time, in the order of the plan's jobs. */
  jobIds: number[];
}

export const DEFAULT_SIMULATION: WorkflowSimulationConfig = {
  appearAfterMs: 20,
  queuedMs: 30,
  inProgressMs: 60,
  outcome: 'success',
};

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/**
 * GitHub Actions as seen through the REST API: pushes to the default branch start one run per
 * workflow that triggers on push; each run follows the simulation config captured at push time.
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

  private async handlePush(repository: Repository, push: Push): Promise<void> {
    if (push.branch !== repository.defaultBranch) return;
    const { git } = repository;
    const headCommit = await git.readCommit(push.after);
    if (skipsCi(headCommit.message)) return;
    const files = (await git.readTreeRecursive(headCommit.tree)).filter(
      entry => entry.type === 'blob' && WORKFLOW_FILE.test(entry.path),
    );
    for (const file of files) {
      const definition = parseWorkflow(file.path, (await git.readBlob(file.sha)).toString('utf8'));
      const workflow = this.registerWorkflow(repository, file.path, definition.name, push.at);
      if (definition.valid && !runsOnPushTo(definition, push.branch)) continue;
      const jobs = definition.valid ? definition.jobs : undefined;
      this.runs.push({
        id: this.state.nextId(),
        runNumber: this.runs.filter(run => run.workflow === workflow).length + 1,
        repository,
        workflow,
        headBranch: push.branch,
        headCommit,
        event: 'push',
        createdAt: new Date(push.at.getTime() + this.config.appearAfterMs),
        config: { ...this.config },
        jobs,
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
