/**
 * The configuration Dev Portal's scaffolder module reads; every key is optional. Keys under
 * `devPortal` are the platform team's conventions; each defaults to the module's behaviour
 * without them.
 */
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

    /**
     * The image registry of a project whose spec names none (`django:generate`). Default ghcr.io.
     */
    defaultRegistry?: string;

    /**
     * The author of the commits `github:batch-push` and `gitops:push-repo-b` make. Default
     * `scaffolder.defaultAuthor`; without either, GitHub records the account of the token used.
     */
    commitAuthor?: {
      /** Default "Scaffolder" when only the email is set. */
      name?: string;
      /** Default "scaffolder@backstage.io" when only the name is set. */
      email?: string;
    };
  };

  /** The scaffolder's own keys this module reads too (declared by the scaffolder backend). */
  scaffolder?: {
    /**
     * When true, the GitHub actions refuse to act without the user's own token (the step's
     * `token` input, from RepoUrlPicker's `requestUserCredentials`) instead of falling back to the
     * integration's credentials, as upstream's GitHub actions do. Default false.
     */
    requireScmUserCredentials?: boolean;

    /** The fallback commit author when `devPortal.commitAuthor` is not set. */
    defaultAuthor?: {
      name?: string;
      email?: string;
    };
  };
}
