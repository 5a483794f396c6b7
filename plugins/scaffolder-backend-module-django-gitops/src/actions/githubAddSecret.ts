import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z as zod } from 'zod/v3';
import { gitHubFailure } from '../github/client';
import { MAX_SECRET_BYTES, SECRET_NAME, setActionsSecret } from '../github/secrets';
import { GITOPS_TOKEN_SECRET } from '../project/constants';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from '../scaffolder/gitHubAccess';
import { checkInput } from '../scaffolder/input';
import { examples } from './githubAddSecret.examples';

const inputSchema = (z: typeof zod) =>
  z.object({
    repoUrl: z.string().describe('The repository: github.com?owner=acme&repo=app'),
    secretName: z
      .string()
      .regex(SECRET_NAME, 'must hold only letters, digits and "_", and start with neither a digit nor "GITHUB_"')
      .optional()
      .describe(`Letters, digits and "_"; not starting with a digit or GITHUB_; default ${GITOPS_TOKEN_SECRET}`),
    secretValue: z
      .string()
      .min(1, 'is empty')
      // GitHub's limit is 48 KB of UTF-8; JSON Schema counts characters, the handler counts bytes.
      .max(MAX_SECRET_BYTES)
      .describe('The value, at most 48 KB; pass it from ${{ secrets.* }}, never from parameters'),
    environment: z.string().min(1).max(255).optional().describe('A deployment environment, for an environment secret'),
    token: z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
  });

/**
 * `github:add-secret`: stores an Actions secret, sealed with the repository's public key. Run it
 * before the workflow is pushed, so the first run already has the secret.
 *
 * @public
 */
export function createGithubAddSecretAction(options: GitHubActionOptions) {
  return createTemplateAction({
    id: 'github:add-secret',
    description: "Encrypts a value with the repository's public key and stores it as a GitHub Actions secret.",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: z =>
        z.object({
          secretName: z.string(),
          status: z.enum(['created', 'updated', 'dry-run']).describe('What GitHub did'),
        }),
    },
    async handler(ctx) {
      checkInput(inputSchema(zod), ctx.input);
      const secretName = ctx.input.secretName ?? GITOPS_TOKEN_SECRET;
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
      const client = await gitHubClientFor(options, address, { token: ctx.input.token, signal: ctx.signal, log: line => ctx.logger.info(line) });
      const { status } = await ctx
        .checkpoint({
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
        })
        .catch(error => {
          throw gitHubFailure(`Storing the secret ${secretName} in ${where}`, error);
        });
      ctx.logger.info(`Secret ${secretName} ${status} in ${where}`);
      ctx.output('status', status);
    },
  });
}
