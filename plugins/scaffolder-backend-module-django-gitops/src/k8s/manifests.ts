import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import type { IContainer, IEnvVar, IPodSpec, ISecurityContext, IVolume, IVolumeMount } from 'kubernetes-models/v1';
import { stringify } from 'yaml';
import {
  CONTAINER_DATA_DIR,
  CONTAINER_GID,
  CONTAINER_UID,
  LIVENESS_PATH,
  METRICS_PORT,
  READINESS_PATH,
} from '../project/constants';
import { MANAGED_BY_LABEL, PVC_SYNC_OPTIONS, secretNames, SKIP_DRY_RUN_ON_MISSING_RESOURCE } from './conventions';
import { type AppManifestsInput, type ManifestSettings, type ResolvedExposure, resolveManifestSettings } from './input';
import { grafanaDashboard, prometheusRule, serviceMonitor } from './monitoring';
import { renderReadme } from './readme';

/** Labels that select the app's pods; set in the objects, never changed by kustomize. */
export const NAME_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
/** The web server's pods; the migration Job's pods carry the same name and component `migration`. */
export const SERVER_COMPONENT = 'server';
const SERVICE_PORT = 80;
export const PORT_NAMES = { http: 'http', metrics: 'metrics' } as const;
const POSTGRES_PORT = 5432;
/** Seconds a stopping pod keeps serving while endpoints drop it, before gunicorn's graceful stop. */
const PRE_STOP_DELAY_SECONDS = 5;

/** Every file `generateManifests` can write; a re-run removes those the new input no longer needs. */
export const MANIFEST_FILE_NAMES = [
  'kustomization.yaml', 'deployment.yaml', 'service.yaml', 'networkpolicy.yaml', 'pvc.yaml', 'migrate-job.yaml',
  'poddisruptionbudget.yaml', 'hpa.yaml', 'ingress.yaml', 'httproute.yaml', 'servicemonitor.yaml',
  'prometheusrule.yaml', 'grafana-dashboard.yaml', 'README.md',
];

/**
 * The files of `apps/<app>/` in the GitOps repository, by path relative to that folder.
 * Throws an InputError naming the field when the input is not acceptable.
 */
export function generateManifests(input: AppManifestsInput, reservedNamespaces: readonly string[] = []): Map<string, string> {
  const settings = resolveManifestSettings(input, reservedNamespaces);
  const postgres = settings.database === 'postgres';
  const resources = new Map<string, object>([
    ['deployment.yaml', deployment(settings)],
    ['service.yaml', service(settings)],
    ['networkpolicy.yaml', networkPolicy(settings)],
  ]);
  if (!postgres) resources.set('pvc.yaml', persistentVolumeClaim(settings));
  if (postgres) {
    resources.set('migrate-job.yaml', migrateJob(settings));
    resources.set('poddisruptionbudget.yaml', podDisruptionBudget(settings));
  }
  if (settings.autoscaling) resources.set('hpa.yaml', horizontalPodAutoscaler(settings, settings.autoscaling));
  if (settings.exposure?.kind === 'ingress') resources.set('ingress.yaml', ingress(settings, settings.exposure));
  if (settings.exposure?.kind === 'httpRoute') resources.set('httproute.yaml', httpRoute(settings, settings.exposure));
  if (settings.monitoring) {
    resources.set('servicemonitor.yaml', serviceMonitor(settings, settings.monitoring.labels));
    resources.set('prometheusrule.yaml', prometheusRule(settings, settings.monitoring.labels));
    resources.set('grafana-dashboard.yaml', grafanaDashboard(settings));
  }

  const files = new Map<string, string>();
  files.set('kustomization.yaml', kustomization(settings, [...resources.keys()]));
  for (const [path, object] of resources) files.set(path, toYaml(object));
  files.set('README.md', renderReadme(settings, [...files.keys(), 'README.md']));
  return files;
}

export function toYaml(object: object): string {
  return stringify(object, { lineWidth: 0 });
}

/** Runs kubernetes-models' schema check and returns the plain object to stringify. */
function validated(model: { validate(): void; toJSON(): object }): object {
  model.validate();
  return model.toJSON();
}

/**
 * The recommended labels common to every object (and pod) of the app. The version label is the
 * deployed tag: CI moves it with the image; in Image Updater mode, which only writes images, it is
 * left out rather than left stale. Written as `kustomize edit` writes the file (keys sorted, lists
 * not indented), so the workflow's `kustomize edit set image` changes only the image lines.
 */
function kustomization(settings: ManifestSettings, resources: string[]): string {
  const pairs = { 'app.kubernetes.io/instance': settings.name, ...MANAGED_BY_LABEL, 'app.kubernetes.io/part-of': settings.name };
  const labels: object[] = [{ includeTemplates: true, pairs }];
  if (!settings.imageUpdater) labels.push({ pairs: { 'app.kubernetes.io/version': settings.tag } });
  const image = { ...(settings.digest ? { digest: settings.digest } : {}), name: settings.image, newTag: settings.tag };
  return stringify(
    // The one place the image reference lives: CI (or Image Updater) rewrites only `images`.
    { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, labels, images: [image] },
    { lineWidth: 0, indentSeq: false },
  );
}

function metadata(settings: ManifestSettings, component: string, name = settings.name) {
  return { name, namespace: settings.namespace, labels: { [NAME_LABEL]: settings.name, [COMPONENT_LABEL]: component } };
}

function serverSelector(settings: ManifestSettings) {
  return { [NAME_LABEL]: settings.name, [COMPONENT_LABEL]: SERVER_COMPONENT };
}

function environment(settings: ManifestSettings): IEnvVar[] {
  const secrets = secretNames(settings.name);
  const svc = `${settings.name}.${settings.namespace}.svc`;
  const hosts = [settings.exposure?.host, settings.name, svc, `${svc}.cluster.local`].filter(Boolean);
  const env: IEnvVar[] = [
    // gunicorn binds the API to PORT (gunicorn.conf.py): the port the probes and the Service use.
    { name: 'PORT', value: String(settings.containerPort) },
    { name: 'DEBUG', value: '0' },
    { name: 'SECRET_KEY', valueFrom: { secretKeyRef: { name: secrets.django.name, key: secrets.django.key } } },
    { name: 'ALLOWED_HOSTS', value: hosts.join(',') },
  ];
  if (settings.exposure) {
    env.push({ name: 'CSRF_TRUSTED_ORIGINS', value: `${settings.tls ? 'https' : 'http'}://${settings.exposure.host}` });
  }
  if (!settings.tls) {
    // The app redirects to HTTPS and sends HSTS by default; with no TLS in front of it (or for
    // in-cluster callers only) that would make it unreachable.
    env.push({ name: 'SECURE_SSL_REDIRECT', value: '0' }, { name: 'SECURE_HSTS_SECONDS', value: '0' });
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
 * write only to /tmp (worker heartbeats, Prometheus multiprocess files) and the data directory.
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

const TMP_VOLUME: IVolume = { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '128Mi' } };
const TMP_MOUNT: IVolumeMount = { name: 'tmp', mountPath: '/tmp' };

/** What the web container, the init container and the migration Job share. */
function appContainer(
  settings: ManifestSettings,
  volumeMounts: IVolumeMount[],
): Pick<IContainer, 'image' | 'imagePullPolicy' | 'env' | 'envFrom' | 'resources' | 'securityContext' | 'volumeMounts'> {
  return {
    // The image name without tag: kustomize's `images` adds the tag (and digest).
    image: settings.image,
    // The registry checks this pod's pull secret every time: on a shared node, a private image
    // already pulled for one app is not handed to a pod without the credentials.
    imagePullPolicy: 'Always',
    env: environment(settings),
    envFrom: [{ secretRef: { name: secretNames(settings.name).env.name, optional: true } }],
    resources: settings.resources,
    securityContext: containerSecurityContext,
    volumeMounts,
  };
}

/** The pod-level settings of every pod of the app. */
function podBasics(settings: ManifestSettings): Pick<IPodSpec, 'automountServiceAccountToken' | 'enableServiceLinks' | 'securityContext' | 'imagePullSecrets'> {
  return {
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
  };
}

const MIGRATE_COMMAND = ['python', 'manage.py', 'migrate', '--noinput'];

function deployment(settings: ManifestSettings) {
  const sqlite = settings.database === 'sqlite';
  const volumes: IVolume[] = [
    TMP_VOLUME,
    // SQLite lives on the PVC; with PostgreSQL the data dir only holds uploads, kept per pod.
    sqlite
      ? { name: 'data', persistentVolumeClaim: { claimName: `${settings.name}-data` } }
      : { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
  ];
  const shared = appContainer(settings, [TMP_MOUNT, { name: 'data', mountPath: CONTAINER_DATA_DIR }]);
  const probe = (path: string) => ({ httpGet: { path, port: PORT_NAMES.http }, periodSeconds: 10, timeoutSeconds: 3 });
  const selector = serverSelector(settings);

  return validated(
    new Deployment({
      metadata: metadata(settings, SERVER_COMPONENT),
      spec: {
        // With an HPA the replica count is its to set; Argo CD would otherwise reset it on every sync.
        ...(settings.autoscaling ? {} : { replicas: settings.replicas }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        // A ReadWriteOnce volume cannot be attached to the old and the new pod at once.
        strategy: sqlite
          ? { type: 'Recreate' }
          : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels: selector },
          spec: {
            ...podBasics(settings),
            volumes,
            // SQLite: one pod, so it migrates itself first. PostgreSQL migrates once per sync in
            // the PreSync Job instead, not in every replica while old pods still serve.
            ...(sqlite ? { initContainers: [{ name: 'migrate', command: MIGRATE_COMMAND, ...shared }] } : {}),
            ...(sqlite
              ? {}
              : {
                  terminationGracePeriodSeconds: 40,
                  topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map(topologyKey => ({
                    maxSkew: 1,
                    topologyKey,
                    whenUnsatisfiable: 'ScheduleAnyway',
                    labelSelector: { matchLabels: selector },
                    matchLabelKeys: ['pod-template-hash'],
                  })),
                }),
            containers: [
              {
                name: 'web',
                ...shared,
                ports: [
                  { name: PORT_NAMES.http, containerPort: settings.containerPort, protocol: 'TCP' },
                  { name: PORT_NAMES.metrics, containerPort: METRICS_PORT, protocol: 'TCP' },
                ],
                // Slow first starts get a minute before liveness may restart the pod.
                startupProbe: { ...probe(LIVENESS_PATH), periodSeconds: 2, failureThreshold: 30 },
                livenessProbe: { ...probe(LIVENESS_PATH), failureThreshold: 3 },
                readinessProbe: { ...probe(READINESS_PATH), failureThreshold: 3 },
                // Keeps serving while the endpoints controller and the ingress drop the pod.
                ...(sqlite ? {} : { lifecycle: { preStop: { sleep: { seconds: PRE_STOP_DELAY_SECONDS } } } }),
              },
            ],
          },
        },
      },
    }),
  );
}

/**
 * PostgreSQL: `migrate` once per sync, before Argo CD applies the new Deployment (a PreSync hook),
 * with the same image, environment and restrictions as the web pods. The last run is kept for its
 * logs until the next sync replaces it.
 */
function migrateJob(settings: ManifestSettings) {
  return validated(
    new Job({
      metadata: {
        ...metadata(settings, 'migration', `${settings.name}-migrate`),
        annotations: {
          'argocd.argoproj.io/hook': 'PreSync',
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        },
      },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: 600,
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels: { [NAME_LABEL]: settings.name, [COMPONENT_LABEL]: 'migration' } },
          spec: {
            ...podBasics(settings),
            restartPolicy: 'Never',
            volumes: [TMP_VOLUME],
            containers: [{ name: 'migrate', command: MIGRATE_COMMAND, ...appContainer(settings, [TMP_MOUNT]) }],
          },
        },
      },
    }),
  );
}

function service(settings: ManifestSettings) {
  return validated(
    new Service({
      metadata: metadata(settings, SERVER_COMPONENT),
      spec: {
        type: 'ClusterIP',
        selector: serverSelector(settings),
        ports: [
          { name: PORT_NAMES.http, port: SERVICE_PORT, targetPort: PORT_NAMES.http, protocol: 'TCP' },
          { name: PORT_NAMES.metrics, port: METRICS_PORT, targetPort: PORT_NAMES.metrics, protocol: 'TCP' },
        ],
      },
    }),
  );
}

/**
 * Default deny for the app's pods, then: its own namespace both ways; the ingress controller (or
 * the Gateway's proxies) to the API port only; Prometheus to the metrics port only; out, DNS,
 * PostgreSQL when it has one, and HTTPS (object storage, APIs).
 */
function networkPolicy(settings: ManifestSettings) {
  const fromNamespace = (namespace: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } });
  const sameNamespace = { podSelector: {} };
  const tcp = (port: number | string) => ({ protocol: 'TCP' as const, port });
  const { ingressNamespace, monitoringNamespace } = settings.networkPolicy;
  return validated(
    new NetworkPolicy({
      metadata: metadata(settings, SERVER_COMPONENT),
      spec: {
        podSelector: { matchLabels: { [NAME_LABEL]: settings.name } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [sameNamespace] },
          ...(ingressNamespace ? [{ from: [fromNamespace(ingressNamespace)], ports: [tcp(PORT_NAMES.http)] }] : []),
          { from: [fromNamespace(monitoringNamespace)], ports: [tcp(PORT_NAMES.metrics)] },
        ],
        egress: [
          { to: [sameNamespace] },
          { ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] },
          ...(settings.database === 'postgres' ? [{ ports: [tcp(POSTGRES_PORT)] }] : []),
          { ports: [tcp(443)] },
        ],
      },
    }),
  );
}

function persistentVolumeClaim(settings: ManifestSettings) {
  return validated(
    new PersistentVolumeClaim({
      metadata: {
        ...metadata(settings, 'database', `${settings.name}-data`),
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

/** Voluntary disruptions (node drains) take one pod at a time, so the others keep serving. */
function podDisruptionBudget(settings: ManifestSettings) {
  return validated(
    new PodDisruptionBudget({
      metadata: metadata(settings, SERVER_COMPONENT),
      spec: { maxUnavailable: 1, selector: { matchLabels: serverSelector(settings) } },
    }),
  );
}

function horizontalPodAutoscaler(settings: ManifestSettings, autoscaling: NonNullable<ManifestSettings['autoscaling']>) {
  return validated(
    new HorizontalPodAutoscaler({
      metadata: metadata(settings, SERVER_COMPONENT),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: settings.name },
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCPUUtilization } } },
        ],
      },
    }),
  );
}

function ingress(settings: ManifestSettings, { host, className, tls }: Extract<ResolvedExposure, { kind: 'ingress' }>) {
  return validated(
    new Ingress({
      metadata: {
        ...metadata(settings, SERVER_COMPONENT),
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
                { path: '/', pathType: 'Prefix', backend: { service: { name: settings.name, port: { name: PORT_NAMES.http } } } },
              ],
            },
          },
        ],
      },
    }),
  );
}

/** Gateway API: the route attaches to the platform's Gateway, whose listener holds the certificate. */
function httpRoute(settings: ManifestSettings, { host, gateway }: Extract<ResolvedExposure, { kind: 'httpRoute' }>) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { ...metadata(settings, SERVER_COMPONENT), annotations: { ...SKIP_DRY_RUN_ON_MISSING_RESOURCE } },
    spec: {
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: gateway.name,
          namespace: gateway.namespace,
          ...(gateway.sectionName ? { sectionName: gateway.sectionName } : {}),
        },
      ],
      hostnames: [host],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ name: settings.name, port: SERVICE_PORT }],
        },
      ],
    },
  };
}
