import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z as zod } from 'zod/v3';
import { readCommitAuthor } from '../config';
import { gitHubFailure } from '../github/client';
import { commitChanges } from '../github/commit';
import { GIT_BRANCH_NAME } from '@dev-portal/plugin-django-gitops-common';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from '../scaffolder/gitHubAccess';
import { checkInput } from '../scaffolder/input';
import { readWorkspaceFolder } from '../scaffolder/workspace';
import { examples } from './githubBatchPush.examples';

const DEFAULT_MESSAGE = 'Initial commit from Dev Portal';
/** A path with no `..` segment: it cannot leave the repository (or the workspace). */
const NO_PARENT_SEGMENT = /^(?!(.*\/)?\.\.(\/|$))/;

const inputSchema = (z: typeof zod) =>
  z.object({
    repoUrl: z.string().describe('The repository: github.com?owner=acme&repo=app'),
    sourcePath: z.string().optional().describe('Workspace folder to push; default "."'),
    targetPath: z
      .string()
      .regex(NO_PARENT_SEGMENT, 'must stay inside the repository (no ".." segment)')
      .optional()
      .describe('Folder in the repository to put the files under (no ".." segment); default the root'),
    branch: z.string().regex(GIT_BRANCH_NAME, 'must be a Git branch name').optional().describe("Default: the repository's default branch"),
    commitMessage: z.string().min(1).optional().describe(`Default: "${DEFAULT_MESSAGE}"`),
    token: z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
  });

/**
 * `github:batch-push`: pushes a workspace folder as ONE commit, so exactly one workflow run
 * starts, on the complete tree. Works on empty repositories too.
 *
 * @public
 */
export function createGithubBatchPushAction(options: GitHubActionOptions) {
  const author = readCommitAuthor(options.config);
  return createTemplateAction({
    id: 'github:batch-push',
    description: 'Pushes every file of a workspace folder to a GitHub repository as one commit, through the Git Data API.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: z =>
        z.object({
          commitSha: z.string(),
          commitUrl: z.string(),
          repositoryUrl: z.string().describe("The repository's web page"),
          branch: z.string(),
          method: z.string().describe('git-data, initial-commit (empty repository) or contents-api (fallback)'),
          files: z.number().describe('Number of files pushed'),
        }),
    },
    async handler(ctx) {
      checkInput(inputSchema(zod), ctx.input);
      const targetPath = path.posix.normalize(ctx.input.targetPath ?? '.').replace(/^\/+|\/+$/g, '').replace(/^\.$/, '');
      const { files: folderFiles } = await readWorkspaceFolder(ctx.workspacePath, ctx.input.sourcePath ?? '.', { input: 'sourcePath' });
      const files = folderFiles.map(file => (targetPath ? { ...file, path: `${targetPath}/${file.path}` } : file));
      const message = ctx.input.commitMessage ?? DEFAULT_MESSAGE;

      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      ctx.output('files', files.length);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would push ${files.length} files to ${owner}/${repo} as one commit`);
        ctx.output('commitSha', '0'.repeat(40));
        ctx.output('commitUrl', '');
        ctx.output('repositoryUrl', '');
        ctx.output('branch', ctx.input.branch ?? '');
        ctx.output('method', 'dry-run');
        return;
      }
      const log = (line: string) => ctx.logger.info(line);
      const client = await gitHubClientFor(options, address, { token: ctx.input.token, signal: ctx.signal, log });
      log(`Pushing ${files.length} files to ${owner}/${repo} as one commit`);
      const result = await ctx
        .checkpoint({
          key: `batch-push.v1.${owner}.${repo}.${ctx.input.branch ?? ''}`,
          fn: async () => {
            const { commitSha, commitUrl, repositoryUrl, branch, method, attempts, unchanged } = await commitChanges(client, {
              owner,
              repo,
              branch: ctx.input.branch,
              message,
              author,
              plan: () => ({ files }),
              signal: ctx.signal,
              log,
            });
            return { commitSha, commitUrl, repositoryUrl, branch, method, attempts, unchanged };
          },
        })
        .catch(error => {
          throw gitHubFailure(`Pushing to ${owner}/${repo}`, error);
        });
      log(
        result.unchanged
          ? `${owner}/${repo} already holds these files at ${result.commitSha.slice(0, 7)}: nothing pushed`
          : `Pushed ${result.commitUrl} (${result.method}, ${result.attempts} attempt(s))`,
      );
      ctx.output('commitSha', result.commitSha);
      ctx.output('commitUrl', result.commitUrl);
      ctx.output('repositoryUrl', result.repositoryUrl);
      ctx.output('branch', result.branch);
      ctx.output('method', result.method);
    },
  });
}
