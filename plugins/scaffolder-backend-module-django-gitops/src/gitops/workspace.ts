/**
 * Files the seed's generator wrote into the app folder: an Application per app (the ApplicationSet
 * creates those now) and Image Updater annotations (never read from there). Never pushed.
 */
export const DEFAULT_SKIP_FILES = ['argocd-application.yaml', 'argocd-image-updater-config.yaml'];
