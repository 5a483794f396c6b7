import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { projectSpecSchema } from '@dev-portal/plugin-django-gitops-common';

/** The editor's value (the spec's `models`) and options, as the Template Editor documents them. */
export const DjangoModelsEditorSchema = makeFieldSchema({
  output: z => projectSpecSchema(z).shape.models,
  uiOptions: z =>
    z.object({
      prefillFromEntity: z
        .string()
        .optional()
        .describe('The name of another answer of the form that holds an entity reference: start from the models that service was generated with'),
    }),
});
