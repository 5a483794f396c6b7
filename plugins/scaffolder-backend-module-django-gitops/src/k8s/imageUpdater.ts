import { IMAGE_UPDATER_API_VERSION, IMAGE_UPDATERS_FOLDER, IMMUTABLE_TAG_PATTERN } from './conventions';
import { type AppManifestsInput, type ImageUpdaterSettings, type ManifestSettings, resolveManifestSettings } from './input';
import { toYaml } from './manifests';

/** Where the ImageUpdater of an app lives in the GitOps repository: outside the app's own folder. */
export function imageUpdaterPath(app: string): string {
  return `${IMAGE_UPDATERS_FOLDER}/${app}.yaml`;
}

/**
 * `image-updaters/<app>.yaml` in Image Updater mode, else undefined (and a file there is stale).
 * Throws an InputError naming the field, as `generateManifests` does for the same input.
 */
export function generateImageUpdater(input: AppManifestsInput, reservedNamespaces: readonly string[] = []): string | undefined {
  const settings = resolveManifestSettings(input, reservedNamespaces);
  return settings.imageUpdater && toYaml(imageUpdaterResource(settings, settings.imageUpdater));
}

/**
 * Argo CD Image Updater v1.x reads this resource (never Deployment annotations). It lives in the
 * controller's namespace, which the apps' AppProject cannot reach, so it sits in `image-updaters/`
 * and the platform's own Application applies it. It selects the Application named after the app
 * (the ApplicationSet names it so) and writes the tag back to git, into the app folder's
 * kustomization (an `argocd` write-back would be reverted by the ApplicationSet), with Argo CD's
 * repository credentials for the GitOps repository (`git` = `git:repocreds`).
 *
 * `newest-build` over `sha-<7>` tags rather than `digest`: the digest strategy follows one moving
 * tag (it would be the branch tag) and writes `tag@digest` where CI writes `sha-<7>`; the sha tags
 * are never re-pushed, so the newest of them is the build to deploy.
 */
export function imageUpdaterResource(settings: ManifestSettings, { namespace, branch, pullSecret }: ImageUpdaterSettings) {
  return {
    apiVersion: IMAGE_UPDATER_API_VERSION,
    kind: 'ImageUpdater',
    metadata: { name: settings.name, namespace, labels: { 'app.kubernetes.io/name': settings.name, 'app.kubernetes.io/component': 'image-updater' } },
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
