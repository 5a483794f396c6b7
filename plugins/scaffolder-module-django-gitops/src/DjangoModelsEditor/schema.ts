import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';
import { projectSpecSchema } from '@dev-portal/plugin-django-gitops-common';

/** The editor's value, the spec's `models`, as the Template Editor documents it. */
export const DjangoModelsEditorSchema = makeFieldSchema({
  output: z => projectSpecSchema(z).shape.models,
});
