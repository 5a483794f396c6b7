import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z as zod } from 'zod/v3';
import { gitHubFailure } from '../github/client';
import { fileEntry, gitTreeSha } from '../github/commit';
import { ensureRepository, RepositoryTakenError } from '../github/ensureRepository';
import { GIT_BRANCH_NAME } from '@dev-portal/plugin-django-gitops-common';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from '../scaffolder/gitHubAccess';
import { checkInput } from '../scaffolder/input';
import { readWorkspaceFolder } from '../scaffolder/workspace';
import { examples } from './githubEnsureRepo.examples';

const inputSchema = (z: typeof zod) =>
  z.object({
    repoUrl: z.string().describe('The repository: github.com?owner=acme&repo=app'),
    description: z.string().optional(),
    visibility: z.enum(['private', 'public']).optional().describe('Default private'),
    sourcePath: z
      .string()
      .optional()
      .describe('The workspace folder the onboarding pushes (github:batch-push): what "exactly this project" means; default "."'),
    branch: z.string().regex(GIT_BRANCH_NAME, 'must be a Git branch name').optional().describe("The branch it is pushed to; default: the repository's default branch"),
    token: z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
  });

/**
 * `github:ensure-repo`: creates the repository an onboarding pushes to, or takes the one an
 * earlier attempt of the same onboarding left (empty, or holding exactly the files it pushes).
 * Unlike the built-in `github:repo:create`, a task resumed after a crash between GitHub's answer
 * and the checkpoint, or the template run again after a failure, gets past it.
 *
 * @public
 */
export function createGithubEnsureRepoAction(options: GitHubActionOptions) {
  return createTemplateAction({
    id: 'github:ensure-repo',
    description:
      'Creates a GitHub repository, or reuses the one an earlier attempt of the same onboarding left (empty, or holding exactly the files to push); refuses any other.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: z =>
        z.object({
          repositoryUrl: z.string().describe("The repository's web page"),
          status: z.enum(['created', 'reused', 'dry-run']),
        }),
    },
    async handler(ctx) {
      checkInput(inputSchema(zod), ctx.input);
      const { files } = await readWorkspaceFolder(ctx.workspacePath, ctx.input.sourcePath ?? '.', {
        input: 'sourcePath',
        hint: 'it is the folder the onboarding pushes',
      });
      const treeSha = gitTreeSha(new Map(files.map(file => [file.path, fileEntry(file)])));
      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      const log = (line: string) => ctx.logger.info(line);
      if (ctx.isDryRun) {
        log(`Dry run: would create ${owner}/${repo}, or reuse it if an earlier attempt left it empty or holding exactly these ${files.length} files`);
        ctx.output('repositoryUrl', '');
        ctx.output('status', 'dry-run');
        return;
      }
      const client = await gitHubClientFor(options, address, { token: ctx.input.token, signal: ctx.signal, log });
      const result = await ctx
        .checkpoint({
          key: `ensure-repo.v1.${owner}.${repo}`,
          fn: async () => {
            const { status, repositoryUrl, reason } = await ensureRepository(client, {
              owner,
              repo,
              description: ctx.input.description,
              visibility: ctx.input.visibility ?? 'private',
              branch: ctx.input.branch,
              treeSha,
            });
            return { status, repositoryUrl, reason: reason ?? '' };
          },
        })
        .catch(error => {
          if (error instanceof RepositoryTakenError) throw new InputError(`repoUrl: ${error.message}`);
          throw gitHubFailure(`Creating ${owner}/${repo}`, error);
        });
      log(result.status === 'created' ? `Created ${result.repositoryUrl}` : `Reusing ${result.repositoryUrl}: ${result.reason}, as an earlier attempt left it`);
      ctx.output('repositoryUrl', result.repositoryUrl);
      ctx.output('status', result.status);
    },
  });
}
