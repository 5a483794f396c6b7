/** GitHub's documentation root; error bodies point here unless a route names its own page. */
export const DOCS_ROOT = 'https://docs.github.com/rest';

/** One item of a `422 Validation Failed` answer, as GitHub spells it. */
export interface ValidationErrorItem {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  field?: string;
  message?: string;
}

/**
 * An answer that is not a success. Route handlers throw it; the dispatcher renders GitHub's error
 * shape `{ message, documentation_url, errors?, status }` with the route's documentation page.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: ValidationErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = () => new ApiError(404, 'Not Found');

/** GitHub's answer to a body that misses or mistypes a parameter. */
export const invalidRequest = (detail: string) =>
  new ApiError(422, `Invalid request.\n\n${detail}`);

/** Every Git Data endpoint of a repository without commits answers this (FACTS.md §GitHub). */
export const emptyRepository = () => new ApiError(409, 'Git Repository is empty.');
