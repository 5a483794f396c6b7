import { InputError } from '@backstage/errors';
import type { AppManifestsInput } from './input';
import { generateManifests } from './manifests';

const valid: AppManifestsInput = { name: 'inventory-api', image: 'ghcr.io/acme/inventory-api', tag: 'sha-1a2b3c4' };

function refusal(overrides: Record<string, unknown>): InputError {
  try {
    generateManifests({ ...valid, ...overrides } as AppManifestsInput);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`accepted ${JSON.stringify(overrides)}`);
}

describe('bad input is refused with the field named', () => {
  it.each([
    ['Inventory', 'uppercase'],
    ['../other-app', 'would escape apps/'],
    ['apps/x', 'a path'],
    ['-api', 'leading dash'],
    ['api-', 'trailing dash'],
    ['1api', 'leading digit'],
    ['inventory_api', 'underscore'],
    ['', 'empty'],
    ['a'.repeat(54), 'longer than 53'],
    ['kube-system', 'the cluster\'s own namespace'],
    ['argocd', "Argo CD's namespace"],
    ['default', 'the default namespace'],
  ])('name %j (%s)', name => {
    expect(refusal({ name }).message).toMatch(/^name: /);
  });

  it.each([
    ['ghcr.io/acme/inventory-api:sha-1a2b3c4', /give the tag in "tag"/],
    [`ghcr.io/acme/inventory-api@sha256:${'a'.repeat(64)}`, /give the tag in "tag"/],
    ['acme/inventory-api', /registry host/],
    ['inventory-api', /registry host/],
    ['ghcr.io/Acme/Inventory', /not a valid image repository/],
    ['ghcr.io/acme/inventory api', /not a valid image repository/],
    ['ghcr.io/acme//api', /not a valid image repository/],
    ['https://ghcr.io/acme/api', /not a valid image repository/],
    [`ghcr.io/${'a'.repeat(250)}`, /at most 255/],
  ])('image %j', (image, problem) => {
    const { message } = refusal({ image });
    expect(message).toMatch(/^image: /);
    expect(message).toMatch(problem);
  });

  it.each([['latest'], ['LATEST'], ['-x'], ['.x'], ['sha:abc'], ['a'.repeat(129)], ['']])('tag %j', tag => {
    expect(refusal({ tag }).message).toMatch(/^tag: /);
  });

  it.each([
    [{ containerPort: 80 }, 'containerPort'],
    [{ containerPort: 8000.5 }, 'containerPort'],
    [{ database: 'mysql' }, 'database'],
    [{ replicas: 0 }, 'replicas'],
    [{ replicas: 1.5 }, 'replicas'],
    [{ replicas: 100 }, 'replicas'],
    [{ ingress: { className: 'nginx' } }, 'ingress.host'],
    [{ ingress: { host: 'https://a.example.com', className: 'nginx' } }, 'ingress.host'],
    [{ ingress: { host: '*.example.com', className: 'nginx' } }, 'ingress.host'],
    [{ ingress: { host: 'a.example.com' } }, 'ingress.className'],
    [{ ingress: { host: 'a.example.com', className: 'nginx', tls: { clusterIssuer: 'Lets Encrypt' } } }, 'ingress.tls.clusterIssuer'],
    [{ ingress: { host: 'a.example.com', className: 'nginx', tls: { secretName: 'TLS' } } }, 'ingress.tls.secretName'],
    [{ storage: { size: '1 GB' } }, 'storage.size'],
    [{ storage: { storageClassName: 'Fast SSD' } }, 'storage.storageClassName'],
    [{ resources: { limits: { memory: 'lots' } } }, 'resources.limits.memory'],
    [{ resources: { requests: { cpu: '-1' } } }, 'resources.requests.cpu'],
    [{ env: { 'BAD-NAME': 'x' } }, 'env.BAD-NAME'],
    [{ env: { SECRET_KEY: 'hunter2' } }, 'env.SECRET_KEY'],
    [{ env: { DEBUG: '1' } }, 'env.DEBUG'],
    [{ env: { PORT: '80' } }, 'env.PORT'],
    [{ env: { COUNT: 3 } }, 'env.COUNT'],
    [{ imagePullSecret: 'Ghcr Pull' }, 'imagePullSecret'],
    [{ imageUpdater: { enabled: true, namespace: 'Argo CD' } }, 'imageUpdater.namespace'],
    [{ imageUpdater: { enabled: true, branch: 'feature/../main' } }, 'imageUpdater.branch'],
    [{ imageUpdater: { enabled: true, pullSecret: 'pullsecret:inventory-api/ghcr' } }, 'imageUpdater.pullSecret'],
    [{ imageUpdater: { enabled: true, pullSecret: 'ghcr-pull' } }, 'imageUpdater.pullSecret'],
    [{ digest: 'sha256:abc' }, 'digest'],
    [{ containerPort: 9000 }, 'containerPort'],
    [{ autoscaling: { enabled: true } }, 'autoscaling.enabled'],
    [{ database: 'postgres', replicas: 4, autoscaling: { enabled: true, maxReplicas: 3 } }, 'autoscaling.maxReplicas'],
    [{ database: 'postgres', autoscaling: { enabled: true, targetCPUUtilization: 150 } }, 'autoscaling.targetCPUUtilization'],
    [{ ingress: { host: 'a.example.com', className: 'nginx' }, httpRoute: { host: 'a.example.com' } }, 'httpRoute.enabled'],
    [{ httpRoute: { host: 'a.example.com', gateway: { namespace: 'gateways' } } }, 'httpRoute.gateway.name'],
    [{ httpRoute: { host: 'a.example.com', gateway: { name: 'public' } } }, 'httpRoute.gateway.namespace'],
    [{ httpRoute: { host: 'A.example.com', gateway: { name: 'public', namespace: 'gateways' } } }, 'httpRoute.host'],
    [{ networkPolicy: { monitoringNamespace: 'Monitoring' } }, 'networkPolicy.monitoringNamespace'],
    [{ monitoring: { enabled: true, labels: { 'bad key!': 'x' } } }, 'monitoring.labels.bad key!'],
  ])('%j names %s', (overrides, field) => {
    expect(refusal(overrides).message.startsWith(`${field}: `)).toBe(true);
  });

  it('never echoes a refused secret value', () => {
    expect(refusal({ env: { SECRET_KEY: 'hunter2' } }).message).not.toContain('hunter2');
  });

  it("refuses the platform's own reserved namespaces too", () => {
    expect(() => generateManifests({ ...valid, name: 'payments' }, ['payments'])).toThrow(/^name: "payments" is a reserved namespace/);
  });

  it('accepts the edge of each rule', () => {
    expect(() => generateManifests({ ...valid, name: 'a'.repeat(53) })).not.toThrow();
    expect(() => generateManifests({ ...valid, image: 'localhost:5000/a', tag: 'V1.2_3-rc.1' })).not.toThrow();
    expect(() => generateManifests({ ...valid, replicas: 20, database: 'postgres', containerPort: 1024 })).not.toThrow();
  });
});
