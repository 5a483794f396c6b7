import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The form field `DjangoModelsEditor`, for templates that ask for the models of a Django
 * project (`ui:field: DjangoModelsEditor`). Loaded when the Create page first needs its fields.
 *
 * @public
 */
export const djangoModelsEditorFormField = FormFieldBlueprint.make({
  name: 'django-models-editor',
  params: {
    field: () => import('./DjangoModelsEditor/field').then(m => m.djangoModelsEditorField),
  },
});

/**
 * The scaffolder module that adds Dev Portal's form fields to the Create page.
 *
 * @public
 */
export const scaffolderModuleDjangoGitops = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [djangoModelsEditorFormField],
});
