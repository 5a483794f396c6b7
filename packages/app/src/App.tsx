import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import djangoGitopsScaffolderModule from '@dev-portal/plugin-scaffolder-module-django-gitops';

/**
 * The catalog (where the template and the generated components are listed) and the scaffolder
 * (Create page, task page, Actions page, Template Editor), with Dev Portal's form field for the
 * Django template's models (`ui:field: DjangoModelsEditor`). Sign-in, theme and navigation are
 * the new frontend system's defaults.
 */
export default createApp({
  features: [catalogPlugin, scaffolderPlugin, djangoGitopsScaffolderModule],
});
