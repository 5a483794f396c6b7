/**
 * One offending field of a project spec: its path (`project.models[1].fields[0].name`) and why.
 *
 * @public
 */
export interface ProjectProblem {
  path: string;
  message: string;
}

/**
 * What a project spec generates: the answer of `POST /api/dev-portal/preview` for a valid spec.
 *
 * @public
 */
export interface ProjectPreview {
  /** One per model: the URL of its collection on the service's host. */
  endpoints: Array<{ model: string; url: string }>;
  /** Every file of the application repository, sorted. */
  files: string[];
}

/**
 * The preview of a valid spec, or every problem of an invalid one (the route's 400).
 *
 * @public
 */
export type ProjectPreviewResult = ProjectPreview | { problems: ProjectProblem[] };
