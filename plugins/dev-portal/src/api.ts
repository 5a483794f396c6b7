import { createApiRef } from '@backstage/frontend-plugin-api';
import type { DevPortalApi } from '@dev-portal/plugin-dev-portal-common';

/**
 * Dev Portal's backend routes (`/api/dev-portal`): a service's delivery status and answers, and
 * the project preview.
 *
 * @public
 */
export const devPortalApiRef = createApiRef<DevPortalApi>().with({ id: 'plugin.dev-portal.api', pluginId: 'dev-portal' });
