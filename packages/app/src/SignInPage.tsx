import { SignInPage as BackstageSignInPage, SignInProviderConfig } from '@backstage/core-components';
import { configApiRef, githubAuthApiRef, SignInPageProps, useApi } from '@backstage/core-plugin-api';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * Offers the sign-in providers that `devPortal.signIn.providers` names: guest (the default, for
 * `npm start`) or GitHub (app-config.production.yaml). The backend signs in only with providers
 * that `auth.providers` configures, so offering one it lacks would only show an error.
 */
function SignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('devPortal.signIn.providers') ?? ['guest'];
  const providers = names.map(name => (name === 'github' ? github : ('guest' as const)));
  return <BackstageSignInPage {...props} providers={providers} />;
}

/** Replaces the app's default sign-in page, which offers guest only. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [SignInPageBlueprint.make({ params: { loader: async () => SignInPage } })],
});
