import { modelEndpointPath, validateProjectSpec } from '@dev-portal/plugin-django-gitops-common';
import { generateDjangoProject } from './generate';

/**
 * What a project spec generates, shown before anything is created.
 *
 * @public
 */
export interface DjangoProjectPreview {
  /** One per model: the URL of its collection on the service's host. */
  endpoints: Array<{ model: string; url: string }>;
  /** Every file of the application repository, sorted. */
  files: string[];
}

/**
 * Validates a spec as `django:generate` does, throwing `ProjectSpecError` naming every bad field,
 * and lists what it generates. Pure: nothing is written.
 *
 * @public
 */
export function previewDjangoProject(project: unknown): DjangoProjectPreview {
  const spec = validateProjectSpec(project);
  return {
    endpoints: spec.models.map(model => ({ model: model.name, url: modelEndpointPath(model) })),
    files: [...generateDjangoProject(spec).files.keys()].sort(),
  };
}
