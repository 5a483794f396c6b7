import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  type OverridableFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { DevPortalClient, DJANGO_GITOPS_GENERATOR, GENERATOR_ANNOTATION } from '@dev-portal/plugin-dev-portal-common';
import { devPortalApiRef } from './api';

const devPortalApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: devPortalApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new DevPortalClient({ discoveryApi, fetchApi }),
    }),
});

/** The Delivery card, on the overview of components the django-gitops template created. */
const deliveryEntityCard = EntityCardBlueprint.make({
  name: 'delivery',
  params: {
    filter: { kind: 'component', [`metadata.annotations.${GENERATOR_ANNOTATION}`]: DJANGO_GITOPS_GENERATOR },
    loader: () => import('./components/DeliveryCard').then(m => <m.DeliveryCard />),
  },
});

/**
 * Dev Portal's frontend plugin: the Delivery card of generated services and the client of
 * `/api/dev-portal`.
 *
 * @public
 */
// Typed as the plain plugin: its inferred type names a copy of @backstage/filter-predicates nested in frontend-plugin-api.
export const devPortalPlugin: OverridableFrontendPlugin = createFrontendPlugin({
  pluginId: 'dev-portal',
  title: 'Dev Portal',
  extensions: [devPortalApi, deliveryEntityCard],
});
