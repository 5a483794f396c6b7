export {
  appFolderPath,
  pushAppFolder,
  type AppFolderPushOptions,
  type AppFolderPushResult,
  type BootstrapFiles,
  type FolderChanges,
} from './pushAppFolder';
export { backendQueue, KeyedQueue } from './keyedQueue';
export { DEFAULT_SKIP_FILES } from './workspace';
