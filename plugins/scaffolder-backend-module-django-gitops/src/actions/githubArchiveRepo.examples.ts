import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Archive the repository of a retired service.',
    example: stringify({
      steps: [{ id: 'archive', action: 'github:repo:archive', name: 'Archive the repository', input: { repoUrl: 'github.com?owner=acme&repo=inventory-api' } }],
    }),
  },
];
