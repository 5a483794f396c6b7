import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogUnregisterAction } from './actions/catalogUnregister';
import { createDjangoGenerateAction } from './actions/djangoGenerate';
import { createDjangoUpdateAction } from './actions/djangoUpdate';
import { createGithubAddSecretAction } from './actions/githubAddSecret';
import { createGithubArchiveRepoAction } from './actions/githubArchiveRepo';
import { createGithubBatchPushAction } from './actions/githubBatchPush';
import { createGithubEnsureRepoAction } from './actions/githubEnsureRepo';
import { createGithubWaitWorkflowAction } from './actions/githubWaitWorkflow';
import { createGitopsPushRepoBAction } from './actions/gitopsPushRepoB';
import { createGitopsRemoveAppAction } from './actions/gitopsRemoveApp';
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
      deps: { scaffolder: scaffolderActionsExtensionPoint, config: coreServices.rootConfig, catalog: catalogServiceRef },
      async init({ scaffolder, config, catalog }) {
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
          createCatalogUnregisterAction({ catalog }),
          createDjangoGenerateAction({ config, reservedNamespaces: deploy.reservedNamespaces }),
          createDjangoUpdateAction(github),
          createGithubEnsureRepoAction(github),
          createGithubAddSecretAction(github),
          createGithubArchiveRepoAction(github),
          createGithubBatchPushAction(github),
          createGithubWaitWorkflowAction(github),
          createK8sManifestsAction(deploy),
          createGitopsPushRepoBAction({ ...github, deploy }),
          createGitopsRemoveAppAction({ ...github, deploy }),
        );
      },
    });
  },
});
