import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { APPLICATION_SET_PATH, appFolderPath, DEFAULT_SKIP_FILES, KeyedQueue, pushAppFolder } from '../gitops';
import { readWorkspaceFolder, workspaceFolderPath } from './workspaceFolder';
import { generateApplicationSet } from '../k8s';
import { examples } from './gitopsPushRepoB.examples';
import { gitHubFailure } from '../github/client';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from './gitHubAccess';

/**
 * `gitops:push-repo-b`: commits the app folder that `k8s:manifests` wrote into `apps/<app>/` of
 * the shared GitOps repository, as one commit that leaves every other app alone, and bootstraps
 * the ApplicationSet when the repository has none.
 */
export function createGitopsPushRepoBAction(options: GitHubActionOptions) {
  // One per backend: its tasks take turns on a branch instead of failing each other's updates.
  const queue = new KeyedQueue();
  return createTemplateAction({
    id: 'gitops:push-repo-b',
    description:
      'Commits apps/<app>/ of the GitOps repository (Repository_B) from the workspace in one commit: files added, ' +
      'changed or no longer generated; nothing outside the folder touched; retried on concurrent pushes; verified after.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z => z.string().describe('The GitOps repository: github.com?owner=acme&repo=gitops'),
        sourcePath: z => z.string().optional().describe('Workspace folder holding apps/<app>/; default "gitops"'),
        appName: z => z.string().describe('The app (DNS-1123 label): its folder apps/<appName>/ and its Argo CD Application'),
        branch: z => z.string().optional().describe("Default: the repository's default branch"),
        commitMessage: z => z.string().optional().describe('Default: "Deploy <appName>: update apps/<appName>"'),
        bootstrapApplicationSet: z =>
          z.boolean().optional().describe(`Write ${APPLICATION_SET_PATH} when the repository has none (never overwrites); default true`),
        skipFiles: z =>
          z.array(z.string()).optional().describe(`File names or paths in the app folder never pushed; default ${DEFAULT_SKIP_FILES.join(', ')}`),
        token: z => z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
      },
      output: {
        commitSha: z => z.string().describe('The commit that holds the folder (the existing head when nothing changed)'),
        commitUrl: z => z.string(),
        folderUrl: z => z.string().describe("The app folder's page on GitHub"),
        appPath: z => z.string().describe('apps/<appName>'),
        applicationName: z => z.string().describe('The Argo CD Application the ApplicationSet creates for the folder'),
        attempts: z => z.number().describe('Commit attempts; more than 1 when other pushes moved the branch meanwhile'),
        committed: z => z.boolean().describe('False when the repository already held exactly these files'),
      },
    },
    async handler(ctx) {
      const { appName, branch } = ctx.input;
      const appPath = appFolderPath(appName);
      const skipFiles = ctx.input.skipFiles ?? DEFAULT_SKIP_FILES;
      const sourcePath = ctx.input.sourcePath ?? 'gitops';
      const folderInWorkspace = path.posix.join(sourcePath, appPath);
      const folder = workspaceFolderPath(ctx.workspacePath, folderInWorkspace, 'sourcePath');
      const { files, skipped } = await readWorkspaceFolder(folder, skipFiles);
      if (files.length === 0) throw new InputError(`sourcePath: "${folderInWorkspace}" holds no files; run k8s:manifests first`);
      // Follows the branch pushed to, or the default branch (HEAD) when none is given.
      const applicationSet =
        ctx.input.bootstrapApplicationSet === false ? undefined : generateApplicationSet({ repoUrl: ctx.input.repoUrl, revision: branch ?? 'HEAD' });
      const message = ctx.input.commitMessage ?? `Deploy ${appName}: update ${appPath}`;
      const say = (line: string) => ctx.logger.info(line);
      if (skipped.length > 0) say(`Not pushing ${skipped.join(', ')} (skipFiles)`);

      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      ctx.output('appPath', appPath);
      ctx.output('applicationName', appName);
      if (ctx.isDryRun) {
        say(
          `Dry run: would make ${appPath}/ of ${owner}/${repo} hold exactly ${files.length} files (${files.map(f => f.path).join(', ')})` +
            `${applicationSet ? ` and write ${APPLICATION_SET_PATH} if missing` : ''}, in one commit`,
        );
        ctx.output('commitSha', '0'.repeat(40));
        ctx.output('commitUrl', '');
        ctx.output('folderUrl', '');
        ctx.output('attempts', 0);
        ctx.output('committed', false);
        return;
      }
      const client = await gitHubClientFor(options, address, ctx.input.token, say);
      say(`Pushing ${files.length} files to ${appPath}/ of ${owner}/${repo}`);
      const result = await ctx.checkpoint({
        key: `gitops-push-repo-b.v1.${owner}.${repo}.${branch ?? ''}.${appName}`,
        fn: async () => {
          const { commitSha, commitUrl, folderUrl, attempts, committed } = await pushAppFolder(client, {
            owner,
            repo,
            appName,
            files,
            branch,
            message,
            applicationSet,
            queue,
            signal: ctx.signal,
            log: say,
          });
          return { commitSha, commitUrl, folderUrl, attempts, committed };
        },
      }).catch(error => {
        throw gitHubFailure(`Pushing ${appPath}/ to ${owner}/${repo}`, error);
      });
      ctx.output('commitSha', result.commitSha);
      ctx.output('commitUrl', result.commitUrl);
      ctx.output('folderUrl', result.folderUrl);
      ctx.output('attempts', result.attempts);
      ctx.output('committed', result.committed);
    },
  });
}
