import { IMAGE_TAG_PREFIX, IMAGE_TAG_SHA_LENGTH } from '../project/constants';

/** Names and values that the manifests, their README, the bootstrap files and the tests share. */

/** Names of the Secrets the app reads; created out of band (see the folder README). */
export function secretNames(app: string) {
  return {
    django: { name: `${app}-django`, key: 'secret-key' },
    database: { name: `${app}-database`, key: 'database-url' },
    /** Optional, every key becomes a variable: S3 credentials and other settings, no manifest edit. */
    env: { name: `${app}-env` },
  };
}

/** Argo CD keeps the SQLite volume when the folder or the Application goes away. */
export const PVC_SYNC_OPTIONS = 'Prune=false,Delete=false';

/** On custom resources whose CRD may be installed after the app: the rest of the sync goes on. */
export const SKIP_DRY_RUN_ON_MISSING_RESOURCE = { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' };

export const IMAGE_UPDATER_API_VERSION = 'argocd-image-updater.argoproj.io/v1alpha1';

/** The tags CI pushes (`imageTagForCommit`); Image Updater considers no other. */
export const IMMUTABLE_TAG_PATTERN = `regexp:^${IMAGE_TAG_PREFIX}[0-9a-f]{${IMAGE_TAG_SHA_LENGTH}}$`;

/** Marks what the portal generated, on the namespace and on every Application it creates. */
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'dev-portal' } as const;

/**
 * Labels of every app namespace, set by Argo CD (`managedNamespaceMetadata` of the ApplicationSet)
 * when it creates the namespace: Pod Security "restricted", enforced. No app folder holds a
 * Namespace object, so deleting an app never deletes its namespace (and the volume inside it).
 */
export const APP_NAMESPACE_LABELS = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
  ...MANAGED_BY_LABEL,
} as const;

/**
 * The platform's Argo CD conventions; each is a `devPortal.argocd.*` config key.
 *
 * @public
 */
export interface ArgoCdConventions {
  /** Where Argo CD, its Applications and Image Updater run. */
  namespace: string;
  /** The AppProject of every app. */
  project: string;
  /** The ApplicationSet that makes one Application per app folder. */
  applicationSetName: string;
}

export const DEFAULT_ARGOCD: ArgoCdConventions = {
  namespace: 'argocd',
  project: 'dev-portal-apps',
  applicationSetName: 'dev-portal-apps',
};

/** Where in the GitOps repository each app's ImageUpdater lives: applied by the platform, not by the app. */
export const IMAGE_UPDATERS_FOLDER = 'image-updaters';

/** The label Grafana's dashboard sidecar looks for (kube-prometheus-stack's default). */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

/**
 * Every kind the generator can put in an app folder (group, kind): the apps' AppProject allows
 * these and no other. A test holds the generator to it.
 */
export const APP_KINDS: readonly { group: string; kind: string }[] = [
  { group: 'apps', kind: 'Deployment' },
  { group: '', kind: 'Service' },
  { group: '', kind: 'PersistentVolumeClaim' },
  { group: '', kind: 'ConfigMap' },
  { group: 'batch', kind: 'Job' },
  { group: 'policy', kind: 'PodDisruptionBudget' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'networking.k8s.io', kind: 'Ingress' },
  { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
  { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
  { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
];
