import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import { inventorySpec } from '@dev-portal/plugin-django-gitops-common';

export const examples: TemplateExample[] = [
  {
    description: 'Generate the Django REST API described by the form into the workspace root.',
    example: stringify({
      steps: [
        {
          id: 'generate',
          action: 'django:generate',
          name: 'Generate the Django project',
          input: { project: '${{ parameters.project }}' },
        },
      ],
    }),
  },
  {
    description: 'Generate a project written out in full, into a sub-folder of the workspace.',
    example: stringify({
      steps: [
        {
          id: 'generate',
          action: 'django:generate',
          name: 'Generate the Django project',
          input: { project: inventorySpec, targetPath: 'repository-a' },
        },
      ],
    }),
  },
];
