/**
 * Facts about the generated project that more than one generator relies on: the Django project
 * serves them, the Dockerfile and workflow build on them, the Kubernetes manifests probe them.
 * One spelling each, here.
 */

/** Liveness: the process answers. Served before host checks so kubelet probes by pod IP pass. */
export const LIVENESS_PATH = '/healthz/';
/** Readiness: the process answers and its database is reachable. */
export const READINESS_PATH = '/readyz/';

/** The port gunicorn listens on inside the container. */
export const CONTAINER_PORT = 8000;

/**
 * The second port gunicorn listens on, for Prometheus only: the app answers `METRICS_PATH` there
 * and nowhere else, so the ingress (which routes to `CONTAINER_PORT`) never exposes it.
 */
export const METRICS_PORT = 9000;
export const METRICS_PATH = '/metrics';

/** The unprivileged user and group the image runs as (numeric, so runAsNonRoot can verify it). */
export const CONTAINER_UID = 10001;
export const CONTAINER_GID = 10001;

/** Python of the image and of the CI test job. */
export const PYTHON_VERSION = '3.12';

/** Where the container keeps SQLite and uploads: the volume mount point. */
export const CONTAINER_DATA_DIR = '/app/data';

/** The tag CI gives an image built from a commit: immutable, `sha-` and the first 7 hex digits. */
export const IMAGE_TAG_PREFIX = 'sha-';
export const IMAGE_TAG_SHA_LENGTH = 7;

/**
 * The image tag CI pushes for a commit (`sha-` and its first 7 hex digits).
 *
 * @public
 */
export function imageTagForCommit(commitSha: string): string {
  if (!/^[0-9a-f]{7,40}$/.test(commitSha)) throw new Error(`Not a commit SHA: ${commitSha}`);
  return `${IMAGE_TAG_PREFIX}${commitSha.slice(0, IMAGE_TAG_SHA_LENGTH)}`;
}

/** The folder of the GitOps repository that holds one folder per app (the ApplicationSet lists it). */
export const GITOPS_APPS_FOLDER = 'apps';

/** The Actions secret the workflow pushes to the GitOps repository with, and the portal stores. */
export const GITOPS_TOKEN_SECRET = 'PAT_TOKEN';

/**
 * The GitHub deployment environment that holds the GitOps credential: the workflow's deploy job
 * runs in it, and the portal creates it, limited to the default branch, before storing the secret.
 */
export const GITOPS_ENVIRONMENT = 'gitops';
