import { parse } from 'yaml';

export interface JobDefinition {
  id: string;
  name: string;
  needs: string[];
  labels: string[];
  /** Step names as GitHub shows them, including the implicit "Set up job" and "Complete job". */
  steps: string[];
}

interface RefFilter {
  branches?: string[];
  branchesIgnore?: string[];
  tags?: string[];
  tagsIgnore?: string[];
}

export interface WorkflowDefinition {
  name: string;
  /** False when the file is not a workflow GitHub could load; its push runs fail at startup. */
  valid: boolean;
  /** The `push` trigger, or undefined when the workflow does not run on push. */
  push?: RefFilter;
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

function pushTrigger(on: unknown): RefFilter | undefined {
  if (on === 'push') return {};
  if (Array.isArray(on)) return on.includes('push') ? {} : undefined;
  if (on && typeof on === 'object' && 'push' in on) {
    const push = ((on as Record<string, unknown>).push ?? {}) as Record<string, unknown>;
    return {
      branches: asStrings(push.branches),
      branchesIgnore: asStrings(push['branches-ignore']),
      tags: asStrings(push.tags),
      tagsIgnore: asStrings(push['tags-ignore']),
    };
  }
  return undefined;
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
    }),
  );
  return {
    name: typeof workflow.name === 'string' ? workflow.name : path,
    valid: jobs.length > 0,
    push: pushTrigger(workflow.on),
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

/** The markers GitHub honours in a head commit message to start no push or pull_request run. */
export const skipsCi = (message: string) =>
  /\[(skip ci|ci skip|no ci|skip actions|actions skip)\]/i.test(message);
