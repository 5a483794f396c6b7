import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Store the GitOps token the workflow needs, from a Secret form field, before pushing the workflow.',
    example: stringify({
      steps: [
        {
          id: 'add-secret',
          action: 'github:add-secret',
          name: 'Add PAT_TOKEN',
          input: {
            repoUrl: 'github.com?owner=acme&repo=inventory-api',
            secretName: 'PAT_TOKEN',
            secretValue: '${{ secrets.gitopsToken }}',
          },
        },
      ],
    }),
  },
  {
    description: "Store an environment secret with the user's own token.",
    example: stringify({
      steps: [
        {
          id: 'add-secret',
          action: 'github:add-secret',
          name: 'Add DATABASE_URL to production',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            secretName: 'DATABASE_URL',
            secretValue: '${{ secrets.databaseUrl }}',
            environment: 'production',
            token: '${{ secrets.USER_OAUTH_TOKEN }}',
          },
        },
      ],
    }),
  },
];
