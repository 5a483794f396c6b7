import { refuse } from '../refuse';
import { CONTAINER_PORT, METRICS_PORT } from '../project/constants';
import { type Database, DATABASES, GIT_BRANCH_NAME, projectNameProblem } from '@dev-portal/plugin-django-gitops-common';
import { DEFAULT_ARGOCD } from './conventions';
import { imageDigestProblem, imageRepositoryProblem, imageTagProblem } from './imageReference';

type ComputeResources = { cpu?: string; memory?: string };

/** What `generateManifests` takes: plain data, as the action's input or the template sends it. */
export interface AppManifestsInput {
  /** The project name: app folder, namespace, Deployment, Argo CD Application. */
  name: string;
  /** Image repository without tag, e.g. `ghcr.io/acme/inventory-api`. */
  image: string;
  /** Immutable tag, e.g. `sha-1a2b3c4`; never `latest`. */
  tag: string;
  /** The image's digest (`sha256:<64 hex>`), when known: then the pods run exactly that image. */
  digest?: string;
  containerPort?: number;
  /** Default sqlite. */
  database?: Database;
  /** Honoured only with postgres: SQLite on a ReadWriteOnce volume allows one pod. Default 2 with postgres. */
  replicas?: number;
  /** PostgreSQL only: a HorizontalPodAutoscaler between `replicas` and `maxReplicas` on CPU. */
  autoscaling?: { enabled?: boolean; maxReplicas?: number; targetCPUUtilization?: number };
  /** Omitted or `enabled: false`: no Ingress. Exclusive with `httpRoute`. */
  ingress?: {
    enabled?: boolean;
    host?: string;
    className?: string;
    /** Omitted: plain HTTP. */
    tls?: { enabled?: boolean; secretName?: string; clusterIssuer?: string };
  };
  /** Gateway API instead of an Ingress: an HTTPRoute attached to the platform's Gateway. */
  httpRoute?: {
    enabled?: boolean;
    host?: string;
    gateway?: { name?: string; namespace?: string; sectionName?: string };
    /** Whether the Gateway's listener terminates TLS for the host; default true. */
    tls?: boolean;
  };
  /** Who may reach the pods besides their own namespace. */
  networkPolicy?: {
    /** Namespace of the ingress controller (or the Gateway's proxies); default ingress-nginx, or the Gateway's. */
    ingressNamespace?: string;
    /** Namespace of Prometheus, allowed to scrape the metrics port; default monitoring. */
    monitoringNamespace?: string;
  };
  /** ServiceMonitor, PrometheusRule and Grafana dashboard (prometheus-operator, Grafana's sidecar). */
  monitoring?: {
    enabled?: boolean;
    /** Labels the platform's Prometheus selects ServiceMonitors and rules by, e.g. `release: kube-prometheus-stack`. */
    labels?: Record<string, string>;
  };
  /** The SQLite volume (ignored with postgres). */
  storage?: { size?: string; storageClassName?: string };
  resources?: { requests?: ComputeResources; limits?: ComputeResources };
  /** Extra plain environment variables; the ones the app's settings read are set by us. */
  env?: Record<string, string>;
  /** Secret of type kubernetes.io/dockerconfigjson in the app namespace (GHCR packages start private). */
  imagePullSecret?: string;
  /** Argo CD Image Updater writes the tag instead of CI. */
  imageUpdater?: {
    enabled?: boolean;
    /** Where the Image Updater controller and the Applications live. Default `argocd`. */
    namespace?: string;
    /** GitOps branch it commits the new tag to. Default `main`. */
    branch?: string;
    /** Registry credentials in Image Updater's syntax; default `pullsecret:<namespace>/<imagePullSecret>`. */
    pullSecret?: string;
  };
}

/** How the app is reached from outside the cluster, if at all. */
export type ResolvedExposure =
  | { kind: 'ingress'; host: string; className: string; tls?: { secretName: string; clusterIssuer?: string } }
  | { kind: 'httpRoute'; host: string; gateway: { name: string; namespace: string; sectionName?: string }; tls: boolean };

/** The input with defaults applied and every value checked. */
export interface ManifestSettings {
  name: string;
  namespace: string;
  image: string;
  tag: string;
  digest?: string;
  containerPort: number;
  database: Database;
  replicas: number;
  /** What the caller asked for, to tell them when it was not honoured. */
  requestedReplicas: number;
  autoscaling?: { minReplicas: number; maxReplicas: number; targetCPUUtilization: number };
  exposure?: ResolvedExposure;
  /** Whether clients reach the app over HTTPS (TLS ends in front of it). */
  tls: boolean;
  networkPolicy: { ingressNamespace?: string; monitoringNamespace: string };
  monitoring?: { labels: Record<string, string> };
  storage: { size: string; storageClassName?: string };
  resources: { requests: Required<ComputeResources>; limits: Required<ComputeResources> };
  env: Record<string, string>;
  imagePullSecret?: string;
  imageUpdater?: ImageUpdaterSettings;
}

export interface ImageUpdaterSettings {
  namespace: string;
  branch: string;
  pullSecret?: string;
}

/** Variables the container's settings read, set from the other inputs; extra env must not override them. */
const MANAGED_ENV_NAMES: ReadonlySet<string> = new Set([
  'SECRET_KEY', 'DEBUG', 'ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'DATABASE_URL', 'MEDIA_ROOT',
  'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'PORT', 'METRICS_PORT',
]);

const DEFAULT_RESOURCES = {
  requests: { cpu: '100m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};
const DEFAULT_STORAGE_SIZE = '1Gi';
const MAX_REPLICAS = 20;
/** PostgreSQL apps run two pods unless told otherwise: one can go while the other serves. */
const DEFAULT_POSTGRES_REPLICAS = 2;
const DEFAULT_TARGET_CPU_UTILIZATION = 70;
const DEFAULT_INGRESS_NAMESPACE = 'ingress-nginx';
const DEFAULT_MONITORING_NAMESPACE = 'monitoring';

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A label key with an optional DNS prefix, and a label value (Kubernetes' syntax). */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Applies defaults and checks every value, naming the field of the first problem. Runs before
 * anything is written: a bad name must not become a folder, a namespace or a commit.
 * `reservedNamespaces` are the platform's own, on top of the built-in ones.
 */
export function resolveManifestSettings(input: AppManifestsInput, reservedNamespaces: readonly string[] = []): ManifestSettings {
  const nameProblem = projectNameProblem(input.name ?? '', reservedNamespaces);
  if (nameProblem) refuse('name', nameProblem);
  const imageProblem = imageRepositoryProblem(input.image ?? '');
  if (imageProblem) refuse('image', imageProblem);
  const tagProblem = imageTagProblem(input.tag ?? '');
  if (tagProblem) refuse('tag', tagProblem);
  const digestProblem = input.digest === undefined ? undefined : imageDigestProblem(input.digest);
  if (digestProblem) refuse('digest', digestProblem);

  const containerPort = input.containerPort ?? CONTAINER_PORT;
  if (!Number.isInteger(containerPort) || containerPort < 1024 || containerPort > 65535) {
    // A non-root process cannot bind below 1024 without capabilities the restricted profile drops.
    refuse('containerPort', 'must be an integer from 1024 to 65535');
  }
  if (containerPort === METRICS_PORT) refuse('containerPort', `must not be ${METRICS_PORT}, the metrics port`);
  const database = input.database ?? 'sqlite';
  if (!DATABASES.includes(database)) refuse('database', `must be one of ${DATABASES.join(', ')}`);
  const requestedReplicas = input.replicas ?? (database === 'postgres' ? DEFAULT_POSTGRES_REPLICAS : 1);
  if (!Number.isInteger(requestedReplicas) || requestedReplicas < 1 || requestedReplicas > MAX_REPLICAS) {
    refuse('replicas', `must be an integer from 1 to ${MAX_REPLICAS}`);
  }
  const replicas = database === 'sqlite' ? 1 : requestedReplicas;

  const storageClassName = input.storage?.storageClassName;
  if (storageClassName !== undefined && !DNS_SUBDOMAIN.test(storageClassName)) {
    refuse('storage.storageClassName', 'must be a DNS subdomain (lowercase letters, digits, "-" and ".")');
  }

  const imagePullSecret = input.imagePullSecret || undefined;
  if (imagePullSecret !== undefined && !DNS_SUBDOMAIN.test(imagePullSecret)) {
    refuse('imagePullSecret', 'must be a Secret name (DNS subdomain)');
  }
  const exposure = resolveExposure(input);

  return {
    name: input.name,
    namespace: input.name,
    image: input.image,
    tag: input.tag,
    digest: input.digest,
    containerPort,
    database,
    requestedReplicas,
    replicas,
    autoscaling: resolveAutoscaling(input.autoscaling, database, replicas),
    exposure,
    tls: exposure?.kind === 'ingress' ? exposure.tls !== undefined : exposure?.tls ?? false,
    networkPolicy: {
      ingressNamespace: exposure && namespaceName(
        'networkPolicy.ingressNamespace',
        input.networkPolicy?.ingressNamespace ?? (exposure.kind === 'httpRoute' ? exposure.gateway.namespace : DEFAULT_INGRESS_NAMESPACE),
      ),
      monitoringNamespace: namespaceName('networkPolicy.monitoringNamespace', input.networkPolicy?.monitoringNamespace ?? DEFAULT_MONITORING_NAMESPACE),
    },
    monitoring: input.monitoring?.enabled ? { labels: resolveLabels('monitoring.labels', input.monitoring.labels ?? {}) } : undefined,
    storage: { size: quantity('storage.size', input.storage?.size ?? DEFAULT_STORAGE_SIZE), storageClassName },
    resources: {
      requests: resolveResources('resources.requests', DEFAULT_RESOURCES.requests, input.resources?.requests),
      limits: resolveResources('resources.limits', DEFAULT_RESOURCES.limits, input.resources?.limits),
    },
    env: resolveEnv(input.env ?? {}),
    imagePullSecret,
    imageUpdater: resolveImageUpdater(input.imageUpdater, imagePullSecret),
  };
}

function resolveAutoscaling(autoscaling: AppManifestsInput['autoscaling'], database: Database, replicas: number) {
  if (!autoscaling?.enabled) return undefined;
  // An HPA would add pods that a ReadWriteOnce SQLite volume cannot serve.
  if (database !== 'postgres') refuse('autoscaling.enabled', 'needs database postgres: SQLite serves one pod');
  const maxReplicas = autoscaling.maxReplicas ?? Math.min(MAX_REPLICAS, replicas * 3);
  if (!Number.isInteger(maxReplicas) || maxReplicas < replicas || maxReplicas > MAX_REPLICAS) {
    refuse('autoscaling.maxReplicas', `must be an integer from replicas (${replicas}) to ${MAX_REPLICAS}`);
  }
  const targetCPUUtilization = autoscaling.targetCPUUtilization ?? DEFAULT_TARGET_CPU_UTILIZATION;
  if (!Number.isInteger(targetCPUUtilization) || targetCPUUtilization < 10 || targetCPUUtilization > 100) {
    refuse('autoscaling.targetCPUUtilization', 'must be a percentage from 10 to 100');
  }
  return { minReplicas: replicas, maxReplicas, targetCPUUtilization };
}

function resolveExposure(input: AppManifestsInput): ResolvedExposure | undefined {
  const { ingress, httpRoute } = input;
  const wantsIngress = ingress !== undefined && ingress.enabled !== false;
  const wantsRoute = httpRoute !== undefined && httpRoute.enabled !== false;
  if (wantsIngress && wantsRoute) refuse('httpRoute.enabled', 'choose an Ingress or an HTTPRoute, not both');
  if (wantsRoute) {
    const host = hostName('httpRoute.host', httpRoute.host);
    const gateway = httpRoute.gateway ?? {};
    if (!gateway.name || !DNS_SUBDOMAIN.test(gateway.name)) refuse('httpRoute.gateway.name', 'must name the Gateway the route attaches to');
    const namespace = namespaceName('httpRoute.gateway.namespace', gateway.namespace ?? '');
    if (gateway.sectionName !== undefined && !DNS_SUBDOMAIN.test(gateway.sectionName)) {
      refuse('httpRoute.gateway.sectionName', "must name one of the Gateway's listeners");
    }
    const tls = httpRoute.tls ?? true;
    if (typeof tls !== 'boolean') refuse('httpRoute.tls', 'must be true or false');
    return { kind: 'httpRoute', host, gateway: { name: gateway.name, namespace, sectionName: gateway.sectionName }, tls };
  }
  if (!wantsIngress) return undefined;
  const host = hostName('ingress.host', ingress.host);
  const className = ingress.className;
  if (!className || !DNS_SUBDOMAIN.test(className)) {
    refuse('ingress.className', 'must name an IngressClass of the cluster (e.g. nginx, traefik)');
  }
  const tls = ingress.tls;
  if (!tls || tls.enabled === false) return { kind: 'ingress', host, className };
  const secretName = tls.secretName || `${input.name}-tls`;
  if (!DNS_SUBDOMAIN.test(secretName)) refuse('ingress.tls.secretName', 'must be a Secret name (DNS subdomain)');
  const clusterIssuer = tls.clusterIssuer || undefined;
  if (clusterIssuer !== undefined && !DNS_SUBDOMAIN.test(clusterIssuer)) {
    refuse('ingress.tls.clusterIssuer', 'must be a cert-manager ClusterIssuer name');
  }
  return { kind: 'ingress', host, className, tls: { secretName, clusterIssuer } };
}

function hostName(field: string, host: string | undefined): string {
  if (!host || !DNS_SUBDOMAIN.test(host)) {
    refuse(field, 'must be a lowercase DNS name such as api.example.com (no wildcard, no scheme)');
  }
  return host;
}

function namespaceName(field: string, namespace: string): string {
  if (!DNS_LABEL.test(namespace)) refuse(field, 'must be a namespace name (DNS-1123 label)');
  return namespace;
}

function resolveLabels(field: string, labels: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY.test(key)) refuse(`${field}.${key}`, 'must be a label key such as release or example.com/team');
    if (typeof value !== 'string' || !LABEL_VALUE.test(value)) refuse(`${field}.${key}`, 'must be a label value: at most 63 letters, digits, "-", "_" or "."');
  }
  return labels;
}

function resolveResources(field: string, defaults: Required<ComputeResources>, given: ComputeResources = {}) {
  return {
    cpu: quantity(`${field}.cpu`, given.cpu ?? defaults.cpu),
    memory: quantity(`${field}.memory`, given.memory ?? defaults.memory),
  };
}

function quantity(field: string, value: string): string {
  if (typeof value !== 'string' || !QUANTITY.test(value)) {
    refuse(field, `must be a Kubernetes quantity such as 500m, 1, 256Mi or 1Gi (got ${JSON.stringify(value)})`);
  }
  return value;
}

function resolveEnv(env: Record<string, string>): Record<string, string> {
  for (const [key, value] of Object.entries(env)) {
    if (!ENV_NAME.test(key)) refuse(`env.${key}`, 'must be a variable name: letters, digits and "_", not starting with a digit');
    if (MANAGED_ENV_NAMES.has(key)) refuse(`env.${key}`, 'is set by the generator from the other inputs (secrets come from Secret references)');
    if (typeof value !== 'string') refuse(`env.${key}`, 'must be a string');
  }
  return env;
}

/** The references Image Updater 1.3 reads a registry secret from, with the namespace it names. */
const SECRET_REFERENCE = /^(pullsecret|secret):([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)(#[A-Za-z0-9_.-]+)?$/;

function resolveImageUpdater(imageUpdater: AppManifestsInput['imageUpdater'], imagePullSecret: string | undefined): ImageUpdaterSettings | undefined {
  if (!imageUpdater || imageUpdater.enabled === false) return undefined;
  const namespace = namespaceName('imageUpdater.namespace', imageUpdater.namespace ?? DEFAULT_ARGOCD.namespace);
  const branch = imageUpdater.branch || 'main';
  if (!GIT_BRANCH_NAME.test(branch)) refuse('imageUpdater.branch', 'must be a Git branch name');
  const pullSecret = imageUpdater.pullSecret || (imagePullSecret ? `pullsecret:${namespace}/${imagePullSecret}` : undefined);
  if (pullSecret !== undefined) {
    const reference = SECRET_REFERENCE.exec(pullSecret);
    if (!reference) refuse('imageUpdater.pullSecret', 'must be pullsecret:<namespace>/<secret> or secret:<namespace>/<secret>#<field>');
    // Image Updater 1.3 skips an image whose secret lives outside the Applications' namespace.
    if (reference[2] !== namespace) {
      refuse('imageUpdater.pullSecret', `must be a Secret in ${namespace}, where the Applications and Image Updater run (it refuses other namespaces)`);
    }
  }
  return { namespace, branch, pullSecret };
}
