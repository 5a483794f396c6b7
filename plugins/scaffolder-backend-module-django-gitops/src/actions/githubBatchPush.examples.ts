import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Push the generated project to a new, empty repository as its first and only commit.',
    example: stringify({
      steps: [
        {
          id: 'push',
          action: 'github:batch-push',
          name: 'Push the project',
          input: { repoUrl: 'github.com?owner=acme&repo=inventory-api', commitMessage: 'Initial commit from Dev Portal' },
        },
      ],
    }),
  },
  {
    description: 'Push a sub-folder of the workspace into a folder of an existing repository, on a branch.',
    example: stringify({
      steps: [
        {
          id: 'push-docs',
          action: 'github:batch-push',
          name: 'Push the docs',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            sourcePath: 'docs',
            targetPath: 'docs/service',
            branch: 'docs-update',
            commitMessage: 'Update the service docs',
          },
        },
      ],
    }),
  },
];
