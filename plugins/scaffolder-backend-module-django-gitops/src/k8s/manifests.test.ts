import { parse, parseAllDocuments } from 'yaml';
import {
  CONTAINER_DATA_DIR,
  CONTAINER_GID,
  CONTAINER_PORT,
  CONTAINER_UID,
  LIVENESS_PATH,
  READINESS_PATH,
} from '../project/constants';
import { IMAGE_UPDATER_API_VERSION, IMMUTABLE_TAG_PATTERN, PVC_SYNC_OPTIONS } from './conventions';
import type { AppManifestsInput } from './input';
import { generateManifests } from './manifests';

const base: AppManifestsInput = { name: 'inventory-api', image: 'ghcr.io/acme/inventory-api', tag: 'sha-1a2b3c4' };

function generate(overrides: Partial<AppManifestsInput> = {}) {
  const files = generateManifests({ ...base, ...overrides });
  const read = (path: string) => {
    const content = files.get(path);
    if (content === undefined) throw new Error(`${path} was not generated`);
    return parse(content);
  };
  return { files, read, deployment: read('deployment.yaml'), kustomization: read('kustomization.yaml') };
}

describe('generateManifests', () => {
  it('writes exactly the files of the chosen options', () => {
    expect([...generate().files.keys()].sort()).toEqual([
      'README.md', 'deployment.yaml', 'kustomization.yaml', 'namespace.yaml', 'pvc.yaml', 'service.yaml',
    ]);
    const everything = generate({
      database: 'postgres',
      ingress: { host: 'inventory.example.com', className: 'nginx' },
      imageUpdater: { enabled: true },
    });
    expect([...everything.files.keys()].sort()).toEqual([
      'README.md', 'deployment.yaml', 'image-updater.yaml', 'ingress.yaml', 'kustomization.yaml', 'namespace.yaml',
      'service.yaml',
    ]);
  });

  it('lists every manifest in the kustomization and nothing else', () => {
    const { files, kustomization } = generate({ ingress: { host: 'a.example.com', className: 'nginx' } });
    const manifests = [...files.keys()].filter(path => path !== 'kustomization.yaml' && path.endsWith('.yaml'));
    expect([...kustomization.resources].sort()).toEqual(manifests.sort());
  });

  describe('with SQLite', () => {
    it('runs one replica with Recreate on a protected ReadWriteOnce volume, even when more are asked for', () => {
      const { deployment, read } = generate({ database: 'sqlite', replicas: 3 });
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
      const pvc = read('pvc.yaml');
      expect(pvc.metadata.name).toBe('inventory-api-data');
      expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
      expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options'].split(',')).toContain('Delete=false');
      expect(pvc.metadata.annotations['argocd.argoproj.io/sync-options']).toBe(PVC_SYNC_OPTIONS);
      const volume = deployment.spec.template.spec.volumes.find((v: any) => v.persistentVolumeClaim);
      expect(volume.persistentVolumeClaim.claimName).toBe('inventory-api-data');
      const web = deployment.spec.template.spec.containers[0];
      expect(web.volumeMounts).toContainEqual({ name: volume.name, mountPath: CONTAINER_DATA_DIR });
      expect(web.env.map((e: any) => e.name)).not.toContain('DATABASE_URL');
    });

    it('sizes the volume and picks its storage class as asked', () => {
      const pvc = generate({ storage: { size: '5Gi', storageClassName: 'fast-ssd' } }).read('pvc.yaml');
      expect(pvc.spec.resources.requests.storage).toBe('5Gi');
      expect(pvc.spec.storageClassName).toBe('fast-ssd');
      expect(generate().read('pvc.yaml').spec.storageClassName).toBeUndefined();
    });
  });

  describe('with PostgreSQL', () => {
    it('honours replicas, rolls updates without downtime, reads DATABASE_URL from a Secret and has no PVC', () => {
      const { deployment, files } = generate({ database: 'postgres', replicas: 3 });
      expect(deployment.spec.replicas).toBe(3);
      expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
      expect(files.has('pvc.yaml')).toBe(false);
      const web = deployment.spec.template.spec.containers[0];
      expect(web.env).toContainEqual({
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'inventory-api-database', key: 'database-url' } },
      });
      expect(deployment.spec.template.spec.volumes.some((v: any) => v.persistentVolumeClaim)).toBe(false);
    });
  });

  it('probes the endpoints the Django project serves, on the container port', () => {
    const web = generate().deployment.spec.template.spec.containers[0];
    expect(web.ports).toEqual([{ name: 'http', containerPort: CONTAINER_PORT, protocol: 'TCP' }]);
    expect(web.livenessProbe.httpGet).toEqual({ path: LIVENESS_PATH, port: 'http' });
    expect(web.readinessProbe.httpGet).toEqual({ path: READINESS_PATH, port: 'http' });
    expect(web.startupProbe.httpGet).toEqual({ path: LIVENESS_PATH, port: 'http' });
    const custom = generate({ containerPort: 9000 }).deployment.spec.template.spec.containers[0];
    expect(custom.ports[0].containerPort).toBe(9000);
  });

  it('runs as the image user under a restricted security context, root filesystem read-only but /tmp writable', () => {
    const pod = generate().deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true, runAsUser: CONTAINER_UID, runAsGroup: CONTAINER_GID, fsGroup: CONTAINER_GID,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const container of [...pod.initContainers, ...pod.containers]) {
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
        runAsUser: CONTAINER_UID, runAsGroup: CONTAINER_GID, capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', CONTAINER_DATA_DIR]);
    }
  });

  it('migrates in an init container with the same image, environment and volumes as the web container', () => {
    const pod = generate({ database: 'postgres', env: { LOG_LEVEL: 'info' } }).deployment.spec.template.spec;
    const [migrate] = pod.initContainers;
    const [web] = pod.containers;
    expect(migrate.command).toEqual(['python', 'manage.py', 'migrate', '--noinput']);
    expect(web.command).toBeUndefined(); // the image's default: gunicorn
    for (const key of ['image', 'env', 'volumeMounts', 'resources', 'securityContext']) {
      expect(migrate[key]).toEqual(web[key]);
    }
  });

  it('sets requests and limits, with defaults and overrides', () => {
    const defaults = generate().deployment.spec.template.spec.containers[0].resources;
    expect(Object.keys(defaults.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(defaults.limits).sort()).toEqual(['cpu', 'memory']);
    const custom = generate({ resources: { limits: { memory: '1Gi' } } }).deployment.spec.template.spec.containers[0];
    expect(custom.resources.limits).toEqual({ cpu: defaults.limits.cpu, memory: '1Gi' });
  });

  it('configures Django from the environment, secrets only by reference', () => {
    const { files, deployment } = generate({
      ingress: { host: 'inventory.example.com', className: 'nginx', tls: {} },
      env: { LOG_LEVEL: 'debug' },
    });
    const env = Object.fromEntries(
      deployment.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]),
    );
    expect(env.DEBUG).toBe('0');
    expect(env.SECRET_KEY).toEqual({ secretKeyRef: { name: 'inventory-api-django', key: 'secret-key' } });
    expect(env.ALLOWED_HOSTS.split(',')).toEqual(expect.arrayContaining(['inventory.example.com', 'inventory-api']));
    expect(env.CSRF_TRUSTED_ORIGINS).toBe('https://inventory.example.com');
    expect(env.LOG_LEVEL).toBe('debug');
    expect([...files.values()].join('\n')).not.toMatch(/secret-key:\s*\S/);
  });

  it('keeps the tag only in kustomization.yaml images[].newTag', () => {
    const { files, kustomization, deployment } = generate({ imageUpdater: { enabled: true } });
    expect(kustomization.images).toEqual([{ name: 'ghcr.io/acme/inventory-api', newTag: 'sha-1a2b3c4' }]);
    for (const container of [...deployment.spec.template.spec.initContainers, ...deployment.spec.template.spec.containers]) {
      expect(container.image).toBe('ghcr.io/acme/inventory-api');
    }
    for (const [path, content] of files) {
      if (path !== 'kustomization.yaml' && path !== 'README.md') expect(content).not.toContain('sha-1a2b3c4');
    }
    expect(JSON.stringify(deployment)).not.toMatch(/latest|restartedAt|timestamp/i);
  });

  it('labels the namespace for Pod Security "restricted"', () => {
    const namespace = generate().read('namespace.yaml');
    expect(namespace.metadata.name).toBe('inventory-api');
    expect(namespace.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('puts every namespaced object of the app into the app namespace', () => {
    const { files } = generate({ ingress: { host: 'a.example.com', className: 'nginx' } });
    for (const path of ['deployment.yaml', 'service.yaml', 'pvc.yaml', 'ingress.yaml']) {
      expect(parse(files.get(path)!).metadata.namespace).toBe('inventory-api');
    }
  });

  it('exposes the pods through a Service on port 80 that selects exactly the Deployment pods', () => {
    const { read, deployment } = generate();
    const service = read('service.yaml');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  });

  describe('ingress', () => {
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

    it('terminates TLS with a cert-manager ClusterIssuer when one is named', () => {
      const ingress = generate({
        ingress: { host: 'a.example.com', className: 'nginx', tls: { clusterIssuer: 'letsencrypt-prod' } },
      }).read('ingress.yaml');
      expect(ingress.spec.tls).toEqual([{ hosts: ['a.example.com'], secretName: 'inventory-api-tls' }]);
      expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
      const ownSecret = generate({ ingress: { host: 'a.example.com', className: 'nginx', tls: { secretName: 'wildcard' } } });
      expect(ownSecret.read('ingress.yaml').spec.tls[0].secretName).toBe('wildcard');
      expect(ownSecret.read('ingress.yaml').metadata.annotations).toBeUndefined();
    });
  });

  describe('image pull secret', () => {
    it('is used by the pods when named', () => {
      expect(generate().deployment.spec.template.spec.imagePullSecrets).toBeUndefined();
      const pod = generate({ imagePullSecret: 'ghcr-pull' }).deployment.spec.template.spec;
      expect(pod.imagePullSecrets).toEqual([{ name: 'ghcr-pull' }]);
    });
  });

  describe('Image Updater mode', () => {
    it('adds an ImageUpdater resource of the v1 API that writes newest sha- tags back to the kustomization', () => {
      const { read, deployment } = generate({ imagePullSecret: 'ghcr-pull', imageUpdater: { enabled: true } });
      const updater = read('image-updater.yaml');
      expect(updater.apiVersion).toBe(IMAGE_UPDATER_API_VERSION);
      expect(updater.kind).toBe('ImageUpdater');
      expect(updater.metadata).toMatchObject({ name: 'inventory-api', namespace: 'argocd' });
      expect(updater.spec.commonUpdateSettings).toEqual({
        updateStrategy: 'newest-build',
        allowTags: IMMUTABLE_TAG_PATTERN,
        pullSecret: 'pullsecret:inventory-api/ghcr-pull',
      });
      expect(updater.spec.writeBackConfig).toEqual({ method: 'git', gitConfig: { branch: 'main', writeBackTarget: 'kustomization' } });
      expect(updater.spec.applicationRefs).toEqual([
        { namePattern: 'inventory-api', images: [{ alias: 'inventory-api', imageName: 'ghcr.io/acme/inventory-api' }] },
      ]);
      expect(new RegExp(IMMUTABLE_TAG_PATTERN.replace(/^regexp:/, '')).test('sha-1a2b3c4')).toBe(true);
      expect(JSON.stringify(deployment)).not.toContain('argocd-image-updater');
    });

    it('follows the controller namespace, branch and pull secret given', () => {
      const updater = generate({
        imageUpdater: { enabled: true, namespace: 'gitops', branch: 'release', pullSecret: 'pullsecret:gitops/ghcr' },
      }).read('image-updater.yaml');
      expect(updater.metadata.namespace).toBe('gitops');
      expect(updater.spec.writeBackConfig.gitConfig.branch).toBe('release');
      expect(updater.spec.commonUpdateSettings.pullSecret).toBe('pullsecret:gitops/ghcr');
    });

    it('is off unless enabled', () => {
      expect(generate({ imageUpdater: { enabled: false } }).files.has('image-updater.yaml')).toBe(false);
    });
  });

  it('documents the folder, the tag writer and the secrets to create, with no secret value', () => {
    const sqlite = generate().files.get('README.md')!;
    expect(sqlite).toContain('kubectl -n inventory-api create secret generic inventory-api-django');
    expect(sqlite).toContain('CI workflow');
    expect(sqlite).not.toContain('inventory-api-database');
    const postgres = generate({ database: 'postgres', imageUpdater: { enabled: true } }).files.get('README.md')!;
    expect(postgres).toContain('inventory-api-database');
    expect(postgres).toContain('Image Updater');
  });

  it('writes plain YAML: one document per file, stable across runs', () => {
    const first = generate({ ingress: { host: 'a.example.com', className: 'nginx' } }).files;
    const second = generate({ ingress: { host: 'a.example.com', className: 'nginx' } }).files;
    expect(second).toEqual(first);
    for (const [path, content] of first) {
      if (path.endsWith('.yaml')) expect(parseAllDocuments(content)).toHaveLength(1);
    }
  });
});
