import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Commit the manifests k8s:manifests wrote (gitops/apps/inventory-api/, and gitops/image-updaters/inventory-api.yaml ' +
      'in Image Updater mode) into the shared GitOps repository, bootstrapping the k8s/ files that are missing.',
    example: stringify({
      steps: [
        {
          id: 'push-gitops',
          action: 'gitops:push-repo-b',
          name: 'Deploy through GitOps',
          input: { repoUrl: 'github.com?owner=acme&repo=gitops', appName: 'inventory-api' },
        },
      ],
    }),
  },
  {
    description: 'Push to a branch, with a message naming the image tag, without touching the bootstrap files.',
    example: stringify({
      steps: [
        {
          id: 'push-gitops',
          action: 'gitops:push-repo-b',
          name: 'Deploy through GitOps',
          input: {
            repoUrl: '${{ parameters.gitopsRepoUrl }}',
            sourcePath: 'gitops',
            appName: '${{ parameters.name }}',
            branch: 'main',
            commitMessage: 'Deploy ${{ parameters.name }} at ${{ steps.manifests.output.tag }}',
            bootstrap: false,
            skipFiles: ['argocd-application.yaml', 'argocd-image-updater-config.yaml', 'NOTES.md'],
          },
        },
      ],
    }),
  },
];
