import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { ServiceDelivery } from './delivery';
import type { ProjectPreviewResult, ProjectProblem } from './preview';

/**
 * Dev Portal's backend routes (`/api/dev-portal`), as the frontend calls them.
 *
 * @public
 */
export interface DevPortalApi {
  /** The latest CI/CD run, the deployed image and the links of a generated service. */
  getServiceDelivery(entity: Pick<CompoundEntityRef, 'namespace' | 'name'>): Promise<ServiceDelivery>;
  /** The parsed answers file of a generated service; undefined when its repository has none. */
  getServiceAnswers(entity: Pick<CompoundEntityRef, 'namespace' | 'name'>): Promise<JsonObject | undefined>;
  /** What a project spec generates, or every problem the validator finds in it. */
  previewProject(project: unknown): Promise<ProjectPreviewResult>;
}

/**
 * {@link DevPortalApi} over HTTP. Requests go through `fetchApi`, which adds the user's Backstage
 * token; GitHub's credentials stay in the backend.
 *
 * @public
 */
export class DevPortalClient implements DevPortalApi {
  private readonly discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (input, init) => fetch(input, init) };
  }

  async getServiceDelivery(entity: Pick<CompoundEntityRef, 'namespace' | 'name'>): Promise<ServiceDelivery> {
    const response = await this.request(`${servicePath(entity)}/delivery`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }

  async getServiceAnswers(entity: Pick<CompoundEntityRef, 'namespace' | 'name'>): Promise<JsonObject | undefined> {
    const response = await this.request(`${servicePath(entity)}/answers`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()).answers;
  }

  async previewProject(project: unknown): Promise<ProjectPreviewResult> {
    const response = await this.request('/preview', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ project }),
    });
    if (response.status === 400) {
      const body = await response.json();
      // Problems of the spec; any other 400 (a body that is no JSON object) is an error.
      if (Array.isArray(body.problems)) return { problems: body.problems as ProjectProblem[] };
      throw new Error(body.error?.message ?? 'The preview was refused');
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('dev-portal');
    return this.fetchApi.fetch(`${baseUrl}${path}`, init);
  }
}

function servicePath({ namespace, name }: Pick<CompoundEntityRef, 'namespace' | 'name'>): string {
  return `/services/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}
