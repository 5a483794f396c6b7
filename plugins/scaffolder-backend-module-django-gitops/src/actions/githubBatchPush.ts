import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { commitChanges } from '../github/commit';
import { examples } from './githubBatchPush.examples';
import { readWorkspaceFolder, workspaceFolderPath } from './workspaceFolder';
import { gitHubFailure } from '../github/client';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from './gitHubAccess';

/**
 * `github:batch-push`: pushes a workspace folder as ONE commit, so exactly one workflow run
 * starts, on the complete tree. Works on empty repositories too.
 */
export function createGithubBatchPushAction(options: GitHubActionOptions) {
  return createTemplateAction({
    id: 'github:batch-push',
    description: 'Pushes every file of a workspace folder to a GitHub repository as one commit, through the Git Data API.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z => z.string().describe('The repository: github.com?owner=acme&repo=app'),
        sourcePath: z => z.string().optional().describe('Workspace folder to push; default "."'),
        targetPath: z => z.string().optional().describe('Folder in the repository to put the files under; default the root'),
        branch: z => z.string().optional().describe("Default: the repository's default branch"),
        commitMessage: z => z.string().optional().describe('Default: "Initial commit from Dev Portal"'),
        token: z => z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
      },
      output: {
        commitSha: z => z.string(),
        commitUrl: z => z.string(),
        repositoryUrl: z => z.string().describe("The repository's web page"),
        branch: z => z.string(),
        method: z => z.string().describe('git-data, initial-commit (empty repository) or contents-api (fallback)'),
        files: z => z.number().describe('Number of files pushed'),
      },
    },
    async handler(ctx) {
      const sourceDir = workspaceFolderPath(ctx.workspacePath, ctx.input.sourcePath ?? '.', 'sourcePath');
      const targetPath = normaliseTargetPath(ctx.input.targetPath);
      const files = (await readWorkspaceFolder(sourceDir)).files.map(file =>
        targetPath ? { ...file, path: `${targetPath}/${file.path}` } : file,
      );
      if (files.length === 0) throw new InputError(`sourcePath: "${ctx.input.sourcePath ?? '.'}" holds no files`);
      const message = ctx.input.commitMessage ?? 'Initial commit from Dev Portal';

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
      const client = await gitHubClientFor(options, address, ctx.input.token, line => ctx.logger.info(line));
      ctx.logger.info(`Pushing ${files.length} files to ${owner}/${repo} as one commit`);
      const result = await ctx.checkpoint({
        key: `batch-push.v1.${owner}.${repo}.${ctx.input.branch ?? ''}`,
        fn: async () => {
          const { commitSha, commitUrl, repositoryUrl, branch, method, attempts } = await commitChanges(client, {
            owner,
            repo,
            branch: ctx.input.branch,
            message,
            plan: () => ({ files }),
            signal: ctx.signal,
            log: line => ctx.logger.info(line),
          });
          return { commitSha, commitUrl, repositoryUrl, branch, method, attempts };
        },
      }).catch(error => {
        throw gitHubFailure(`Pushing to ${owner}/${repo}`, error);
      });
      ctx.logger.info(`Pushed ${result.commitUrl} (${result.method}, ${result.attempts} attempt(s))`);
      ctx.output('commitSha', result.commitSha);
      ctx.output('commitUrl', result.commitUrl);
      ctx.output('repositoryUrl', result.repositoryUrl);
      ctx.output('branch', result.branch);
      ctx.output('method', result.method);
    },
  });
}

function normaliseTargetPath(targetPath: string | undefined): string {
  const cleaned = path.posix.normalize(targetPath ?? '.').replace(/^\/+|\/+$/g, '');
  if (cleaned.startsWith('..')) throw new InputError(`targetPath: "${targetPath}" leaves the repository`);
  return cleaned === '.' ? '' : cleaned;
}
