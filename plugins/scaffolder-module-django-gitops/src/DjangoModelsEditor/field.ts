import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { DjangoModelsEditor } from './DjangoModelsEditor';
import { modelProblems } from './problems';
import { DjangoModelsEditorSchema } from './schema';

/**
 * `ui:field: DjangoModelsEditor`. "Next" stays refused while the shared validator finds a
 * problem, each named in words (the backend checks the same rules again).
 */
export const djangoModelsEditorField = createFormField({
  name: 'DjangoModelsEditor',
  component: DjangoModelsEditor,
  validation: (models, validation) => {
    for (const problem of modelProblems(Array.isArray(models) ? models : [])) validation.addError(problem.words);
  },
  schema: DjangoModelsEditorSchema,
});
