/** Configuration the Dev Portal scaffolder module reads; every key is optional. */
export interface Config {
  devPortal?: {
    /** Argo CD as the platform runs it; used for the GitOps repository's bootstrap files and Image Updater. */
    argocd?: {
      /**
       * The namespace Argo CD, its Applications and Image Updater run in.
       * @default argocd
       */
      namespace?: string;
      /**
       * The AppProject every app is deployed under (bootstrapped with the ApplicationSet).
       * @default dev-portal-apps
       */
      project?: string;
      /**
       * The name of the ApplicationSet that makes one Application per `apps/<app>/` folder.
       * @default dev-portal-apps
       */
      applicationSetName?: string;
    };
    /**
     * Namespaces no app may be named after, on top of the built-in ones (`default`, `kube-*`,
     * `openshift`, `openshift-*`, `argocd` and the Argo CD namespace). A trailing `*` makes a prefix.
     */
    reservedNamespaces?: string[];
  };
}
