/**
 * checkov's Kubernetes checks that fail on a generated folder on purpose, with the reason the
 * folder README gives. The checkov test fails on any other failed check, and on an entry here that
 * no generated folder fails any more.
 */
export const ACCEPTED_CHECKOV_FINDINGS: Record<string, string> = {
  CKV_K8S_35:
    'secrets reach the app as environment variables (`secretKeyRef`, `envFrom`), not files: Django reads its settings' +
    ' (`SECRET_KEY`, `DATABASE_URL`, object storage keys) from the environment, and only the app container and its' +
    ' migration see them.',
  CKV_K8S_43:
    'the image is named by tag without a digest until the first CI deploy: the portal knows the tag it waits for, not' +
    ' the digest, so the first commit holds `sha-<7>` only; every deploy of the CI workflow writes `tag@digest`. In' +
    ' Image Updater mode (`newest-build`) the tag stays the reference; `sha-` tags are never pushed twice.',
};
