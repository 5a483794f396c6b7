import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { Namespace, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import type { IContainer, IEnvVar, ISecurityContext, IVolume, IVolumeMount } from 'kubernetes-models/v1';
import { stringify } from 'yaml';
import {
  CONTAINER_DATA_DIR,
  CONTAINER_GID,
  CONTAINER_UID,
  LIVENESS_PATH,
  READINESS_PATH,
} from '../project/constants';
import { IMAGE_UPDATER_API_VERSION, IMMUTABLE_TAG_PATTERN, MANAGED_BY_LABEL, PVC_SYNC_OPTIONS, secretNames } from './conventions';
import {
  type AppManifestsInput,
  type ImageUpdaterSettings,
  type ManifestSettings,
  type ResolvedIngress,
  resolveManifestSettings,
} from './input';
import { renderReadme } from './readme';

/** Label that selects the app's pods; set in the objects, never changed by kustomize. */
const NAME_LABEL = 'app.kubernetes.io/name';
const SERVICE_PORT = 80;
const PORT_NAME = 'http';

/** Every file `generateManifests` can write; a re-run removes those the new input no longer needs. */
export const MANIFEST_FILE_NAMES = [
  'kustomization.yaml', 'namespace.yaml', 'deployment.yaml', 'service.yaml', 'pvc.yaml', 'ingress.yaml',
  'image-updater.yaml', 'README.md',
];

/**
 * The files of `apps/<app>/` in the GitOps repository, by path relative to that folder.
 * Throws an InputError naming the field when the input is not acceptable.
 */
export function generateManifests(input: AppManifestsInput): Map<string, string> {
  const settings = resolveManifestSettings(input);
  const resources = new Map<string, object>([
    ['namespace.yaml', namespace(settings)],
    ['deployment.yaml', deployment(settings)],
    ['service.yaml', service(settings)],
  ]);
  if (settings.database === 'sqlite') resources.set('pvc.yaml', persistentVolumeClaim(settings));
  if (settings.ingress) resources.set('ingress.yaml', ingress(settings, settings.ingress));
  if (settings.imageUpdater) resources.set('image-updater.yaml', imageUpdater(settings, settings.imageUpdater));

  const files = new Map<string, string>();
  files.set('kustomization.yaml', toYaml(kustomization(settings, [...resources.keys()])));
  for (const [path, object] of resources) files.set(path, toYaml(object));
  files.set('README.md', renderReadme(settings, [...files.keys(), 'README.md']));
  return files;
}

function toYaml(object: object): string {
  return stringify(object, { lineWidth: 0 });
}

/** Runs kubernetes-models' schema check and returns the plain object to stringify. */
function validated(model: { validate(): void; toJSON(): object }): object {
  model.validate();
  return model.toJSON();
}

function kustomization(settings: ManifestSettings, resources: string[]) {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    labels: [
      {
        pairs: { 'app.kubernetes.io/part-of': settings.name, ...MANAGED_BY_LABEL },
        includeTemplates: true,
      },
    ],
    // The one place the tag lives: CI (or Image Updater) rewrites only this.
    images: [{ name: settings.image, newTag: settings.tag }],
  };
}

function namespace(settings: ManifestSettings) {
  return validated(
    new Namespace({
      metadata: {
        name: settings.namespace,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    }),
  );
}

function metadata(settings: ManifestSettings, name = settings.name) {
  return { name, namespace: settings.namespace, labels: { [NAME_LABEL]: settings.name } };
}

function environment(settings: ManifestSettings): IEnvVar[] {
  const secrets = secretNames(settings.name);
  const svc = `${settings.name}.${settings.namespace}.svc`;
  const hosts = [settings.ingress?.host, settings.name, svc, `${svc}.cluster.local`].filter(Boolean);
  const env: IEnvVar[] = [
    { name: 'DEBUG', value: '0' },
    { name: 'SECRET_KEY', valueFrom: { secretKeyRef: { name: secrets.django.name, key: secrets.django.key } } },
    { name: 'ALLOWED_HOSTS', value: hosts.join(',') },
  ];
  if (settings.ingress) {
    const scheme = settings.ingress.tls ? 'https' : 'http';
    env.push({ name: 'CSRF_TRUSTED_ORIGINS', value: `${scheme}://${settings.ingress.host}` });
  }
  if (settings.database === 'postgres') {
    env.push({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: secrets.database.name, key: secrets.database.key } },
    });
  }
  for (const [name, value] of Object.entries(settings.env)) env.push({ name, value });
  return env;
}

/**
 * Satisfies Pod Security "restricted". The root filesystem is read-only; gunicorn and Python
 * write only to /tmp and the data directory, both mounted writable below.
 */
const containerSecurityContext: ISecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: CONTAINER_UID,
  runAsGroup: CONTAINER_GID,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function deployment(settings: ManifestSettings) {
  const sqlite = settings.database === 'sqlite';
  const volumes: IVolume[] = [
    { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    // SQLite lives on the PVC; with PostgreSQL the data dir only holds uploads, kept per pod.
    sqlite
      ? { name: 'data', persistentVolumeClaim: { claimName: `${settings.name}-data` } }
      : { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
  ];
  const volumeMounts: IVolumeMount[] = [
    { name: 'tmp', mountPath: '/tmp' },
    { name: 'data', mountPath: CONTAINER_DATA_DIR },
  ];
  // The image name without tag: kustomize's `images` adds the tag.
  const shared: Pick<IContainer, 'image' | 'env' | 'resources' | 'securityContext' | 'volumeMounts'> = {
    image: settings.image,
    env: environment(settings),
    resources: settings.resources,
    securityContext: containerSecurityContext,
    volumeMounts,
  };
  const probe = (path: string) => ({ httpGet: { path, port: PORT_NAME }, periodSeconds: 10, timeoutSeconds: 3 });
  const selector = { [NAME_LABEL]: settings.name };

  return validated(
    new Deployment({
      metadata: metadata(settings),
      spec: {
        replicas: settings.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        // A ReadWriteOnce volume cannot be attached to the old and the new pod at once.
        strategy: sqlite
          ? { type: 'Recreate' }
          : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: selector },
          spec: {
            automountServiceAccountToken: false,
            // Service links would add <APP>_PORT-style variables the settings do not expect.
            enableServiceLinks: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: CONTAINER_UID,
              runAsGroup: CONTAINER_GID,
              fsGroup: CONTAINER_GID,
              fsGroupChangePolicy: 'OnRootMismatch',
              seccompProfile: { type: 'RuntimeDefault' },
            },
            ...(settings.imagePullSecret ? { imagePullSecrets: [{ name: settings.imagePullSecret }] } : {}),
            volumes,
            initContainers: [{ name: 'migrate', command: ['python', 'manage.py', 'migrate', '--noinput'], ...shared }],
            containers: [
              {
                name: 'web',
                ...shared,
                ports: [{ name: PORT_NAME, containerPort: settings.containerPort, protocol: 'TCP' }],
                // Slow first starts get a minute before liveness may restart the pod.
                startupProbe: { ...probe(LIVENESS_PATH), periodSeconds: 2, failureThreshold: 30 },
                livenessProbe: { ...probe(LIVENESS_PATH), failureThreshold: 3 },
                readinessProbe: { ...probe(READINESS_PATH), failureThreshold: 3 },
              },
            ],
          },
        },
      },
    }),
  );
}

function service(settings: ManifestSettings) {
  return validated(
    new Service({
      metadata: metadata(settings),
      spec: {
        type: 'ClusterIP',
        selector: { [NAME_LABEL]: settings.name },
        ports: [{ name: PORT_NAME, port: SERVICE_PORT, targetPort: PORT_NAME, protocol: 'TCP' }],
      },
    }),
  );
}

function persistentVolumeClaim(settings: ManifestSettings) {
  return validated(
    new PersistentVolumeClaim({
      metadata: {
        ...metadata(settings, `${settings.name}-data`),
        annotations: { 'argocd.argoproj.io/sync-options': PVC_SYNC_OPTIONS },
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: settings.storage.size } },
        ...(settings.storage.storageClassName ? { storageClassName: settings.storage.storageClassName } : {}),
      },
    }),
  );
}

function ingress(settings: ManifestSettings, { host, className, tls }: ResolvedIngress) {
  return validated(
    new Ingress({
      metadata: {
        ...metadata(settings),
        ...(tls?.clusterIssuer ? { annotations: { 'cert-manager.io/cluster-issuer': tls.clusterIssuer } } : {}),
      },
      spec: {
        ingressClassName: className,
        ...(tls ? { tls: [{ hosts: [host], secretName: tls.secretName }] } : {}),
        rules: [
          {
            host,
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: settings.name, port: { name: PORT_NAME } } } },
              ],
            },
          },
        ],
      },
    }),
  );
}

/**
 * Argo CD Image Updater v1.x reads this resource (never Deployment annotations). It lives in the
 * controller's namespace, selects the Application named after the app (the ApplicationSet names
 * it so) and writes the tag back to git, into this folder's kustomization: the ApplicationSet
 * would revert an `argocd` write-back.
 */
function imageUpdater(settings: ManifestSettings, { namespace, branch, pullSecret }: ImageUpdaterSettings) {
  return {
    apiVersion: IMAGE_UPDATER_API_VERSION,
    kind: 'ImageUpdater',
    metadata: { name: settings.name, namespace, labels: { [NAME_LABEL]: settings.name } },
    spec: {
      commonUpdateSettings: {
        updateStrategy: 'newest-build',
        allowTags: IMMUTABLE_TAG_PATTERN,
        ...(pullSecret ? { pullSecret } : {}),
      },
      writeBackConfig: { method: 'git', gitConfig: { branch, writeBackTarget: 'kustomization' } },
      applicationRefs: [{ namePattern: settings.name, images: [{ alias: settings.name, imageName: settings.image }] }],
    },
  };
}
