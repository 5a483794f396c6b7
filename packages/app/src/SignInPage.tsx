import { configApiRef, githubAuthApiRef, SignInPageProps, useApi } from '@backstage/core-plugin-api';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Replaces the app's default sign-in page (guest only) with one that offers the providers
 * `devPortal.signIn.providers` names: guest (the default, for `npm start`) or GitHub
 * (app-config.production.yaml). The backend signs in only with providers `auth.providers`
 * configures, so offering one it lacks would only show an error.
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        // Loaded when the page is needed, as the default page loads it.
        loader: async () => {
          const { SignInPage } = await import('@backstage/core-components');
          return function ConfiguredSignInPage(props: SignInPageProps) {
            const names = useApi(configApiRef).getOptionalStringArray('devPortal.signIn.providers') ?? ['guest'];
            const providers = names.map(name =>
              name === 'github'
                ? { id: 'github-auth-provider', title: 'GitHub', message: 'Sign in with your GitHub account', apiRef: githubAuthApiRef }
                : ('guest' as const),
            );
            return <SignInPage {...props} providers={providers} />;
          };
        },
      },
    }),
  ],
});
