/**
 * Image references, after the grammar of distribution/reference (what Docker, containerd and
 * kustomize parse). The repository and the tag are separate inputs because the tag lives in one
 * place only, `kustomization.yaml` `images[].newTag`.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${DOMAIN}(?:/${PATH_COMPONENT})+$`);
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const MAX_NAME_LENGTH = 255;

/** Why `image` is not a repository reference with an explicit registry host, or undefined. */
export function imageRepositoryProblem(image: string): string | undefined {
  if (/[@]|:[^/]*$/.test(image) && !REPOSITORY.test(image)) {
    return 'must be the repository only (e.g. ghcr.io/acme/inventory-api); give the tag in "tag"';
  }
  const registry = image.split('/')[0];
  // Without a host, `acme/app` silently means Docker Hub; CI pushes to an explicit registry.
  if (!image.includes('/') || !(registry.includes('.') || registry.includes(':') || registry === 'localhost')) {
    return 'must start with the registry host (e.g. ghcr.io/acme/inventory-api)';
  }
  if (!REPOSITORY.test(image)) {
    return 'is not a valid image repository: lowercase path components of letters, digits, ".", "_" or "-", separated by "/"';
  }
  if (image.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

/** Why `tag` is not an immutable image tag we deploy, or undefined. */
export function imageTagProblem(tag: string): string | undefined {
  if (!TAG.test(tag)) return 'must be an image tag: letters, digits, "_", "." and "-", at most 128, not starting with "." or "-"';
  // A moving tag never changes the manifest, so Argo CD would never roll out a new build.
  if (tag.toLowerCase() === 'latest') return 'must be immutable (such as sha-1a2b3c4), not "latest"';
  return undefined;
}

/** Why `digest` is not a content digest as registries give it (`sha256:` and 64 hex digits), or undefined. */
export function imageDigestProblem(digest: string): string | undefined {
  return /^sha256:[0-9a-f]{64}$/.test(digest) ? undefined : 'must be sha256: followed by 64 lowercase hex digits';
}
