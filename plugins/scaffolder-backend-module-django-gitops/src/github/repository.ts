/**
 * A GitHub repository by owner and name, as every GitHub service here addresses one.
 *
 * @public
 */
export interface RepositoryRef {
  owner: string;
  repo: string;
}
