import { parse, parseAllDocuments } from 'yaml';
import {
  CONTAINER_DATA_DIR,
  CONTAINER_GID,
  CONTAINER_PORT,
  CONTAINER_UID,
  LIVENESS_PATH,
  METRICS_PATH,
  METRICS_PORT,
  READINESS_PATH,
} from '../project/constants';
import { IMAGE_UPDATER_API_VERSION, IMMUTABLE_TAG_PATTERN, PVC_SYNC_OPTIONS } from './conventions';
import { generateImageUpdater } from './imageUpdater';
import type { AppManifestsInput } from './input';
import { generateManifests } from './manifests';

const base: AppManifestsInput = { name: 'inventory-api', image: 'ghcr.io/acme/inventory-api', tag: 'sha-1a2b3c4' };
const DIGEST = `sha256:${'ab'.repeat(32)}`;

function generate(overrides: Partial<AppManifestsInput> = {}) {
  const files = generateManifests({ ...base, ...overrides });
  const read = (path: string) => {
    const content = files.get(path);
    if (content === undefined) throw new Error(`${path} was not generated`);
    return parse(content);
  };
  const deployment = read('deployment.yaml');
  return { files, read, deployment, pod: deployment.spec.template.spec, web: deployment.spec.template.spec.containers[0], kustomization: read('kustomization.yaml') };
}

const envOf = (container: { env: { name: string; value?: string; valueFrom?: unknown }[] }): Record<string, any> =>
  Object.fromEntries(container.env.map(e => [e.name, e.value ?? e.valueFrom]));

describe('generateManifests', () => {
  it('writes exactly the files of the chosen options', () => {
    expect([...generate().files.keys()].sort()).toEqual([
      'README.md', 'deployment.yaml', 'kustomization.yaml', 'networkpolicy.yaml', 'pvc.yaml', 'service.yaml',
    ]);
    const everything = generate({
      database: 'postgres',
      autoscaling: { enabled: true },
      ingress: { host: 'inventory.example.com', className: 'nginx', tls: {} },
      monitoring: { enabled: true },
      imageUpdater: { enabled: true },
    });
    expect([...everything.files.keys()].sort()).toEqual([
      'README.md', 'deployment.yaml', 'grafana-dashboard.yaml', 'hpa.yaml', 'ingress.yaml', 'kustomization.yaml', 'migrate-job.yaml',
      'networkpolicy.yaml', 'poddisruptionbudget.yaml', 'prometheusrule.yaml', 'service.yaml', 'servicemonitor.yaml',
    ]);
    const routed = generate({ httpRoute: { host: 'a.example.com', gateway: { name: 'public', namespace: 'gateways' } } });
    expect([...routed.files.keys()]).toContain('httproute.yaml');
    expect([...routed.files.keys()]).not.toContain('ingress.yaml');
  });

  it('lists every manifest in the kustomization and nothing else', () => {
    const { files, kustomization } = generate({ database: 'postgres', monitoring: { enabled: true }, ingress: { host: 'a.example.com', className: 'nginx' } });
    const manifests = [...files.keys()].filter(path => path !== 'kustomization.yaml' && path.endsWith('.yaml'));
    expect([...kustomization.resources].sort()).toEqual(manifests.sort());
  });

  it('holds no Namespace: Argo CD creates it, so deleting the app never deletes it or its volumes', () => {
    for (const content of generate({ database: 'postgres', monitoring: { enabled: true } }).files.values()) {
      expect(content).not.toMatch(/^kind: Namespace$/m);
    }
  });

  it('gives every object the recommended labels, through the kustomization', () => {
    const { kustomization, deployment, read } = generate({ database: 'postgres' });
    expect(kustomization.labels).toEqual([
      {
        includeTemplates: true,
        pairs: { 'app.kubernetes.io/instance': 'inventory-api', 'app.kubernetes.io/managed-by': 'dev-portal', 'app.kubernetes.io/part-of': 'inventory-api' },
      },
      { pairs: { 'app.kubernetes.io/version': 'sha-1a2b3c4' } },
    ]);
    expect(deployment.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'inventory-api', 'app.kubernetes.io/component': 'server' });
    expect(read('migrate-job.yaml').spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'inventory-api', 'app.kubernetes.io/component': 'migration' });
  });

  it('leaves the version label out in Image Updater mode, which would leave it stale', () => {
    expect(generate({ imageUpdater: { enabled: true } }).kustomization.labels).toHaveLength(1);
  });

  describe('with SQLite', () => {
    it('runs one replica with Recreate on a protected ReadWriteOnce volume, migrating first, even when more are asked for', () => {
      const { deployment, pod, web, read, files } = generate({ database: 'sqlite', replicas: 3 });
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
      const pvc = read('pvc.yaml');
      expect(pvc.metadata.name).toBe('inventory-api-data');
      expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
      expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options']).toBe(PVC_SYNC_OPTIONS);
      expect(PVC_SYNC_OPTIONS.split(',')).toEqual(['Prune=false', 'Delete=false']);
      const volume = pod.volumes.find((v: any) => v.persistentVolumeClaim);
      expect(volume.persistentVolumeClaim.claimName).toBe('inventory-api-data');
      expect(web.volumeMounts).toContainEqual({ name: volume.name, mountPath: CONTAINER_DATA_DIR });
      expect(envOf(web).DATABASE_URL).toBeUndefined();
      expect(pod.initContainers.map((c: any) => c.command)).toEqual([['python', 'manage.py', 'migrate', '--noinput']]);
      for (const path of ['migrate-job.yaml', 'poddisruptionbudget.yaml', 'hpa.yaml']) expect(files.has(path)).toBe(false);
    });

    it('sizes the volume and picks its storage class as asked', () => {
      const pvc = generate({ storage: { size: '5Gi', storageClassName: 'fast-ssd' } }).read('pvc.yaml');
      expect(pvc.spec.resources.requests.storage).toBe('5Gi');
      expect(pvc.spec.storageClassName).toBe('fast-ssd');
      expect(generate().read('pvc.yaml').spec.storageClassName).toBeUndefined();
    });
  });

  describe('with PostgreSQL', () => {
    it('runs two replicas by default, honours more, rolls updates without downtime and has no PVC', () => {
      expect(generate({ database: 'postgres' }).deployment.spec.replicas).toBe(2);
      const { deployment, web, pod, files } = generate({ database: 'postgres', replicas: 3 });
      expect(deployment.spec.replicas).toBe(3);
      expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
      expect(files.has('pvc.yaml')).toBe(false);
      expect(envOf(web).DATABASE_URL).toEqual({ secretKeyRef: { name: 'inventory-api-database', key: 'database-url' } });
      expect(pod.volumes.some((v: any) => v.persistentVolumeClaim)).toBe(false);
    });

    it('migrates once per sync in a PreSync hook Job, not in every replica', () => {
      const { pod, web, read } = generate({ database: 'postgres', env: { LOG_LEVEL: 'info' } });
      expect(pod.initContainers).toBeUndefined();
      const job = read('migrate-job.yaml');
      expect(job.metadata.annotations).toEqual({
        'argocd.argoproj.io/hook': 'PreSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      });
      expect(job.spec).toMatchObject({ backoffLimit: 2, ttlSecondsAfterFinished: expect.any(Number), activeDeadlineSeconds: expect.any(Number) });
      const jobPod = job.spec.template.spec;
      expect(jobPod.restartPolicy).toBe('Never');
      expect(jobPod.securityContext).toEqual(pod.securityContext);
      expect(jobPod.automountServiceAccountToken).toBe(false);
      const [migrate] = jobPod.containers;
      expect(migrate.command).toEqual(['python', 'manage.py', 'migrate', '--noinput']);
      for (const key of ['image', 'env', 'envFrom', 'resources', 'securityContext']) expect(migrate[key]).toEqual(web[key]);
    });

    it('keeps a pod serving in drains, spreads pods, and pauses before stopping', () => {
      const { read, pod, web, deployment } = generate({ database: 'postgres' });
      expect(read('poddisruptionbudget.yaml').spec).toEqual({ maxUnavailable: 1, selector: deployment.spec.selector });
      expect(pod.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
        ['kubernetes.io/hostname', 'ScheduleAnyway'],
        ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
      ]);
      for (const constraint of pod.topologySpreadConstraints) expect(constraint.labelSelector).toEqual(deployment.spec.selector);
      expect(web.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5 + 30);
    });

    it('lets an HPA own the replica count when autoscaling', () => {
      const { deployment, read } = generate({ database: 'postgres', replicas: 3, autoscaling: { enabled: true, maxReplicas: 10 } });
      expect(deployment.spec.replicas).toBeUndefined();
      expect(read('hpa.yaml').spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'inventory-api' },
        minReplicas: 3,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      });
    });
  });

  it('probes the endpoints the Django project serves and exposes its metrics port', () => {
    const { web } = generate();
    expect(web.ports).toEqual([
      { name: 'http', containerPort: CONTAINER_PORT, protocol: 'TCP' },
      { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
    ]);
    expect(web.livenessProbe.httpGet).toEqual({ path: LIVENESS_PATH, port: 'http' });
    expect(web.readinessProbe.httpGet).toEqual({ path: READINESS_PATH, port: 'http' });
    expect(web.startupProbe.httpGet).toEqual({ path: LIVENESS_PATH, port: 'http' });
    const custom = generate({ containerPort: 9001 }).web;
    expect(custom.ports[0].containerPort).toBe(9001);
    expect(envOf(custom).PORT).toBe('9001');
  });

  it('runs as the image user under a restricted security context, root filesystem read-only but /tmp writable', () => {
    const { pod } = generate();
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true, runAsUser: CONTAINER_UID, runAsGroup: CONTAINER_GID, fsGroup: CONTAINER_GID,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '128Mi' } });
    for (const container of [...pod.initContainers, ...pod.containers]) {
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
        runAsUser: CONTAINER_UID, runAsGroup: CONTAINER_GID, capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', CONTAINER_DATA_DIR]);
    }
  });

  it('sets requests and limits, with defaults and overrides', () => {
    const defaults = generate().web.resources;
    expect(Object.keys(defaults.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(defaults.limits).sort()).toEqual(['cpu', 'memory']);
    const custom = generate({ resources: { limits: { memory: '1Gi' } } }).web;
    expect(custom.resources.limits).toEqual({ cpu: defaults.limits.cpu, memory: '1Gi' });
  });

  describe('the environment', () => {
    it('configures Django, secrets only by reference, and the optional <app>-env Secret for the rest', () => {
      const { files, web } = generate({ ingress: { host: 'inventory.example.com', className: 'nginx', tls: {} }, env: { LOG_LEVEL: 'debug' } });
      const env = envOf(web);
      expect(env.DEBUG).toBe('0');
      expect(env.SECRET_KEY).toEqual({ secretKeyRef: { name: 'inventory-api-django', key: 'secret-key' } });
      expect(env.ALLOWED_HOSTS.split(',')).toEqual(expect.arrayContaining(['inventory.example.com', 'inventory-api']));
      expect(env.CSRF_TRUSTED_ORIGINS).toBe('https://inventory.example.com');
      expect(env.LOG_LEVEL).toBe('debug');
      expect(web.envFrom).toEqual([{ secretRef: { name: 'inventory-api-env', optional: true } }]);
      expect([...files.values()].join('\n')).not.toMatch(/secret-key:\s*\S/);
    });

    it('keeps the secure HTTPS defaults behind TLS and turns them off, saying so, without it', () => {
      const tlsOff = { SECURE_SSL_REDIRECT: '0', SECURE_HSTS_SECONDS: '0' };
      const withTls = generate({ ingress: { host: 'a.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt' } } });
      expect(envOf(withTls.web)).not.toHaveProperty('SECURE_SSL_REDIRECT');
      expect(envOf(withTls.web)).not.toHaveProperty('SECURE_HSTS_SECONDS');
      const routedWithTls = generate({ httpRoute: { host: 'a.example.com', gateway: { name: 'public', namespace: 'gateways' } } });
      expect(envOf(routedWithTls.web)).not.toHaveProperty('SECURE_SSL_REDIRECT');
      expect(envOf(routedWithTls.web).CSRF_TRUSTED_ORIGINS).toBe('https://a.example.com');

      const plainIngress = generate({ ingress: { host: 'a.example.com', className: 'nginx' } });
      expect(envOf(plainIngress.web)).toMatchObject({ ...tlsOff, CSRF_TRUSTED_ORIGINS: 'http://a.example.com' });
      expect(plainIngress.files.get('README.md')).toContain('`SECURE_SSL_REDIRECT=0` and `SECURE_HSTS_SECONDS=0` are set');
      const inClusterOnly = generate();
      expect(envOf(inClusterOnly.web)).toMatchObject(tlsOff);
      expect(envOf(inClusterOnly.web)).not.toHaveProperty('CSRF_TRUSTED_ORIGINS');
      expect(inClusterOnly.files.get('README.md')).toContain('reached inside the cluster only');
    });
  });

  describe('the image reference', () => {
    it('lives only in kustomization.yaml images[], with the digest when known', () => {
      const { files, kustomization, pod } = generate({ imageUpdater: { enabled: true } });
      expect(kustomization.images).toEqual([{ name: 'ghcr.io/acme/inventory-api', newTag: 'sha-1a2b3c4' }]);
      for (const container of [...pod.initContainers, ...pod.containers]) expect(container.image).toBe('ghcr.io/acme/inventory-api');
      const tagFree = [...files].filter(([path]) => path !== 'kustomization.yaml' && path !== 'README.md');
      for (const [, content] of tagFree) expect(content).not.toContain('sha-1a2b3c4');
      expect(JSON.stringify(pod)).not.toMatch(/latest|restartedAt|timestamp/i);
      expect(generate({ digest: DIGEST }).kustomization.images).toEqual([{ digest: DIGEST, name: 'ghcr.io/acme/inventory-api', newTag: 'sha-1a2b3c4' }]);
    });
  });

  it('puts every object of the app into the app namespace', () => {
    const { files } = generate({ database: 'postgres', autoscaling: { enabled: true }, monitoring: { enabled: true }, ingress: { host: 'a.example.com', className: 'nginx' } });
    const objects = [...files].filter(([path]) => path.endsWith('.yaml') && path !== 'kustomization.yaml');
    for (const [path, content] of objects) expect([path, parse(content).metadata.namespace]).toEqual([path, 'inventory-api']);
  });

  it('exposes the web pods (not the migration Job) on port 80 and the metrics port', () => {
    const { read, deployment } = generate({ database: 'postgres' });
    const service = read('service.yaml');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.selector['app.kubernetes.io/component']).toBe('server');
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'metrics', port: METRICS_PORT, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });

  describe('the NetworkPolicy', () => {
    const namespaceOf = (peer: any) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'];

    it('lets in the namespace, the ingress controller to the API port only and Prometheus to the metrics port only', () => {
      const policy = generate({ ingress: { host: 'a.example.com', className: 'nginx' } }).read('networkpolicy.yaml');
      expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'inventory-api' } });
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.spec.ingress.map((rule: any) => [rule.from.map((p: any) => namespaceOf(p) ?? 'same namespace'), rule.ports?.map((p: any) => p.port)])).toEqual([
        [['same namespace'], undefined],
        [['ingress-nginx'], ['http']],
        [['monitoring'], ['metrics']],
      ]);
    });

    it('lets out DNS, HTTPS and, for PostgreSQL, the database port', () => {
      const egressPorts = (overrides: Partial<AppManifestsInput>) =>
        generate(overrides).read('networkpolicy.yaml').spec.egress.flatMap((rule: any) => (rule.ports ?? []).map((p: any) => `${p.protocol}/${p.port}`));
      expect(egressPorts({})).toEqual(['UDP/53', 'TCP/53', 'TCP/443']);
      expect(egressPorts({ database: 'postgres' })).toEqual(['UDP/53', 'TCP/53', 'TCP/5432', 'TCP/443']);
    });

    it("follows the Gateway's namespace and the namespaces given; nothing from outside without a route", () => {
      const routed = generate({ httpRoute: { host: 'a.example.com', gateway: { name: 'public', namespace: 'gateways' } } }).read('networkpolicy.yaml');
      expect(routed.spec.ingress[1].from.map(namespaceOf)).toEqual(['gateways']);
      const custom = generate({
        ingress: { host: 'a.example.com', className: 'traefik' },
        networkPolicy: { ingressNamespace: 'traefik', monitoringNamespace: 'observability' },
      }).read('networkpolicy.yaml');
      expect(custom.spec.ingress.slice(1).map((rule: any) => namespaceOf(rule.from[0]))).toEqual(['traefik', 'observability']);
      const internal = generate().read('networkpolicy.yaml');
      expect(internal.spec.ingress.map((rule: any) => rule.ports?.[0].port)).toEqual([undefined, 'metrics']);
    });
  });

  describe('the route in', () => {
    it('is absent when not asked for or disabled', () => {
      expect(generate().files.has('ingress.yaml')).toBe(false);
      expect(generate({ ingress: { enabled: false, host: 'a.example.com' } }).files.has('ingress.yaml')).toBe(false);
    });

    it('routes the host to the Service with the given class, without TLS by default', () => {
      const ingress = generate({ ingress: { host: 'a.example.com', className: 'traefik' } }).read('ingress.yaml');
      expect(ingress.spec.ingressClassName).toBe('traefik');
      expect(ingress.spec.tls).toBeUndefined();
      expect(ingress.metadata.annotations).toBeUndefined();
      expect(ingress.spec.rules).toEqual([{
        host: 'a.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'inventory-api', port: { name: 'http' } } } }] },
      }]);
    });

    it('terminates TLS with a cert-manager ClusterIssuer when one is named, or with the Secret given', () => {
      const ingress = generate({
        ingress: { host: 'a.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt-prod' } },
      }).read('ingress.yaml');
      expect(ingress.spec.tls).toEqual([{ hosts: ['a.example.com'], secretName: 'inventory-api-tls' }]);
      expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
      const ownSecret = generate({ ingress: { host: 'a.example.com', className: 'nginx', tls: { secretName: 'wildcard' } } });
      expect(ownSecret.read('ingress.yaml').spec.tls[0].secretName).toBe('wildcard');
      expect(ownSecret.read('ingress.yaml').metadata.annotations).toBeUndefined();
    });

    it("attaches an HTTPRoute to the platform's Gateway, deployable before the Gateway API CRDs exist", () => {
      const route = generate({ httpRoute: { host: 'a.example.com', gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' } } }).read('httproute.yaml');
      expect(route).toMatchObject({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' });
      expect(route.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
      expect(route.spec).toEqual({
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateways', sectionName: 'https' }],
        hostnames: ['a.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'inventory-api', port: 80 }] }],
      });
    });
  });

  describe('monitoring', () => {
    const monitored = () => generate({ monitoring: { enabled: true, labels: { release: 'kube-prometheus-stack' } } });

    it('scrapes the metrics port of the web Service, labelled for the platform Prometheus', () => {
      const { read } = monitored();
      const monitor = read('servicemonitor.yaml');
      expect(monitor.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
      expect(monitor.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
      expect(monitor.spec.selector.matchLabels).toEqual(read('service.yaml').spec.selector);
      expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: METRICS_PATH, interval: '30s', scheme: 'http' }]);
    });

    it('alerts on errors, latency, restarts and a failing scrape, over the series django-prometheus serves', () => {
      const rule = monitored().read('prometheusrule.yaml');
      const rules = rule.spec.groups[0].rules;
      expect(rules.map((r: any) => r.alert)).toEqual(['DjangoHighErrorRate', 'DjangoHighLatency', 'DjangoPodRestarting', 'DjangoMetricsDown']);
      expect(rules[0].expr).toBe(
        'sum(rate(django_http_responses_total_by_status_view_method_total{namespace="inventory-api", status=~"5.."}[5m])) / ' +
          'sum(rate(django_http_responses_total_by_status_view_method_total{namespace="inventory-api"}[5m])) > 0.05',
      );
      expect(rules[1].expr).toContain('histogram_quantile(0.95, sum by (le) (rate(django_http_requests_latency_seconds_by_view_method_bucket{namespace="inventory-api"}[5m]))) > 1');
      for (const r of rules) expect(r.labels.severity).toMatch(/^(critical|warning)$/);
    });

    it('ships a Grafana dashboard the sidecar picks up: traffic, errors, latency, database', () => {
      const configMap = monitored().read('grafana-dashboard.yaml');
      expect(configMap.metadata.labels.grafana_dashboard).toBe('1');
      const dashboard = JSON.parse(configMap.data['inventory-api.json']);
      expect(dashboard.panels.map((p: any) => p.title)).toEqual(
        expect.arrayContaining(['Requests per second, by method', 'Server error ratio', 'Response time', 'Database queries and errors per second']),
      );
      const queries = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr)).join('\n');
      for (const series of ['django_http_requests_total_by_view_transport_method_total', 'django_db_execute_total', 'django_db_query_duration_seconds_bucket']) {
        expect(queries).toContain(`${series}{namespace="inventory-api"`);
      }
    });
  });

  describe('image pull secret', () => {
    it('is used by every pod when named', () => {
      expect(generate().pod.imagePullSecrets).toBeUndefined();
      const { pod, read } = generate({ database: 'postgres', imagePullSecret: 'ghcr-pull' });
      expect(pod.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
      expect(read('migrate-job.yaml').spec.template.spec.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
    });
  });

  describe('Image Updater mode', () => {
    const updater = (overrides: Partial<AppManifestsInput>) => parse(generateImageUpdater({ ...base, ...overrides })!);

    it('writes an ImageUpdater of the v1 API, outside the app folder, that commits newest sha- tags to the kustomization', () => {
      const resource = updater({ imagePullSecret: 'ghcr-pull', imageUpdater: { enabled: true } });
      expect(resource.apiVersion).toBe(IMAGE_UPDATER_API_VERSION);
      expect(resource.kind).toBe('ImageUpdater');
      expect(resource.metadata).toMatchObject({ name: 'inventory-api', namespace: 'argocd' });
      expect(resource.spec.commonUpdateSettings).toEqual({
        updateStrategy: 'newest-build',
        allowTags: IMMUTABLE_TAG_PATTERN,
        // In the Applications' namespace: Image Updater 1.3 refuses a secret elsewhere.
        pullSecret: 'pullsecret:argocd/ghcr-pull',
      });
      expect(resource.spec.writeBackConfig).toEqual({ method: 'git', gitConfig: { branch: 'main', writeBackTarget: 'kustomization' } });
      expect(resource.spec.applicationRefs).toEqual([
        { namePattern: 'inventory-api', images: [{ alias: 'inventory-api', imageName: 'ghcr.io/acme/inventory-api' }] },
      ]);
      expect(new RegExp(IMMUTABLE_TAG_PATTERN.replace(/^regexp:/, '')).test('sha-1a2b3c4')).toBe(true);
      const { files } = generate({ imageUpdater: { enabled: true } });
      expect([...files.values()].join('\n')).not.toContain('ImageUpdater\n');
    });

    it('follows the controller namespace, branch and pull secret given', () => {
      const resource = updater({ imageUpdater: { enabled: true, namespace: 'gitops', branch: 'release', pullSecret: 'pullsecret:gitops/ghcr' } });
      expect(resource.metadata.namespace).toBe('gitops');
      expect(resource.spec.writeBackConfig.gitConfig.branch).toBe('release');
      expect(resource.spec.commonUpdateSettings.pullSecret).toBe('pullsecret:gitops/ghcr');
    });

    it('is off unless enabled', () => {
      expect(generateImageUpdater({ ...base, imageUpdater: { enabled: false } })).toBeUndefined();
      expect(generateImageUpdater(base)).toBeUndefined();
    });
  });

  it('documents the folder, the tag writer, the secrets to create and the accepted checkov findings, with no secret value', () => {
    const sqlite = generate().files.get('README.md')!;
    expect(sqlite).toContain('kubectl -n inventory-api create secret generic inventory-api-django');
    expect(sqlite).toContain('CI workflow');
    expect(sqlite).toContain('`inventory-api-env`');
    expect(sqlite).not.toContain('inventory-api-database');
    expect(sqlite).toContain('## Accepted checkov findings');
    const postgres = generate({ database: 'postgres', imagePullSecret: 'ghcr-pull', imageUpdater: { enabled: true } }).files.get('README.md')!;
    expect(postgres).toContain('inventory-api-database');
    expect(postgres).toContain('image-updaters/inventory-api.yaml');
    expect(postgres).toContain('kubectl -n argocd create secret docker-registry ghcr-pull');
    expect(postgres).toContain('inventory-api-migrate');
  });

  it('writes plain YAML: one document per file, stable across runs', () => {
    const input = { database: 'postgres' as const, monitoring: { enabled: true }, ingress: { host: 'a.example.com', className: 'nginx' } };
    const first = generate(input).files;
    expect(generate(input).files).toEqual(first);
    const yamlFiles = [...first].filter(([path]) => path.endsWith('.yaml'));
    for (const [, content] of yamlFiles) expect(parseAllDocuments(content)).toHaveLength(1);
  });
});
