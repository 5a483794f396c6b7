/** The configuration Dev Portal's backend routes read; every key is optional. */
export interface Config {
  devPortal?: {
    argocd?: {
      /**
       * Argo CD's web address (https://argocd.example.com). With it, a service's page links its
       * Argo CD application (`<url>/applications/<namespace>/<app>`); without it, no link.
       */
      url?: string;
    };
  };
}
