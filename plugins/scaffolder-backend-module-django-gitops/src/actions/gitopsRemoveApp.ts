import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parse } from 'yaml';
import { DNS_LABEL, GIT_BRANCH_NAME, PROJECT_NAME_MAX_LENGTH } from '@dev-portal/plugin-django-gitops-common';
import { readCommitAuthor } from '../config';
import { DEFAULT_DEPLOY_CONFIG, type DeployConfig } from '../deployConfig';
import { gitHubFailure } from '../github/client';
import { readSnapshot, readTextFiles } from '../github/repositoryFiles';
import { appFolderPath, backendQueue, pushAppFolder } from '../gitops';
import { imageUpdaterPath } from '../k8s';
import { GitHubActionOptions, gitHubClientFor, parseGitHubRepoUrl } from '../scaffolder/gitHubAccess';
import { examples } from './gitopsRemoveApp.examples';

/** The bootstrap file whose deletion policy decides what Argo CD does when a folder goes. */
const APPLICATION_SET_PATH = 'k8s/applicationset.yaml';

/**
 * `gitops:remove-app`: removes `apps/<app>/` and `image-updaters/<app>.yaml` from the GitOps
 * repository in ONE commit that touches no other app, taking turns with the backend's other GitOps
 * pushes and re-planned when another writer moves the branch (the push's compare-and-swap). Says
 * what Argo CD does then, from the repository's own ApplicationSet. A dry run lists exactly the
 * files that would go.
 *
 * @public
 */
export function createGitopsRemoveAppAction(options: GitHubActionOptions & { deploy?: DeployConfig }) {
  const deploy = options.deploy ?? DEFAULT_DEPLOY_CONFIG;
  const queue = backendQueue(options.integrations);
  const author = readCommitAuthor(options.config);
  return createTemplateAction({
    id: 'gitops:remove-app',
    description:
      'Removes apps/<app>/ and image-updaters/<app>.yaml from the GitOps repository (Repository_B) in one commit, ' +
      'no other app touched, safe under concurrent pushes; says what Argo CD will do under the ApplicationSet deletion policy.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z => z.string().describe('The GitOps repository: github.com?owner=acme&repo=gitops'),
        appName: z =>
          z
            .string()
            .max(PROJECT_NAME_MAX_LENGTH)
            .regex(DNS_LABEL, 'must be a DNS-1123 label: lowercase letters, digits and "-", starting with a letter')
            .describe('The app whose folder apps/<appName>/ goes'),
        branch: z => z.string().regex(GIT_BRANCH_NAME, 'must be a Git branch name').optional().describe("Default: the repository's default branch"),
        commitMessage: z => z.string().min(1).optional().describe('Default: "Remove <appName>: delete apps/<appName>"'),
        confirm: z => z.string().optional().describe('The name as the person typed it to confirm; when given, it must be appName exactly'),
        token: z => z.string().optional().describe("The user's OAuth token; default: the integration's credentials"),
      },
      output: {
        removed: z => z.array(z.string()).describe('Repository paths removed (in a dry run: that would be removed)'),
        commitSha: z => z.string().describe('The removal commit; the head when there was nothing to remove; zeros in a dry run'),
        commitUrl: z => z.string(),
        committed: z => z.boolean().describe('False when the app was gone already, and in a dry run'),
        argocd: z => z.string().describe('What Argo CD does once the folder is gone, under the ApplicationSet deletion policy'),
      },
    },
    async handler(ctx) {
      const { appName, branch } = ctx.input;
      if (ctx.input.confirm !== undefined && ctx.input.confirm !== appName) {
        throw new InputError(`confirm: "${ctx.input.confirm}" is not "${appName}": type the service's name exactly to remove it`);
      }
      const appPath = appFolderPath(appName, deploy.reservedNamespaces);
      const updaterPath = imageUpdaterPath(appName);
      const address = parseGitHubRepoUrl(options, ctx.input.repoUrl);
      const { owner, repo } = address;
      const say = (line: string) => ctx.logger.info(line);
      const client = await gitHubClientFor(options, address, { token: ctx.input.token, signal: ctx.signal, log: say });

      const snapshot = await readSnapshot(client, { owner, repo }, branch).catch(error => {
        throw gitHubFailure(`Reading ${owner}/${repo}`, error);
      });
      const present = [...snapshot.files.keys()].filter(file => file.startsWith(`${appPath}/`) || file === updaterPath).sort();
      const { texts } = await readTextFiles(client, { owner, repo }, snapshot, [APPLICATION_SET_PATH]);
      const argocd = argoCdOnRemoval(appName, texts.get(APPLICATION_SET_PATH));
      say(argocd);
      ctx.output('argocd', argocd);

      if (ctx.isDryRun) {
        say(`Dry run: would remove from ${owner}/${repo} (${snapshot.branch}), in one commit: ${present.join(', ') || 'nothing, the app is not there'}`);
        ctx.output('removed', present);
        ctx.output('commitSha', '0'.repeat(40));
        ctx.output('commitUrl', '');
        ctx.output('committed', false);
        return;
      }
      const result = await ctx
        .checkpoint({
          key: `gitops-remove-app.v1.${owner}.${repo}.${branch ?? ''}.${appName}`,
          fn: async () => {
            const pushed = await pushAppFolder(client, {
              owner,
              repo,
              appName,
              files: [],
              branch,
              message: ctx.input.commitMessage ?? `Remove ${appName}: delete ${appPath}`,
              author,
              outsideFiles: [{ path: updaterPath }],
              queue,
              signal: ctx.signal,
              log: say,
            });
            const removed = [...pushed.changes.removed.map(file => `${appPath}/${file}`), ...pushed.changes.outside].sort();
            return { commitSha: pushed.commitSha, commitUrl: pushed.commitUrl, committed: pushed.committed, removed };
          },
        })
        .catch(error => {
          throw gitHubFailure(`Removing ${appPath}/ from ${owner}/${repo}`, error);
        });
      ctx.output('removed', result.removed);
      ctx.output('commitSha', result.commitSha);
      ctx.output('commitUrl', result.commitUrl);
      ctx.output('committed', result.committed);
    },
  });
}

/**
 * What Argo CD does when `apps/<app>/` goes, read from the repository's ApplicationSet: it stops
 * generating the Application and deletes it; `preserveResourcesOnDeletion` decides whether the
 * app's resources go with it. The data volume is annotated `Delete=false` and the namespace is in
 * no folder: both stay either way.
 */
export function argoCdOnRemoval(appName: string, applicationSet: string | undefined): string {
  const kept = `The namespace ${appName} and the data volume ${appName}-data are kept (the volume is annotated Delete=false); deleting the data is a separate, explicit step.`;
  if (applicationSet === undefined) {
    return `The repository has no ${APPLICATION_SET_PATH}: whatever deploys apps/${appName}/ decides what happens to the running app. ${kept}`;
  }
  const preserve = (parse(applicationSet) as { spec?: { syncPolicy?: { preserveResourcesOnDeletion?: boolean } } })?.spec?.syncPolicy?.preserveResourcesOnDeletion === true;
  return preserve
    ? `Argo CD's ApplicationSet (${APPLICATION_SET_PATH}) deletes the Application ${appName} but, with preserveResourcesOnDeletion: true, ` +
        `leaves its resources running in the namespace ${appName} until the platform team deletes them. ${kept}`
    : `Argo CD's ApplicationSet (${APPLICATION_SET_PATH}) deletes the Application ${appName} and, without preserveResourcesOnDeletion, ` +
        `the resources it deployed (Deployment, Service, routes). ${kept}`;
}
