// @breakwater/node — Node-only parts of Breakwater. Explicit on purpose: nothing is exported by accident.

export { fileStore, type FileStore } from './fileStore/fileStore.ts';
export { DEFAULT_MAX_FILE_BYTES, type FileStoreOptions, type FsyncMode } from './fileStore/fileStoreSettings.ts';
export type {
  FileStoreWarning,
  TornTailWarning,
  CorruptLineWarning,
  LostRecordsWarning,
  InvalidRemovalWarning,
  StaleLockWarning,
  UnreadableFileWarning,
} from './fileStore/FileStoreWarning.ts';
export type { SegmentInfo } from './fileStore/SegmentLog.ts';
export { FILE_DRIVER } from './fileStore/fsError.ts';
/** The store's crash-safe whole-file replace, for apps that keep small state beside their history. */
export { writeFileAtomic } from './fileStore/writeFileAtomic.ts';
export { loadConfigFile } from './loadConfigFile.ts';

export { startDevtoolsServer, type DevtoolsServer } from './devtools/startDevtoolsServer.ts';
export type { DevtoolsServerOptions } from './devtools/DevtoolsServerOptions.ts';
export type { DevtoolsServerStats } from './devtools/EventHub.ts';
