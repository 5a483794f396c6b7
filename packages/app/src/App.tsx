import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import devPortalPlugin from '@dev-portal/plugin-dev-portal';

/**
 * The catalog (where the template and the generated components are listed), the scaffolder
 * (Create page, task page, Actions page, Template Editor) and Dev Portal's plugin (the Delivery
 * card on generated services' pages). Sign-in, theme and navigation are the new frontend
 * system's defaults.
 */
export default createApp({
  features: [catalogPlugin, scaffolderPlugin, devPortalPlugin],
});
