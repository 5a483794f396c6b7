export interface Config {
  devPortal?: {
    signIn?: {
      /**
       * The sign-in providers the sign-in page offers, each configured in `auth.providers`.
       * Default: guest (local development only).
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
