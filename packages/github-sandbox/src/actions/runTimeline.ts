import { JobDefinition } from './workflowFile';

export type RunConclusion =
  | 'success'
  | 'failure'
  | 'cancelled'
  | 'skipped'
  | 'neutral'
  | 'stale'
  | 'timed_out'
  | 'action_required'
  | 'startup_failure';

/**
 * How a simulated run ends: `success`, a failure in one job and step (defaults: the first job and
 * its first own step), `never` (stays in_progress forever) or any other conclusion for every job.
 */
export type RunOutcome =
  | Exclude<RunConclusion, 'failure'>
  | 'failure'
  | { conclusion: 'failure'; job?: string; step?: string }
  | 'never';

export interface WorkflowSimulationConfig {
  /** Delay between the push and the run being listed (GitHub: a few seconds). */
  appearAfterMs: number;
  /** Time the run stays `queued`. */
  queuedMs: number;
  /** Time the run stays `in_progress` before it completes. */
  inProgressMs: number;
  outcome: RunOutcome;
}

export type Status = 'queued' | 'in_progress' | 'completed';

export interface StepState {
  name: string;
  number: number;
  status: Status;
  conclusion: RunConclusion | null;
  startedAt: Date | null;
  completedAt: Date | null;
}

export interface JobState {
  definition: JobDefinition;
  status: Status;
  conclusion: RunConclusion | null;
  startedAt: Date;
  completedAt: Date | null;
  steps: StepState[];
}

export interface RunState {
  status: Status;
  conclusion: RunConclusion | null;
  createdAt: Date;
  startedAt: Date;
  updatedAt: Date;
  jobs: JobState[];
}

/** Everything about a run that is fixed at push time; its state is derived from the clock. */
export interface RunPlan {
  createdAt: Date;
  config: WorkflowSimulationConfig;
  /** Jobs of a loadable workflow, or undefined when the file failed to load (startup_failure). */
  jobs?: JobDefinition[];
  /** Ids of the jobs whose `if:` is false for the run's event: they end `skipped`. */
  skippedJobs?: string[];
}

const matchesName = (wanted: string | undefined, ...names: string[]) =>
  wanted === undefined || names.some(name => name.toLowerCase() === wanted.toLowerCase());

/** The jobs in `from` and, directly or not, every job that needs one of them (jobs are in needs order). */
function withDependents(jobs: JobDefinition[], from: Iterable<string>): Set<string> {
  const ids = new Set(from);
  for (const job of jobs) {
    if (job.needs.some(need => ids.has(need))) ids.add(job.id);
  }
  return ids;
}

/** Final conclusion of each job and step, given the configured outcome. */
function finalConclusions(plan: RunPlan, jobs: JobDefinition[]) {
  const outcome = plan.config.outcome;
  const jobConclusions = new Map<string, RunConclusion>();
  const stepConclusions = new Map<string, RunConclusion[]>();
  // A job whose condition is false is skipped, and so is every job that needs it.
  const skipped = withDependents(jobs, plan.skippedJobs ?? []);
  const ran = jobs.filter(job => !skipped.has(job.id));
  const failure = outcome === 'failure' ? { conclusion: 'failure' as const } : outcome;
  if (typeof failure === 'object' && ran.length > 0) {
    const failedJob = ran.find(job => matchesName(failure.job, job.id, job.name)) ?? ran[0];
    const ownSteps = failedJob.steps.slice(1, -1);
    const failedStep =
      ownSteps.find(step => matchesName(failure.step, step)) ?? ownSteps[0] ?? failedJob.steps[0];
    const failedIndex = failedJob.steps.indexOf(failedStep);
    // Jobs that need the failed job, directly or not, are skipped.
    const blocked = new Set([...withDependents(jobs, [failedJob.id]), ...skipped]);
    for (const job of jobs) {
      if (job === failedJob) {
        jobConclusions.set(job.id, 'failure');
        stepConclusions.set(
          job.id,
          job.steps.map((_, index) => {
            if (index === failedIndex) return 'failure';
            if (index < failedIndex || index === job.steps.length - 1) return 'success';
            return 'skipped';
          }),
        );
      } else {
        const conclusion = blocked.has(job.id) ? 'skipped' : 'success';
        jobConclusions.set(job.id, conclusion);
        stepConclusions.set(job.id, conclusion === 'skipped' ? [] : job.steps.map(() => 'success'));
      }
    }
    return { run: 'failure' as RunConclusion, jobConclusions, stepConclusions };
  }
  // 'never' runs do not complete, so they never get here.
  const conclusion = (typeof failure === 'object' ? 'skipped' : outcome) as RunConclusion;
  for (const job of jobs) {
    const jobConclusion = skipped.has(job.id) ? 'skipped' : conclusion;
    jobConclusions.set(job.id, jobConclusion);
    stepConclusions.set(job.id, jobConclusion === 'skipped' ? [] : job.steps.map(() => conclusion));
  }
  return { run: ran.length > 0 ? conclusion : ('skipped' as RunConclusion), jobConclusions, stepConclusions };
}

/** While a job runs: "Set up job" is done, the next step runs, the rest wait. */
const STEP_STATUS_WHILE_RUNNING: Status[] = ['completed', 'in_progress', 'queued'];

/** The state of a run at `now`: queued, then in progress, then completed with the outcome. */
export function runStateAt(plan: RunPlan, now: Date): RunState {
  const { createdAt, config } = plan;
  const startedAt = new Date(createdAt.getTime() + config.queuedMs);
  const completedAt =
    config.outcome === 'never' ? undefined : new Date(startedAt.getTime() + config.inProgressMs);

  if (!plan.jobs) {
    return { status: 'completed', conclusion: 'startup_failure', createdAt, startedAt: createdAt, updatedAt: createdAt, jobs: [] };
  }
  const jobs = plan.jobs;
  if (now < startedAt) {
    const queuedJobs = jobs.map(definition => ({
      definition,
      status: 'queued' as const,
      conclusion: null,
      startedAt: createdAt,
      completedAt: null,
      steps: [],
    }));
    return { status: 'queued', conclusion: null, createdAt, startedAt: createdAt, updatedAt: createdAt, jobs: queuedJobs };
  }
  if (!completedAt || now < completedAt) {
    const skipped = withDependents(jobs, plan.skippedJobs ?? []);
    const runningJobs = jobs.map((definition): JobState => {
      const running = definition.needs.length === 0 && !skipped.has(definition.id);
      return {
        definition,
        status: running ? 'in_progress' : 'queued',
        conclusion: null,
        startedAt,
        completedAt: null,
        steps: running
          ? definition.steps.map((name, index) => ({
              name,
              number: index + 1,
              status: STEP_STATUS_WHILE_RUNNING[Math.min(index, 2)],
              conclusion: index === 0 ? 'success' : null,
              startedAt: index <= 1 ? startedAt : null,
              completedAt: index === 0 ? startedAt : null,
            }))
          : [],
      };
    });
    return { status: 'in_progress', conclusion: null, createdAt, startedAt, updatedAt: startedAt, jobs: runningJobs };
  }
  const { run, jobConclusions, stepConclusions } = finalConclusions(plan, jobs);
  const completedJobs = jobs.map((definition): JobState => ({
    definition,
    status: 'completed',
    conclusion: jobConclusions.get(definition.id)!,
    startedAt,
    completedAt,
    steps: stepConclusions.get(definition.id)!.map((conclusion, index) => ({
      name: definition.steps[index],
      number: index + 1,
      status: 'completed',
      conclusion,
      startedAt: conclusion === 'skipped' ? null : startedAt,
      completedAt: conclusion === 'skipped' ? null : completedAt,
    })),
  }));
  return { status: 'completed', conclusion: run, createdAt, startedAt, updatedAt: completedAt, jobs: completedJobs };
}
