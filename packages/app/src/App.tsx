import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import devPortalPlugin from '@dev-portal/plugin-dev-portal';
import djangoGitopsScaffolderModule from '@dev-portal/plugin-scaffolder-module-django-gitops';
import { signInModule } from './SignInPage';

/**
 * The catalog (where the template and the generated components are listed), the scaffolder
 * (Create page, task page, Actions page, Template Editor) with Dev Portal's form field for the
 * Django template's models (`ui:field: DjangoModelsEditor`), and Dev Portal's plugin (the
 * Delivery card on generated services' pages). The sign-in page offers the providers the
 * configuration names; theme and navigation are the new frontend system's defaults.
 */
export default createApp({
  features: [catalogPlugin, scaffolderPlugin, djangoGitopsScaffolderModule, devPortalPlugin, signInModule],
});
