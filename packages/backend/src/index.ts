/*
 * The local Backstage backend that `npm start` runs: the frontend (packages/app) on the same port
 * as the API, guest sign-in, the catalog (with the template), the scaffolder with GitHub's
 * built-in actions, Dev Portal's module, and Dev Portal's routes for the service pages.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@dev-portal/plugin-scaffolder-backend-module-django-gitops'));
backend.add(import('@dev-portal/plugin-dev-portal-backend'));
backend.start();
