import fs from 'node:fs/promises';
import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { DEFAULT_DEPLOY_CONFIG, type DeployConfig } from '../deployConfig';
import { appFolderPath, backendQueue, type BootstrapFiles, DEFAULT_SKIP_FILES, pushAppFolder } from '../gitops';
import { readWorkspaceFolder, workspaceFolderPath } from '../scaffolder/workspace';
import { BOOTSTRAP_PATHS, generateBootstrapFiles, imageUpdaterPath } from '../k8s';
import { examples } from './gitopsPushRepoB.examples';
import { gitHubFailure } from '../github/client';
import { readCommitAuthor } from '../config';
import { DNS_LABEL, GIT_BRANCH_NAME, PROJECT_NAME_MAX_LENGTH } from '@dev-portal/plugin-django-gitops-common';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from '../scaffolder/gitHubAccess';

/**
 * `gitops:push-repo-b`: commits the app folder that `k8s:manifests` wrote into `apps/<app>/` of
 * the shared GitOps repository (and the app's `image-updaters/<app>.yaml`, or its removal), as one
 * commit that leaves every other app alone, and bootstraps the platform's files (`k8s/`: AppProject,
 * ApplicationSet, Image Updater Application) where the repository has none.
 *
 * @public
 */
export function createGitopsPushRepoBAction(options: GitHubActionOptions & { deploy?: DeployConfig }) {
  const deploy = options.deploy ?? DEFAULT_DEPLOY_CONFIG;
  // One per backend: its tasks take turns on a branch instead of failing each other's updates.
  const queue = backendQueue(options.integrations);
  const author = readCommitAuthor(options.config);
  return createTemplateAction({
    id: 'gitops:push-repo-b',
    description:
      'Commits apps/<app>/ (and image-updaters/<app>.yaml) of the GitOps repository (Repository_B) from the workspace in ' +
      'one commit: files added, changed or no longer generated; no other app touched; the bootstrap files (k8s/) ' +
      'written where missing; retried on concurrent pushes; verified before the branch moves.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z => z.string().describe('The GitOps repository: github.com?owner=acme&repo=gitops'),
        sourcePath: z => z.string().optional().describe('Workspace folder holding apps/<app>/ (and image-updaters/<app>.yaml); default "gitops"'),
        appName: z =>
          z
            .string()
            .max(PROJECT_NAME_MAX_LENGTH)
            .regex(DNS_LABEL, 'must be a DNS-1123 label: lowercase letters, digits and "-", starting with a letter')
            .describe(`The app (DNS-1123 label, at most ${PROJECT_NAME_MAX_LENGTH} characters): its folder apps/<appName>/ and its Argo CD Application`),
        branch: z => z.string().regex(GIT_BRANCH_NAME, 'must be a Git branch name').optional().describe("Default: the repository's default branch"),
        commitMessage: z => z.string().min(1).optional().describe('Default: "Deploy <appName>: update apps/<appName>"'),
        bootstrap: z =>
          z.boolean().optional().describe('Write the bootstrap files (k8s/: AppProject, ApplicationSet, Image Updater Application) where missing, never overwriting; default true'),
        skipFiles: z =>
          z.array(z.string().min(1)).optional().describe(`File names or paths in the app folder never pushed; default ${DEFAULT_SKIP_FILES.join(', ')}`),
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
      const appPath = appFolderPath(appName, deploy.reservedNamespaces);
      const skipFiles = ctx.input.skipFiles ?? DEFAULT_SKIP_FILES;
      const sourcePath = ctx.input.sourcePath ?? 'gitops';
      const folderInWorkspace = path.posix.join(sourcePath, appPath);
      const { files, skipped } = await readWorkspaceFolder(ctx.workspacePath, folderInWorkspace, {
        input: 'sourcePath',
        skipFiles,
        hint: 'run k8s:manifests first',
      });
      // Absent in the workspace means "not in Image Updater mode": a file left in the repository goes.
      const updaterPath = imageUpdaterPath(appName);
      const updater = await fs.readFile(path.join(workspaceFolderPath(ctx.workspacePath, sourcePath, 'sourcePath'), updaterPath)).catch(error =>
        error.code === 'ENOENT' ? undefined : Promise.reject(error),
      );
      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      // Follows the branch pushed to, or the default branch (HEAD) when none is given.
      const bootstrapInput = { revision: branch ?? 'HEAD', argocd: deploy.argocd, reservedNamespaces: deploy.reservedNamespaces };
      const bootstrap: BootstrapFiles | undefined =
        ctx.input.bootstrap === false
          ? undefined
          : {
              paths: [...BOOTSTRAP_PATHS],
              // Argo CD clones the repository from the address its host gives (`clone_url`).
              render: cloneUrl => generateBootstrapFiles({ ...bootstrapInput, repoURL: cloneUrl }),
            };
      const message = ctx.input.commitMessage ?? `Deploy ${appName}: update ${appPath}`;
      const say = (line: string) => ctx.logger.info(line);
      if (skipped.length > 0) say(`Not pushing ${skipped.join(', ')} (skipFiles)`);

      ctx.output('appPath', appPath);
      ctx.output('applicationName', appName);
      if (ctx.isDryRun) {
        say(
          `Dry run: would make ${appPath}/ of ${owner}/${repo} hold exactly ${files.length} files (${files.map(f => f.path).join(', ')})` +
            `, ${updater ? 'write' : 'remove any'} ${updaterPath}` +
            `${bootstrap ? ` and write the bootstrap files that are missing (${bootstrap.paths.join(', ')})` : ''}, in one commit`,
        );
        ctx.output('commitSha', '0'.repeat(40));
        ctx.output('commitUrl', '');
        ctx.output('folderUrl', '');
        ctx.output('attempts', 0);
        ctx.output('committed', false);
        return;
      }
      const client = await gitHubClientFor(options, address, { token: ctx.input.token, signal: ctx.signal, log: say });
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
            author,
            outsideFiles: [{ path: updaterPath, content: updater }],
            bootstrap,
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
