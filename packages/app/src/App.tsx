import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { signInModule } from './SignInPage';

/**
 * The catalog (where the template and the generated components are listed) and the scaffolder
 * (Create page, task page, Actions page, Template Editor). The sign-in page offers the providers
 * the configuration names; theme and navigation are the new frontend system's defaults.
 */
export default createApp({
  features: [catalogPlugin, scaffolderPlugin, signInModule],
});
