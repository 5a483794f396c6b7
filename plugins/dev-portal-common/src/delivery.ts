/**
 * A workflow run as the service page shows it.
 *
 * @public
 */
export interface WorkflowRunSummary {
  id: number;
  runNumber: number;
  /** As GitHub reports it: `queued`, `in_progress`, `completed`... */
  status: string;
  /** Once completed: `success`, `failure`, `cancelled`, `timed_out`... */
  conclusion?: string;
  commitSha: string;
  /** The run's page on GitHub. */
  url: string;
  /** When the run last changed, ISO 8601. */
  updatedAt: string;
  /** For a run that did not succeed: its first failed job and that job's first failed step. */
  failedJob?: { name: string; url?: string; step?: string };
}

/**
 * The image a successful run of the default branch built and pushed.
 *
 * @public
 */
export interface ImageBuild {
  /** `sha-` and the first 7 hex digits of the commit: the tag CI pushes. */
  imageTag: string;
  commitSha: string;
  runUrl: string;
}

/**
 * Where a generated service stands between its repository and its cluster: the answer of
 * `GET /api/dev-portal/services/:namespace/:name/delivery`.
 *
 * @public
 */
export interface ServiceDelivery {
  /** The application repository. */
  repository: { slug: string; url: string; defaultBranch: string };
  /** The CI/CD workflow on the default branch; absent when the service was generated without CI/CD. */
  ci?: {
    /** The latest run; absent before the first one is listed. */
    latestRun?: WorkflowRunSummary;
    /** The latest successful run's image. */
    latestBuild?: ImageBuild;
  };
  /** The app's folder in the GitOps repository, which Argo CD deploys. */
  gitops: {
    /** `owner/repo`. */
    repository: string;
    branch: string;
    /** `apps/<app>`. */
    folder: string;
    folderUrl: string;
    /** The image `kustomization.yaml` deploys; absent when the folder holds none (not pushed yet, or removed). */
    deployed?: { image: string; tag?: string; digest?: string };
    /** Whether the deployed tag is the latest successful build's; absent when either is unknown. */
    upToDate?: boolean;
  };
  /** The Argo CD application's page, when the platform configured Argo CD's URL. */
  argocdUrl?: string;
  /** Swagger UI on the service's public host, when it has one. */
  apiDocsUrl?: string;
}
