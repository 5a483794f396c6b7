import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createDjangoGenerateAction } from './actions/djangoGenerate';
import { createGithubAddSecretAction } from './actions/githubAddSecret';
import { createGithubBatchPushAction } from './actions/githubBatchPush';
import { createGithubEnsureRepoAction } from './actions/githubEnsureRepo';
import { createGithubWaitWorkflowAction } from './actions/githubWaitWorkflow';
import { createGitopsPushRepoBAction } from './actions/gitopsPushRepoB';
import { createK8sManifestsAction } from './actions/k8sManifests';
import { readDeployConfig } from './deployConfig';

/**
 * Registers Dev Portal's scaffolder actions with the scaffolder backend.
 *
 * @public
 */
export const scaffolderModuleDjangoGitops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'django-gitops',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint, config: coreServices.rootConfig },
      async init({ scaffolder, config }) {
        const integrations = ScmIntegrations.fromConfig(config);
        const github = {
          integrations,
          githubCredentialsProvider: DefaultGithubCredentialsProvider.fromIntegrations(integrations),
          // Read here and passed on, as upstream's GitHub module does.
          requireScmUserCredentials: config.getOptionalBoolean('scaffolder.requireScmUserCredentials') ?? false,
          config,
        };
        const deploy = readDeployConfig(config);
        scaffolder.addActions(
          createDjangoGenerateAction({ config, reservedNamespaces: deploy.reservedNamespaces }),
          createGithubEnsureRepoAction(github),
          createGithubAddSecretAction(github),
          createGithubBatchPushAction(github),
          createGithubWaitWorkflowAction(github),
          createK8sManifestsAction(deploy),
          createGitopsPushRepoBAction({ ...github, deploy }),
        );
      },
    });
  },
});
