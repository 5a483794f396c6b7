import { useMemo } from 'react';
import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SpecProblem } from '@dev-portal/plugin-django-gitops-common';

/** What the preview route says about a project spec. */
export type FilesPreview =
  | { kind: 'files'; files: string[] }
  | { kind: 'problems'; problems: SpecProblem[] }
  /** No preview route in this portal, or it failed: the form works on without the file list. */
  | { kind: 'unavailable'; reason: string };

/**
 * The `dev-portal` backend plugin's routes the form uses, through Backstage's discovery (where
 * the plugin is) and fetch (the user's credentials). Both are optional for the form: a portal
 * without the plugin still creates services.
 */
export class DevPortalBackend {
  constructor(
    private readonly discoveryApi: { getBaseUrl(pluginId: string): Promise<string> },
    private readonly fetchApi: { fetch: typeof fetch },
  ) {}

  /** `POST /preview`: the files the project spec would generate. */
  async previewFiles(project: unknown, signal: AbortSignal): Promise<FilesPreview> {
    let response: Response;
    try {
      response = await this.fetchApi.fetch(`${await this.baseUrl()}/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ project }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      return { kind: 'unavailable', reason: `the preview service did not answer (${(error as Error).message})` };
    }
    if (response.status === 400) {
      const body = await response.json().catch(() => ({}));
      if (Array.isArray(body.problems)) return { kind: 'problems', problems: body.problems };
    }
    if (response.status === 404) return { kind: 'unavailable', reason: 'this portal has no preview service' };
    if (!response.ok) return { kind: 'unavailable', reason: `the preview service answered ${response.status}` };
    const body = await response.json();
    return { kind: 'files', files: body.files ?? [] };
  }

  /**
   * `GET /services/:namespace/:name/answers`: the answers a service was created from (its
   * project spec among them). Throws, saying why, when there are none to have.
   */
  async serviceAnswers(entity: { namespace: string; name: string }, signal: AbortSignal): Promise<{ project?: { models?: unknown } }> {
    const path = `/services/${encodeURIComponent(entity.namespace)}/${encodeURIComponent(entity.name)}/answers`;
    const response = await this.fetchApi.fetch(`${await this.baseUrl()}${path}`, { signal });
    if (response.status === 404) throw new Error('the portal has no stored answers for it');
    if (!response.ok) throw new Error(`the dev-portal backend answered ${response.status}`);
    const body = await response.json();
    return body.answers ?? {};
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('dev-portal');
  }
}

export function useDevPortalBackend(): DevPortalBackend {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(() => new DevPortalBackend(discoveryApi, fetchApi), [discoveryApi, fetchApi]);
}
