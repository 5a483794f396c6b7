import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Add a Review model to a generated service as a pull request, then wait for its CI run.',
    example: stringify({
      steps: [
        {
          id: 'update',
          action: 'django:update',
          name: 'Change the models',
          input: {
            repoUrl: 'github.com?owner=acme&repo=inventory-api',
            project: {
              models: [
                { name: 'Category', fields: [{ name: 'title', type: 'CharField', maxLength: 120, unique: true }] },
                { name: 'Review', fields: [{ name: 'stars', type: 'PositiveIntegerField', default: 5 }, { name: 'category', type: 'ForeignKey', to: 'Category' }] },
              ],
            },
          },
        },
        {
          id: 'wait',
          action: 'github:wait-workflow',
          name: "Wait for the pull request's CI run",
          input: { repoUrl: 'github.com?owner=acme&repo=inventory-api', commitSha: '${{ steps.update.output.headSha }}', workflow: 'ci-cd.yml' },
        },
      ],
    }),
  },
  {
    description: "Change the models from the form, on a branch of your choice, with the user's token.",
    example: stringify({
      steps: [
        {
          id: 'update',
          action: 'django:update',
          name: 'Change the models',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            project: { models: '${{ parameters.models }}' },
            branch: 'models/add-reviews',
            title: 'Add reviews',
            token: '${{ secrets.USER_OAUTH_TOKEN }}',
          },
        },
      ],
    }),
  },
];
