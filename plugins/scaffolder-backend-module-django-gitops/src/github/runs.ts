import { setTimeout as sleep } from 'node:timers/promises';
import type { GitHubClient } from './client';
import { statusOf } from './client';
import type { RepositoryRef } from './repository';

/**
 * How often `github:wait-workflow` polls for the run.
 *
 * @public
 */
export interface PollSchedule {
  /** First pause between polls, and the pause again after anything changes. */
  initialMs: number;
  /** The longest pause while nothing changes. */
  maxMs: number;
  /** Growth of the pause per unchanged poll. */
  factor: number;
}

/** GitHub usually lists a run within seconds and runs take minutes: start brisk, then back off. */
export const DEFAULT_POLL: PollSchedule = { initialMs: 2_000, maxMs: 30_000, factor: 1.5 };

export interface WaitForRunOptions extends RepositoryRef {
  headSha: string;
  /** Workflow file name (`ci-cd.yml`); without it, the newest run of the commit. */
  workflow?: string;
  timeoutMs: number;
  poll?: PollSchedule;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

export interface WorkflowRunResult {
  outcome: 'completed' | 'timed-out';
  runId?: number;
  runUrl?: string;
  status?: string;
  conclusion?: string;
  /** For a run that did not succeed: the job and step that failed first. */
  failedJob?: string;
  failedStep?: string;
  waitedMs: number;
}

/** Conclusions that let the flow go on: GitHub shows neutral and skipped runs as not failed. */
export const PASSING: ReadonlySet<string> = new Set(['success', 'neutral', 'skipped']);

type Run = { id: number; html_url: string; status: string | null; conclusion: string | null; name?: string | null; path?: string };

/**
 * Waits for the workflow run of one commit: first for it to be listed ("no run yet" is not "no
 * run"), then for it to complete. Polls with conditional requests, so a poll that finds nothing
 * new is answered 304 and costs no rate limit, and the pause grows while nothing changes.
 */
export async function waitForWorkflowRun(client: GitHubClient, options: WaitForRunOptions): Promise<WorkflowRunResult> {
  const { owner, repo, headSha, workflow, signal } = options;
  const say = options.log ?? (() => {});
  const poll = options.poll ?? DEFAULT_POLL;
  const started = Date.now();
  const listRuns = conditionalGetter(client);
  let pause = poll.initialMs;
  let lastState = '';

  for (;;) {
    signal?.throwIfAborted();
    const { data, changed } = workflow
      ? await listRuns('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { owner, repo, workflow_id: workflow, head_sha: headSha })
      : await listRuns('GET /repos/{owner}/{repo}/actions/runs', { owner, repo, head_sha: headSha });
    const run = newest((data as { workflow_runs: Run[] }).workflow_runs);
    const waitedMs = Date.now() - started;

    const state = run ? `${run.status}${run.conclusion ? `/${run.conclusion}` : ''}` : 'not listed yet';
    if (state !== lastState) {
      say(run ? `Workflow run ${run.id} (${run.html_url}): ${state}` : `Waiting for the workflow run of ${headSha.slice(0, 7)} to start`);
      lastState = state;
    }
    if (run?.status === 'completed') {
      const result: WorkflowRunResult = { outcome: 'completed', runId: run.id, runUrl: run.html_url, status: run.status, conclusion: run.conclusion ?? undefined, waitedMs };
      return PASSING.has(run.conclusion ?? '') ? result : { ...result, ...(await firstFailure(client, { owner, repo }, run.id)) };
    }
    if (waitedMs >= options.timeoutMs) {
      return { outcome: 'timed-out', runId: run?.id, runUrl: run?.html_url, status: run?.status ?? undefined, waitedMs };
    }
    pause = changed ? poll.initialMs : Math.min(pause * poll.factor, poll.maxMs);
    await sleep(Math.min(pause, options.timeoutMs - waitedMs), undefined, { signal });
  }
}

function newest(runs: Run[]): Run | undefined {
  return [...runs].sort((a, b) => b.id - a.id)[0];
}

/** The job and step that failed first, as GitHub's run page shows them. */
async function firstFailure(client: GitHubClient, ref: RepositoryRef, runId: number) {
  const { data } = await client.actions.listJobsForWorkflowRun({ ...ref, run_id: runId, filter: 'latest' });
  const failing = (conclusion: string | null | undefined) => conclusion === 'failure' || conclusion === 'timed_out' || conclusion === 'cancelled';
  const job = data.jobs.find(j => failing(j.conclusion));
  const step = job?.steps?.find(s => failing(s.conclusion));
  return { failedJob: job?.name, failedStep: step?.name };
}

/**
 * GETs that send the ETag of the previous answer: GitHub answers 304 when nothing changed, which
 * does not count against the rate limit, and the cached body is reused.
 */
function conditionalGetter(client: GitHubClient) {
  const cache = new Map<string, { etag: string; data: unknown }>();
  return async (route: string, params: Record<string, string | number>) => {
    const key = `${route} ${JSON.stringify(params)}`;
    const cached = cache.get(key);
    try {
      const response = await client.request(route, { ...params, headers: cached ? { 'if-none-match': cached.etag } : {} });
      const etag = response.headers.etag;
      if (etag) cache.set(key, { etag, data: response.data });
      return { data: response.data as unknown, changed: true };
    } catch (error) {
      if (statusOf(error) === 304 && cached) return { data: cached.data, changed: false };
      throw error;
    }
  };
}
