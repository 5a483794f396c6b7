export { generateManifests, MANIFEST_FILE_NAMES } from './manifests';
export { generateApplicationSet, type ApplicationSetInput } from './applicationSet';
export { resolveManifestSettings, type AppManifestsInput, type ManifestSettings } from './input';
