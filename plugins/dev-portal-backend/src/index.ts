/**
 * Dev Portal's backend plugin: `/api/dev-portal` routes for the service pages (delivery status,
 * answers) and the models editor (project preview).
 *
 * @packageDocumentation
 */
export { devPortalPlugin as default } from './plugin';
