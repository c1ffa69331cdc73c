/**
 * The configuration manager (the registry): keys under `\REGISTRY`, the Cm* routines behind
 * NtCreateKey/NtOpenKey/NtSetValueKey/…, the Win32 views (predefined keys, the merged
 * HKEY_CLASSES_ROOT), .reg files, and snapshots. The only door into kernel/cm.
 */
export * from './constants.js';
export { cmCompareNames, cmUpcaseName } from './names.js';
export * from './value.js';
export { cmKeyPath, type CmKey, type CmRegistry } from './key.js';
export { createRegistry, CmLoadKey, type CmLoadKeyOptions } from './hive.js';
export {
  CmCreateKey,
  CmOpenKey,
  type CmCreateKeyParameters,
  type CmCreateKeyResult,
  type CmOpenKeyParameters,
} from './parse.js';
export * from './key-ops.js';
export * from './value-ops.js';
export * from './tree.js';
export * from './win32-path.js';
export * from './win32-view.js';
export { decodeRegFileBytes, encodeRegFileBytes } from './reg-file-text.js';
export * from './reg-file-parse.js';
export * from './reg-file-import.js';
export * from './reg-file-export.js';
export * from './snapshot.js';
