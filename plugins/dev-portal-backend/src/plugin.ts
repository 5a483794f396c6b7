import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createRouter } from './router';

/**
 * Dev Portal's backend plugin: the read-only routes of the service pages and of the models
 * editor's preview, under `/api/dev-portal`.
 *
 * @public
 */
export const devPortalPlugin = createBackendPlugin({
  pluginId: 'dev-portal',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
      },
      async init({ config, httpAuth, httpRouter, cache, catalog }) {
        httpRouter.use(await createRouter({ config, httpAuth, cache, catalog }));
      },
    });
  },
});
