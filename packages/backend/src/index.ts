/*
 * The Dev Portal backend: the frontend (packages/app) on the same port as the API, sign-in, the
 * catalog (with the template), the scaffolder with GitHub's built-in actions, Dev Portal's
 * module, and Dev Portal's routes for the service pages. Which sign-in and which database is
 * configuration: `npm start` runs it with app-config.yaml (guest, SQLite in memory), the portal
 * image with app-config.production.yaml (GitHub, PostgreSQL, task recovery).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
// Each provider signs people in only when `auth.providers.<id>` configures it.
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
// Users and teams from GitHub (`catalog.providers.githubOrg`), for GitHub sign-in's resolver.
backend.add(import('@backstage/plugin-catalog-backend-module-github-org'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
// Keeps a task's workspace in the database, so another replica can resume the task after a crash
// (`scaffolder.taskRecovery.workspaceProvider: database`).
backend.add(import('@backstage/plugin-scaffolder-backend-module-workspace-database'));
backend.add(import('@dev-portal/plugin-scaffolder-backend-module-django-gitops'));
backend.add(import('@dev-portal/plugin-dev-portal-backend'));
backend.start();
