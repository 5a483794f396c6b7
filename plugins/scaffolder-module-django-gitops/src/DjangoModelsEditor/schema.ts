import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { projectSpecSchema } from '@dev-portal/plugin-django-gitops-common';

/** The editor's value, the spec's `models`, and its options, as the Template Editor documents them. */
export const DjangoModelsEditorSchema = makeFieldSchema({
  output: z => projectSpecSchema(z).shape.models,
  uiOptions: z =>
    z.object({
      prefillFrom: z
        .string()
        .optional()
        .describe(
          "The form's field holding a generated service's entity ref (an EntityPicker): the models start from that service's stored answers",
        ),
    }),
});
