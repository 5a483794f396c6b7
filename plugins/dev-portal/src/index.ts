/**
 * Dev Portal's frontend plugin (new frontend system): the Delivery card on the pages of
 * services the django-gitops template created, and the client of `/api/dev-portal`.
 *
 * @packageDocumentation
 */
export { devPortalPlugin as default } from './plugin';
export { devPortalApiRef } from './api';
