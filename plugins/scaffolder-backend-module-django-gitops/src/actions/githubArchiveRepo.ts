import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { gitHubFailure } from '../github/client';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from '../scaffolder/gitHubAccess';
import { examples } from './githubArchiveRepo.examples';

/**
 * `github:repo:archive`: makes a repository read-only (archived), keeping its history, issues and
 * pull requests; GitHub can unarchive it later. An archived repository is left as it is.
 *
 * @public
 */
export function createGithubArchiveRepoAction(options: GitHubActionOptions) {
  return createTemplateAction({
    id: 'github:repo:archive',
    description: 'Archives a GitHub repository: read-only, history kept, reversible from its settings.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z => z.string().describe('The repository: github.com?owner=acme&repo=app'),
        token: z => z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
      },
      output: {
        archived: z => z.boolean().describe('True when this step archived it; false when it was archived already, and in a dry run'),
      },
    },
    async handler(ctx) {
      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      const log = (line: string) => ctx.logger.info(line);
      const client = await gitHubClientFor(options, address, { token: ctx.input.token, signal: ctx.signal, log });
      const failure = (error: unknown) => {
        throw gitHubFailure(`Archiving ${owner}/${repo}`, error);
      };
      const { data: repository } = await client.repos.get({ owner, repo }).catch(failure);
      if (repository.archived) {
        log(`${owner}/${repo} is archived already`);
        ctx.output('archived', false);
        return;
      }
      if (ctx.isDryRun) {
        log(`Dry run: would archive ${owner}/${repo}`);
        ctx.output('archived', false);
        return;
      }
      await client.repos.update({ owner, repo, archived: true }).catch(failure);
      log(`Archived ${owner}/${repo}: read-only from now on`);
      ctx.output('archived', true);
    },
  });
}
