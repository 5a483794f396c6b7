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
export const IMMUTABLE_TAG_PATTERN = 'regexp:^sha-[0-9a-f]{7}$';
