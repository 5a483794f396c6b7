import { InputError } from '@backstage/errors';
import { CONTAINER_PORT } from '../project/constants';
import { GIT_BRANCH_NAME, projectNameProblem } from '../project/names';
import { DATABASES, type Database } from '../project/spec';
import { ARGOCD_NAMESPACE } from './conventions';
import { imageRepositoryProblem, imageTagProblem } from './imageReference';

type ComputeResources = { cpu?: string; memory?: string };

/** What `generateManifests` takes: plain data, as the action's input or the template sends it. */
export interface AppManifestsInput {
  /** The project name: app folder, namespace, Deployment, Argo CD Application. */
  name: string;
  /** Image repository without tag, e.g. `ghcr.io/acme/inventory-api`. */
  image: string;
  /** Immutable tag, e.g. `sha-1a2b3c4`; never `latest`. */
  tag: string;
  containerPort?: number;
  /** Default sqlite. */
  database?: Database;
  /** Honoured only with postgres: SQLite on a ReadWriteOnce volume allows one pod. Default 1. */
  replicas?: number;
  /** Omitted or `enabled: false`: no Ingress. */
  ingress?: {
    enabled?: boolean;
    host?: string;
    className?: string;
    /** Omitted: plain HTTP. */
    tls?: { enabled?: boolean; secretName?: string; clusterIssuer?: string };
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
    /** Registry credentials in Image Updater's syntax; default: the image pull secret. */
    pullSecret?: string;
  };
}

export interface ResolvedIngress {
  host: string;
  className: string;
  tls?: { secretName: string; clusterIssuer?: string };
}

/** The input with defaults applied and every value checked. */
export interface ManifestSettings {
  name: string;
  namespace: string;
  image: string;
  tag: string;
  containerPort: number;
  database: Database;
  replicas: number;
  /** What the caller asked for, to tell them when it was not honoured. */
  requestedReplicas: number;
  ingress?: ResolvedIngress;
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
]);

const DEFAULT_RESOURCES = {
  requests: { cpu: '100m', memory: '256Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};
const DEFAULT_STORAGE_SIZE = '1Gi';
const MAX_REPLICAS = 20;

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Applies defaults and checks every value, naming the field of the first problem. Runs before
 * anything is written: a bad name must not become a folder, a namespace or a commit.
 */
export function resolveManifestSettings(input: AppManifestsInput): ManifestSettings {
  const nameProblem = projectNameProblem(input.name ?? '');
  if (nameProblem) refuse('name', nameProblem);
  const imageProblem = imageRepositoryProblem(input.image ?? '');
  if (imageProblem) refuse('image', imageProblem);
  const tagProblem = imageTagProblem(input.tag ?? '');
  if (tagProblem) refuse('tag', tagProblem);

  const containerPort = input.containerPort ?? CONTAINER_PORT;
  if (!Number.isInteger(containerPort) || containerPort < 1024 || containerPort > 65535) {
    // A non-root process cannot bind below 1024 without capabilities the restricted profile drops.
    refuse('containerPort', 'must be an integer from 1024 to 65535');
  }
  const database = input.database ?? 'sqlite';
  if (!DATABASES.includes(database)) refuse('database', `must be one of ${DATABASES.join(', ')}`);
  const requestedReplicas = input.replicas ?? 1;
  if (!Number.isInteger(requestedReplicas) || requestedReplicas < 1 || requestedReplicas > MAX_REPLICAS) {
    refuse('replicas', `must be an integer from 1 to ${MAX_REPLICAS}`);
  }

  const storageClassName = input.storage?.storageClassName;
  if (storageClassName !== undefined && !DNS_SUBDOMAIN.test(storageClassName)) {
    refuse('storage.storageClassName', 'must be a DNS subdomain (lowercase letters, digits, "-" and ".")');
  }

  const imagePullSecret = input.imagePullSecret;
  if (imagePullSecret !== undefined && !DNS_SUBDOMAIN.test(imagePullSecret)) {
    refuse('imagePullSecret', 'must be a Secret name (DNS subdomain)');
  }

  return {
    name: input.name,
    namespace: input.name,
    image: input.image,
    tag: input.tag,
    containerPort,
    database,
    requestedReplicas,
    replicas: database === 'sqlite' ? 1 : requestedReplicas,
    ingress: resolveIngress(input.name, input.ingress),
    storage: { size: quantity('storage.size', input.storage?.size ?? DEFAULT_STORAGE_SIZE), storageClassName },
    resources: {
      requests: resolveResources('resources.requests', DEFAULT_RESOURCES.requests, input.resources?.requests),
      limits: resolveResources('resources.limits', DEFAULT_RESOURCES.limits, input.resources?.limits),
    },
    env: resolveEnv(input.env ?? {}),
    imagePullSecret,
    imageUpdater: resolveImageUpdater(input.imageUpdater, imagePullSecret, input.name),
  };
}

function resolveIngress(name: string, ingress: AppManifestsInput['ingress']): ResolvedIngress | undefined {
  if (!ingress || ingress.enabled === false) return undefined;
  const { host, className, tls } = ingress;
  if (!host || !DNS_SUBDOMAIN.test(host)) {
    refuse('ingress.host', 'must be a lowercase DNS name such as api.example.com (no wildcard, no scheme)');
  }
  if (!className || !DNS_SUBDOMAIN.test(className)) {
    refuse('ingress.className', 'must name an IngressClass of the cluster (e.g. nginx, traefik)');
  }
  if (!tls || tls.enabled === false) return { host, className };
  const secretName = tls.secretName ?? `${name}-tls`;
  if (!DNS_SUBDOMAIN.test(secretName)) refuse('ingress.tls.secretName', 'must be a Secret name (DNS subdomain)');
  if (tls.clusterIssuer !== undefined && !DNS_SUBDOMAIN.test(tls.clusterIssuer)) {
    refuse('ingress.tls.clusterIssuer', 'must be a cert-manager ClusterIssuer name');
  }
  return { host, className, tls: { secretName, clusterIssuer: tls.clusterIssuer } };
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

function resolveImageUpdater(
  imageUpdater: AppManifestsInput['imageUpdater'],
  imagePullSecret: string | undefined,
  namespace: string,
): ImageUpdaterSettings | undefined {
  if (!imageUpdater || imageUpdater.enabled === false) return undefined;
  const controllerNamespace = imageUpdater.namespace ?? ARGOCD_NAMESPACE;
  if (!DNS_LABEL.test(controllerNamespace)) refuse('imageUpdater.namespace', 'must be a namespace name (DNS-1123 label)');
  const branch = imageUpdater.branch ?? 'main';
  if (!GIT_BRANCH_NAME.test(branch)) refuse('imageUpdater.branch', 'must be a Git branch name');
  return {
    namespace: controllerNamespace,
    branch,
    pullSecret: imageUpdater.pullSecret ?? (imagePullSecret ? `pullsecret:${namespace}/${imagePullSecret}` : undefined),
  };
}

/** Refuses the input, naming the field so the form user knows what to fix. */
export function refuse(field: string, problem: string): never {
  throw new InputError(`${field}: ${problem}`);
}
