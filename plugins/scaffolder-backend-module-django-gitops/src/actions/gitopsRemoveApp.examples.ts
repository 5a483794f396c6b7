import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Remove apps/inventory-api/ and image-updaters/inventory-api.yaml from the shared GitOps repository in one commit.',
    example: stringify({
      steps: [
        {
          id: 'remove',
          action: 'gitops:remove-app',
          name: 'Remove the app from GitOps',
          input: { repoUrl: 'github.com?owner=acme&repo=gitops', appName: 'inventory-api' },
        },
      ],
    }),
  },
  {
    description: "Remove an app from a GitOps branch with the user's token and a message of your own.",
    example: stringify({
      steps: [
        {
          id: 'remove',
          action: 'gitops:remove-app',
          name: 'Remove the app from GitOps',
          input: {
            repoUrl: '${{ parameters.gitopsRepoUrl }}',
            appName: '${{ parameters.appName }}',
            branch: 'main',
            commitMessage: 'Retire ${{ parameters.appName }}',
            token: '${{ secrets.USER_OAUTH_TOKEN }}',
          },
        },
      ],
    }),
  },
];
