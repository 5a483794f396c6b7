import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Wait for the CI/CD run of the commit the previous step pushed.',
    example: stringify({
      steps: [
        {
          id: 'wait',
          action: 'github:wait-workflow',
          name: 'Wait for CI/CD',
          input: {
            repoUrl: 'github.com?owner=acme&repo=inventory-api',
            commitSha: '${{ steps.push.output.commitSha }}',
            workflow: 'ci-cd.yml',
            timeoutSeconds: 900,
          },
        },
      ],
    }),
  },
  {
    description: 'Report the outcome of any run of a commit without failing the task.',
    example: stringify({
      steps: [
        {
          id: 'wait',
          action: 'github:wait-workflow',
          name: 'Wait for checks',
          input: { repoUrl: '${{ parameters.repoUrl }}', commitSha: '${{ steps.push.output.commitSha }}', failOnFailure: false },
        },
      ],
    }),
  },
];
