import { parse } from 'yaml';

export interface JobDefinition {
  id: string;
  name: string;
  needs: string[];
  labels: string[];
  /** Step names as GitHub shows them, including the implicit "Set up job" and "Complete job". */
  steps: string[];
  /** The job's `if:` condition, as written. */
  if?: string;
}

interface RefFilter {
  branches?: string[];
  branchesIgnore?: string[];
  tags?: string[];
  tagsIgnore?: string[];
}

/** The `pull_request` trigger: base branch filters and activity types. */
interface PullRequestFilter {
  branches?: string[];
  branchesIgnore?: string[];
  types?: string[];
}

export interface WorkflowDefinition {
  name: string;
  /** False when the file is not a workflow GitHub could load; its push runs fail at startup. */
  valid: boolean;
  /** The `push` trigger, or undefined when the workflow does not run on push. */
  push?: RefFilter;
  /** The `pull_request` trigger, or undefined when the workflow does not run on pull requests. */
  pullRequest?: PullRequestFilter;
  jobs: JobDefinition[];
}

function asStrings(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : undefined;
}

function stepName(step: Record<string, unknown>): string {
  if (typeof step.name === 'string') return step.name;
  if (typeof step.uses === 'string') return `Run ${step.uses}`;
  if (typeof step.run === 'string') return `Run ${step.run.trim().split('\n')[0]}`;
  return 'Run step';
}

/** The settings of one event of `on:` (string, list or map form); undefined when it is not there. */
function trigger(on: unknown, event: string): Record<string, unknown> | undefined {
  if (on === event) return {};
  if (Array.isArray(on)) return on.includes(event) ? {} : undefined;
  if (on && typeof on === 'object' && event in on) return ((on as Record<string, unknown>)[event] ?? {}) as Record<string, unknown>;
  return undefined;
}

function pushTrigger(on: unknown): RefFilter | undefined {
  const push = trigger(on, 'push');
  return (
    push && {
      branches: asStrings(push.branches),
      branchesIgnore: asStrings(push['branches-ignore']),
      tags: asStrings(push.tags),
      tagsIgnore: asStrings(push['tags-ignore']),
    }
  );
}

function pullRequestTrigger(on: unknown): PullRequestFilter | undefined {
  const pullRequest = trigger(on, 'pull_request');
  return (
    pullRequest && {
      branches: asStrings(pullRequest.branches),
      branchesIgnore: asStrings(pullRequest['branches-ignore']),
      types: asStrings(pullRequest.types),
    }
  );
}

/** Jobs in an order where every job comes after the jobs it `needs`. */
function orderByNeeds(jobs: JobDefinition[]): JobDefinition[] {
  const ordered: JobDefinition[] = [];
  const placed = new Set<string>();
  let remaining = jobs;
  while (remaining.length > 0) {
    const ready = remaining.filter(job => job.needs.every(need => placed.has(need)));
    // A cycle or an unknown `needs` would make GitHub reject the file; keep the rest in file order.
    const next = ready.length > 0 ? ready : remaining;
    next.forEach(job => placed.add(job.id));
    ordered.push(...next);
    remaining = remaining.filter(job => !placed.has(job.id));
  }
  return ordered;
}

/** Reads what the simulation needs from a workflow file: its name, push trigger and jobs. */
export function parseWorkflow(path: string, text: string): WorkflowDefinition {
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    return { name: path, valid: false, jobs: [] };
  }
  if (!document || typeof document !== 'object' || !('jobs' in document)) {
    return { name: path, valid: false, jobs: [] };
  }
  const workflow = document as Record<string, unknown>;
  const jobs = Object.entries((workflow.jobs ?? {}) as Record<string, Record<string, unknown>>).map(
    ([id, job]): JobDefinition => ({
      id,
      name: typeof job?.name === 'string' ? job.name : id,
      needs: asStrings(job?.needs) ?? [],
      labels: asStrings(job?.['runs-on']) ?? [],
      steps: [
        'Set up job',
        ...((Array.isArray(job?.steps) ? job.steps : []) as Record<string, unknown>[]).map(stepName),
        'Complete job',
      ],
      ...(job?.if !== undefined ? { if: String(job.if) } : {}),
    }),
  );
  return {
    name: typeof workflow.name === 'string' ? workflow.name : path,
    valid: jobs.length > 0,
    push: pushTrigger(workflow.on),
    pullRequest: pullRequestTrigger(workflow.on),
    jobs: orderByNeeds(jobs),
  };
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** GitHub filter patterns: `**` crosses slashes, `*` does not, a leading `!` excludes again. */
function matchesPatterns(branch: string, patterns: string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    const source = glob
      .split('**')
      .map(part => part.split('*').map(escapeRegExp).join('[^/]*'))
      .join('.*');
    if (new RegExp(`^${source}$`).test(branch)) matched = !negated;
  }
  return matched;
}

/** Whether a push to `branch` starts this workflow (GitHub's branch and tag filter rules). */
export function runsOnPushTo(workflow: WorkflowDefinition, branch: string): boolean {
  const filter = workflow.push;
  if (!filter) return false;
  if (filter.branches) return matchesPatterns(branch, filter.branches);
  if (filter.branchesIgnore) return !matchesPatterns(branch, filter.branchesIgnore);
  // Only tag filters: the workflow runs for tag pushes only.
  return !filter.tags && !filter.tagsIgnore;
}

/** The activities a `pull_request` trigger without `types` runs for. */
const DEFAULT_PULL_REQUEST_TYPES = ['opened', 'synchronize', 'reopened'];

/**
 * Whether a pull request activity (`opened`, `synchronize`...) into `baseBranch` starts this
 * workflow: its branch filters apply to the base branch, as on GitHub.
 */
export function runsOnPullRequestInto(workflow: WorkflowDefinition, baseBranch: string, activity: string): boolean {
  const filter = workflow.pullRequest;
  if (!filter || !(filter.types ?? DEFAULT_PULL_REQUEST_TYPES).includes(activity)) return false;
  if (filter.branches) return matchesPatterns(baseBranch, filter.branches);
  if (filter.branchesIgnore) return !matchesPatterns(baseBranch, filter.branchesIgnore);
  return true;
}

/** The markers GitHub honours in a head commit message to start no push or pull_request run. */
export const skipsCi = (message: string) =>
  /\[(skip ci|ci skip|no ci|skip actions|actions skip)\]/i.test(message);
