import type { AppManifestsInput } from '../input';

/**
 * The app folders the render, schema, checkov and API server tests build: together they use every
 * option (SQLite; PostgreSQL with HPA, PDB and monitoring; Image Updater with an HTTPRoute; a pinned
 * digest). A new option set is one more entry here.
 */
export const RENDER_EXAMPLES = {
  sqlite: { name: 'inventory-api', image: 'ghcr.io/acme/inventory-api', tag: 'sha-1a2b3c4' },
  postgresScaled: {
    name: 'orders',
    image: 'ghcr.io/acme/orders',
    tag: 'sha-0f0f0f0',
    database: 'postgres',
    replicas: 3,
    autoscaling: { enabled: true, maxReplicas: 9 },
    containerPort: 8080,
    ingress: { host: 'orders.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt-prod' } },
    imagePullSecret: 'ghcr-pull',
    monitoring: { enabled: true, labels: { release: 'kube-prometheus-stack' } },
    resources: { requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    env: { LOG_LEVEL: 'info', WEB_CONCURRENCY: '4' },
  },
  imageUpdaterRoute: {
    name: 'a',
    image: 'registry.example.com:5000/team/a',
    tag: 'sha-abcdef0',
    storage: { size: '10Gi', storageClassName: 'fast-ssd' },
    httpRoute: { host: 'a.internal.example.com', gateway: { name: 'internal', namespace: 'gateways', sectionName: 'https' } },
    imagePullSecret: 'registry-pull',
    imageUpdater: { enabled: true },
  },
  postgresPinned: {
    name: 'billing',
    image: 'ghcr.io/acme/billing',
    tag: 'sha-1234567',
    digest: `sha256:${'0123456789abcdef'.repeat(4)}`,
    database: 'postgres',
    ingress: { host: 'billing.example.com', className: 'nginx', tls: { secretName: 'wildcard-example-com' } },
  },
} satisfies Record<string, AppManifestsInput>;
