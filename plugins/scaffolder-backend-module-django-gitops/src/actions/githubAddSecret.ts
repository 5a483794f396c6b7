import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MAX_SECRET_BYTES, secretNameProblem, setActionsSecret } from '../github/secrets';
import { GITOPS_TOKEN_SECRET } from '../project/constants';
import { examples } from './githubAddSecret.examples';
import { gitHubFailure } from '../github/client';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from './gitHubAccess';

/**
 * `github:add-secret`: stores an Actions secret, sealed with the repository's public key. Run it
 * before the workflow is pushed, so the first run already has the secret.
 */
export function createGithubAddSecretAction(options: GitHubActionOptions) {
  return createTemplateAction({
    id: 'github:add-secret',
    description: "Encrypts a value with the repository's public key and stores it as a GitHub Actions secret.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z => z.string().describe('The repository: github.com?owner=acme&repo=app'),
        secretName: z => z.string().optional().describe(`Letters, digits and "_"; default ${GITOPS_TOKEN_SECRET}`),
        secretValue: z => z.string().describe('The value; pass it from ${{ secrets.* }}, never from parameters'),
        environment: z => z.string().optional().describe('A deployment environment, for an environment secret'),
        token: z => z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
      },
      output: {
        secretName: z => z.string(),
        status: z => z.enum(['created', 'updated', 'dry-run']).describe('What GitHub did'),
      },
    },
    async handler(ctx) {
      const secretName = ctx.input.secretName ?? GITOPS_TOKEN_SECRET;
      const problem = secretNameProblem(secretName);
      if (problem) throw new InputError(`secretName: "${secretName}" ${problem}`);
      if (!ctx.input.secretValue) throw new InputError('secretValue: is empty');
      if (Buffer.byteLength(ctx.input.secretValue) > MAX_SECRET_BYTES) throw new InputError('secretValue: is larger than 48 KB');

      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      const where = `${owner}/${repo}${ctx.input.environment ? ` (environment ${ctx.input.environment})` : ''}`;
      ctx.output('secretName', secretName);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would store the secret ${secretName} in ${where}`);
        ctx.output('status', 'dry-run');
        return;
      }
      const client = await gitHubClientFor(options, address, ctx.input.token, line => ctx.logger.info(line));
      const { status } = await ctx.checkpoint({
        key: `add-secret.v1.${owner}.${repo}.${ctx.input.environment ?? ''}.${secretName}`,
        fn: async () => ({
          status: await setActionsSecret(client, {
            owner,
            repo,
            name: secretName,
            value: ctx.input.secretValue,
            environment: ctx.input.environment,
          }),
        }),
      }).catch(error => {
        throw gitHubFailure(`Storing the secret ${secretName} in ${where}`, error);
      });
      ctx.logger.info(`Secret ${secretName} ${status} in ${where}`);
      ctx.output('status', status);
    },
  });
}
