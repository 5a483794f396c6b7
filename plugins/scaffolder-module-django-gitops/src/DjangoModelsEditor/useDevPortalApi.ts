import { useMemo } from 'react';
import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import { type DevPortalApi, DevPortalClient } from '@dev-portal/plugin-dev-portal-common';

/**
 * The `dev-portal` backend plugin's routes (the files preview, a service's answers), through
 * Dev Portal's own client with Backstage's discovery and the user's credentials. The editor
 * needs no frontend plugin for them, and works on without them when a portal has no such backend.
 */
export function useDevPortalApi(): DevPortalApi {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useMemo(() => new DevPortalClient({ discoveryApi, fetchApi }), [discoveryApi, fetchApi]);
}
