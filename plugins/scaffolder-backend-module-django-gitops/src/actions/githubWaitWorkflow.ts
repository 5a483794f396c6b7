import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z as zod } from 'zod/v3';
import { gitHubFailure } from '../github/client';
import { PASSING, PollSchedule, waitForWorkflowRun } from '../github/runs';
import { imageTagForCommit } from '../project/constants';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from '../scaffolder/gitHubAccess';
import { checkInput } from '../scaffolder/input';
import { examples } from './githubWaitWorkflow.examples';

const DEFAULT_TIMEOUT_SECONDS = 600;

const inputSchema = (z: typeof zod) =>
  z.object({
    repoUrl: z.string().describe('The repository: github.com?owner=acme&repo=app'),
    commitSha: z
      .string()
      .regex(/^[0-9a-f]{40}$/, 'must be a full commit SHA (40 lowercase hex digits)')
      .describe('The full SHA of the commit whose run to wait for (github:batch-push outputs it)'),
    workflow: z
      .string()
      .regex(/^([0-9]+|[^/]+\.ya?ml)$/, 'must be a workflow file name (ci-cd.yml) or a workflow id')
      .optional()
      .describe('Workflow file name, e.g. ci-cd.yml, or id; default: the newest run of the commit'),
    timeoutSeconds: z.number().positive().optional().describe(`Seconds to wait, more than 0; default ${DEFAULT_TIMEOUT_SECONDS}`),
    failOnFailure: z.boolean().optional().describe('Fail the step when the run does not succeed; default true'),
    token: z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
  });

/**
 * Options of `github:wait-workflow`.
 *
 * @public
 */
export interface GithubWaitWorkflowActionOptions extends GitHubActionOptions {
  /** How often to poll; default 2 s, growing to 30 s while nothing changes. */
  poll?: PollSchedule;
}

/**
 * `github:wait-workflow`: waits for the workflow run of one commit and reports how it ended: the
 * failing job and step, or how long it waited. Nothing built into Backstage waits for a run.
 *
 * @public
 */
export function createGithubWaitWorkflowAction(options: GithubWaitWorkflowActionOptions) {
  return createTemplateAction({
    id: 'github:wait-workflow',
    description: 'Waits for the GitHub Actions run of a commit to complete; fails the step when the run fails or times out.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: z =>
        z.object({
          runId: z.number().optional(),
          runUrl: z.string().optional(),
          conclusion: z.string().describe('success, failure, ..., or timed-out when the wait ran out'),
          imageTag: z.string().describe('The image tag the generated workflow pushes for this commit: sha-<7>'),
        }),
    },
    async handler(ctx) {
      checkInput(inputSchema(zod), ctx.input);
      const { commitSha } = ctx.input;
      const timeoutSeconds = ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      ctx.output('imageTag', imageTagForCommit(commitSha));
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would wait up to ${timeoutSeconds}s for the run of ${commitSha.slice(0, 7)} in ${owner}/${repo}`);
        ctx.output('conclusion', 'dry-run');
        return;
      }
      const log = (line: string) => ctx.logger.info(line);
      const client = await gitHubClientFor(options, address, { token: ctx.input.token, signal: ctx.signal, log });

      const run = await ctx
        .checkpoint({
          key: `wait-workflow.v1.${owner}.${repo}.${commitSha}.${ctx.input.workflow ?? ''}`,
          fn: async () => {
            const result = await waitForWorkflowRun(client, {
              owner,
              repo,
              headSha: commitSha,
              workflow: ctx.input.workflow,
              timeoutMs: timeoutSeconds * 1000,
              poll: options.poll,
              signal: ctx.signal,
              log,
            });
            if (result.outcome === 'timed-out') {
              const waited = Math.round(result.waitedMs / 1000);
              throw new Error(
                result.runUrl
                  ? `Timed out after ${waited}s waiting for ${result.runUrl} (still ${result.status})`
                  : `Timed out after ${waited}s: no workflow run started for ${commitSha.slice(0, 7)} in ${owner}/${repo}`,
              );
            }
            if (!PASSING.has(result.conclusion ?? '') && (ctx.input.failOnFailure ?? true)) {
              const where = result.failedJob ? ` in job "${result.failedJob}", step "${result.failedStep ?? 'unknown'}"` : '';
              throw new Error(`Workflow run ${result.conclusion}${where}: ${result.runUrl}`);
            }
            return { runId: result.runId!, runUrl: result.runUrl!, conclusion: result.conclusion! };
          },
        })
        .catch(error => {
          throw gitHubFailure(`Waiting for the run of ${commitSha.slice(0, 7)} in ${owner}/${repo}`, error);
        });
      ctx.output('runId', run.runId);
      ctx.output('runUrl', run.runUrl);
      ctx.output('conclusion', run.conclusion);
    },
  });
}
