import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
// The tools and checks the generated apps' manifests go through.
import {
  installK8sTools,
  K8sTools,
  kustomizeBuild,
  validateStrictly,
} from '@dev-portal/plugin-scaffolder-backend-module-django-gitops/src/k8s/__testUtils__/k8sTools';
import { lintVenv, run } from '@dev-portal/plugin-scaffolder-backend-module-django-gitops/src/testing/python';
import { PortalCluster, startPortalCluster } from './__testUtils__/portalCluster';

/** The portal's image (packages/backend/Dockerfile) and its Kubernetes manifests (deploy/portal/). */
jest.setTimeout(600_000);

const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');
const DOCKERFILE = path.join(REPOSITORY_ROOT, 'packages/backend/Dockerfile');
const MANIFESTS = path.join(REPOSITORY_ROOT, 'deploy/portal');

describe('the portal image', () => {
  const dockerfile = fs.readFileSync(DOCKERFILE, 'utf8');

  it('is clean under hadolint', () => {
    const result = run(lintVenv(), 'hadolint', [DOCKERFILE], REPOSITORY_ROOT);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs the production config as a non-root user, on a base pinned by digest, with a health check', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim@sha256:[0-9a-f]{64}$/m);
    const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map(match => match[1]);
    expect(users).toEqual(['1000:1000']);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/\.backstage\/health\/v1\/liveness/m);
    expect(dockerfile).toContain('CMD ["node", "packages/backend", "--config", "app-config.production.yaml"]');
  });

  // No container engine here: scripts/portal-image.sh lays out /app by the Dockerfile's steps
  // (the host build, `npm ci --omit=dev` on the skeleton, the bundle over it) and the image's CMD
  // runs from there, with no development dependency and none of this checkout's sources.
  describe('as the Dockerfile lays it out', () => {
    let cluster: PortalCluster;
    beforeAll(async () => {
      const image = execFileSync('bash', [path.join(REPOSITORY_ROOT, 'scripts/portal-image.sh')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }).trim();
      cluster = await startPortalCluster({ replicas: 1, latencyMs: 0, run: { appearAfterMs: 0, queuedMs: 0, inProgressMs: 0 }, staleTimeoutSeconds: 30, image });
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('starts from the bundle and serves the frontend, the template and our actions', async () => {
      const [replica] = cluster.replicas;
      const page = await (await fetch(replica.url)).text();
      expect(page).toContain('<div id="root">');
      const actions = await replica.api<Array<{ id: string }>>('/scaffolder/v2/actions');
      expect(actions.map(action => action.id)).toEqual(expect.arrayContaining(['django:generate', 'github:ensure-repo', 'gitops:push-repo-b']));
      const templates = await replica.api<Array<{ metadata: { name: string } }>>('/catalog/entities?filter=kind=template');
      expect(templates.map(template => template.metadata.name)).toEqual(['django-gitops']);
    });
  });
});

describe('the portal manifests', () => {
  let tools: K8sTools;
  let objects: any[];
  const byKind = (kind: string) => objects.filter(object => object.kind === kind);
  beforeAll(() => {
    tools = installK8sTools();
    objects = parseAllDocuments(kustomizeBuild(tools, MANIFESTS)).map(doc => doc.toJS());
  });

  it('are accepted by the Kubernetes schemas, unknown fields refused', () => {
    expect(() => validateStrictly(tools, kustomizeBuild(tools, MANIFESTS))).not.toThrow();
  });

  it('run two replicas that a drained node cannot take down together', () => {
    const [deployment] = byKind('Deployment');
    const [budget] = byKind('PodDisruptionBudget');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(budget.spec).toEqual({ minAvailable: 1, selector: deployment.spec.selector });
    const labels = deployment.spec.template.metadata.labels;
    expect(Object.entries(deployment.spec.selector.matchLabels).every(([key, value]) => labels[key] === value)).toBe(true);
  });

  it("probe Backstage's health endpoints", () => {
    const [container] = byKind('Deployment')[0].spec.template.spec.containers;
    expect(container.readinessProbe.httpGet).toEqual({ path: '/.backstage/health/v1/readiness', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/.backstage/health/v1/liveness', port: 'http' });
    expect(container.startupProbe.httpGet.path).toBe('/.backstage/health/v1/liveness');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 7007 }]);
  });

  it('meet the restricted Pod Security Standard, which their namespace enforces', () => {
    const [namespace] = byKind('Namespace');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const pod = byKind('Deployment')[0].spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    for (const container of pod.containers) {
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(objects.every(object => object.kind === 'Namespace' || object.metadata.namespace === 'dev-portal')).toBe(true);
  });

  it('give the portal every variable app-config.production.yaml reads, the secret ones from Secrets', () => {
    const config = fs.readFileSync(path.join(REPOSITORY_ROOT, 'app-config.production.yaml'), 'utf8');
    const required = [...config.matchAll(/\$\{([A-Z_]+)\}/g)].map(match => match[1]);
    // What the two Secrets hold (README: "The portal on Kubernetes").
    const inSecrets = {
      'dev-portal-database': ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USER', 'POSTGRES_PASSWORD'],
      'dev-portal-credentials': ['AUTH_GITHUB_CLIENT_ID', 'AUTH_GITHUB_CLIENT_SECRET', 'GITHUB_TOKEN', 'PORTAL_API_TOKEN'],
    };
    const [configMap] = byKind('ConfigMap');
    const container = byKind('Deployment')[0].spec.template.spec.containers[0];
    expect(container.envFrom).toEqual([
      { configMapRef: { name: configMap.metadata.name } },
      ...Object.keys(inSecrets).map(name => ({ secretRef: { name } })),
    ]);
    const provided = new Set([...Object.keys(configMap.data), ...Object.values(inSecrets).flat()]);
    expect(required.filter(name => !provided.has(name))).toEqual([]);
    expect(Object.keys(configMap.data).filter(name => /TOKEN|SECRET|PASSWORD/.test(name))).toEqual([]);
  });
});
