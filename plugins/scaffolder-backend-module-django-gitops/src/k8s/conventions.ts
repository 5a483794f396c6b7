import { IMAGE_TAG_PREFIX, IMAGE_TAG_SHA_LENGTH } from '../project/constants';

/** Names and values that the manifests, their README and the tests share. */

/** Names of the Secrets the app reads; created out of band (see the folder README). */
export function secretNames(app: string) {
  return {
    django: { name: `${app}-django`, key: 'secret-key' },
    database: { name: `${app}-database`, key: 'database-url' },
  };
}

/** Argo CD keeps the SQLite volume when the folder or the Application goes away. */
export const PVC_SYNC_OPTIONS = 'Prune=false,Delete=false';

export const IMAGE_UPDATER_API_VERSION = 'argocd-image-updater.argoproj.io/v1alpha1';

/** The tags CI pushes (`imageTagForCommit`); Image Updater considers no other. */
export const IMMUTABLE_TAG_PATTERN = `regexp:^${IMAGE_TAG_PREFIX}[0-9a-f]{${IMAGE_TAG_SHA_LENGTH}}$`;

/** Marks what the portal generated, on the namespace and on every Application it creates. */
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'dev-portal' } as const;

/** The namespace Argo CD (and its Image Updater) run in, unless told otherwise. */
export const ARGOCD_NAMESPACE = 'argocd';
