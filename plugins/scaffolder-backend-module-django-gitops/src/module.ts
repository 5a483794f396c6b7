import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createDjangoGenerateAction } from './actions/djangoGenerate';
import { createK8sManifestsAction } from './actions/k8sManifests';

/** Registers Dev Portal's scaffolder actions with the scaffolder backend. */
export const scaffolderModuleDjangoGitops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'django-gitops',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createDjangoGenerateAction(), createK8sManifestsAction());
      },
    });
  },
});
