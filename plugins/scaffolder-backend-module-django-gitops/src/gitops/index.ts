export {
  APPLICATION_SET_PATH,
  appFolderPath,
  pushAppFolder,
  type AppFolderPushOptions,
  type AppFolderPushResult,
  type FolderChanges,
} from './pushAppFolder';
export { KeyedQueue } from './keyedQueue';
export { DEFAULT_SKIP_FILES } from './workspace';
