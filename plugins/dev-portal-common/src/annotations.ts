/**
 * The annotations the django-gitops template's generator writes in a service's catalog-info.yaml
 * (`django:generate`): what the service page and its backend routes look for.
 */

/**
 * Names the template family a component came from.
 *
 * @public
 */
export const GENERATOR_ANNOTATION = 'dev-portal.io/generator';

/**
 * The value of {@link GENERATOR_ANNOTATION} on components the django-gitops template created.
 *
 * @public
 */
export const DJANGO_GITOPS_GENERATOR = 'django-gitops';

/**
 * Where the answers the service was generated from live in its repository
 * (`.devportal/project.json`).
 *
 * @public
 */
export const ANSWERS_ANNOTATION = 'dev-portal.io/project-answers';
