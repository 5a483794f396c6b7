import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Remove the service picked in the form from the catalog.',
    example: stringify({
      steps: [{ id: 'unregister', action: 'catalog:unregister', name: 'Remove from the catalog', input: { entityRef: '${{ parameters.entityRef }}' } }],
    }),
  },
];
