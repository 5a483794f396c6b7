import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { imageTagForCommit } from '../project/constants';
import { PASSING, PollSchedule, waitForWorkflowRun } from '../github/runs';
import { examples } from './githubWaitWorkflow.examples';
import { gitHubFailure } from '../github/client';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from './gitHubAccess';

/**
 * `github:wait-workflow`: waits for the workflow run of one commit and reports how it ended: the
 * failing job and step, or how long it waited. Nothing built into Backstage waits for a run.
 */
export function createGithubWaitWorkflowAction(options: GitHubActionOptions & { poll?: PollSchedule }) {
  return createTemplateAction({
    id: 'github:wait-workflow',
    description: 'Waits for the GitHub Actions run of a commit to complete; fails the step when the run fails or times out.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z => z.string().describe('The repository: github.com?owner=acme&repo=app'),
        commitSha: z => z.string().describe('The commit whose run to wait for (github:batch-push outputs it)'),
        workflow: z => z.string().optional().describe('Workflow file name, e.g. ci-cd.yml; default: the newest run of the commit'),
        timeoutSeconds: z => z.number().optional().describe('Default 600'),
        failOnFailure: z => z.boolean().optional().describe('Fail the step when the run does not succeed; default true'),
        token: z => z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
      },
      output: {
        runId: z => z.number().optional(),
        runUrl: z => z.string().optional(),
        conclusion: z => z.string().describe('success, failure, ..., or timed-out when the wait ran out'),
        imageTag: z => z.string().describe('The image tag the generated workflow pushes for this commit: sha-<7>'),
      },
    },
    async handler(ctx) {
      const { commitSha } = ctx.input;
      if (!/^[0-9a-f]{40}$/.test(commitSha)) throw new InputError(`commitSha: "${commitSha}" is not a full commit SHA`);
      const timeoutSeconds = ctx.input.timeoutSeconds ?? 600;
      if (!(timeoutSeconds > 0)) throw new InputError('timeoutSeconds: must be positive');
      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      ctx.output('imageTag', imageTagForCommit(commitSha));
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would wait up to ${timeoutSeconds}s for the run of ${commitSha.slice(0, 7)} in ${owner}/${repo}`);
        ctx.output('conclusion', 'dry-run');
        return;
      }
      const client = await gitHubClientFor(options, address, ctx.input.token, line => ctx.logger.info(line));

      const run = await ctx.checkpoint({
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
            log: line => ctx.logger.info(line),
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
      }).catch(error => {
        throw gitHubFailure(`Waiting for the run of ${commitSha.slice(0, 7)} in ${owner}/${repo}`, error);
      });
      ctx.output('runId', run.runId);
      ctx.output('runUrl', run.runUrl);
      ctx.output('conclusion', run.conclusion);
    },
  });
}
