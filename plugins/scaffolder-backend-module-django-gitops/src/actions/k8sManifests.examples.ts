import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Manifests for the image the CI run built, from the commit it ran on (SQLite, no ingress).',
    example: stringify({
      steps: [
        {
          id: 'manifests',
          action: 'k8s:manifests',
          name: 'Generate Kubernetes manifests',
          input: {
            name: '${{ steps.generate.output.appName }}',
            image: '${{ steps.generate.output.image }}',
            commitSha: '${{ steps.push.output.commitSha }}',
          },
        },
      ],
    }),
  },
  {
    description: 'PostgreSQL from three to nine replicas behind a TLS ingress (certificate from cert-manager), with monitoring.',
    example: stringify({
      steps: [
        {
          id: 'manifests',
          action: 'k8s:manifests',
          name: 'Generate Kubernetes manifests',
          input: {
            name: 'orders',
            image: 'ghcr.io/acme/orders',
            tag: 'sha-1a2b3c4',
            database: 'postgres',
            replicas: 3,
            autoscaling: { enabled: true, maxReplicas: 9 },
            ingress: { host: 'orders.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt-prod' } },
            imagePullSecret: 'ghcr-pull',
            monitoring: { enabled: true, labels: { release: 'kube-prometheus-stack' } },
          },
        },
      ],
    }),
  },
  {
    description:
      'Argo CD Image Updater keeps the tag current instead of the CI workflow (its ImageUpdater goes to ' +
      'image-updaters/<app>.yaml); the app is reached through the platform Gateway.',
    example: stringify({
      steps: [
        {
          id: 'manifests',
          action: 'k8s:manifests',
          name: 'Generate Kubernetes manifests',
          input: {
            name: 'inventory-api',
            image: 'ghcr.io/acme/inventory-api',
            tag: 'sha-1a2b3c4',
            imagePullSecret: 'ghcr-pull',
            imageUpdater: { enabled: true, branch: 'main' },
            httpRoute: { host: 'inventory.example.com', gateway: { name: 'public', namespace: 'gateways' } },
            targetPath: 'gitops',
          },
        },
      ],
    }),
  },
];
