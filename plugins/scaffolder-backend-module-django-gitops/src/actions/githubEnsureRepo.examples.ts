import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Create the private repository a generated project is pushed to, or reuse the one an earlier attempt left.',
    example: stringify({
      steps: [
        {
          id: 'create-repo',
          action: 'github:ensure-repo',
          name: 'Create the repository',
          input: {
            repoUrl: 'github.com?owner=acme&repo=inventory-api',
            description: 'Inventory service',
            sourcePath: 'repository',
            branch: 'main',
          },
        },
      ],
    }),
  },
];
