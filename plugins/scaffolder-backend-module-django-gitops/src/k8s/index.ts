export { generateManifests, MANIFEST_FILE_NAMES } from './manifests';
export { generateImageUpdater, imageUpdaterPath } from './imageUpdater';
export { generateApplicationSet, type GitopsSourceInput } from './applicationSet';
export { BOOTSTRAP_PATHS, generateBootstrapFiles, type BootstrapInput } from './bootstrap';
export { resolveManifestSettings, type AppManifestsInput, type ManifestSettings } from './input';
export { DEFAULT_ARGOCD, type ArgoCdConventions } from './conventions';
