// shell32: ShellExecuteExW / ShellExecuteW — file associations (HKEY_CLASSES_ROOT), verbs, and the
// elevated start through the Application Information service.
export * from './constants.js';
export {
  SHELL_ArgifyW,
  expandEnvironmentStrings,
  splitShellParameters,
  type ShellParameter,
} from './argify.js';
export type {
  APPINFO_REQUEST,
  APPINFO_RESPONSE,
  AppInfoBinding,
  AppInfoStartupInfo,
} from './appinfo-client.js';
export { ClassesRoot, queryAppPath, type RegString } from './registry.js';
export {
  ShellExecuteExW,
  ShellExecuteW,
  type ShellExecuteExResult,
  type ShellExecuteInfo,
  type Shell32Rpc,
} from './shell-execute.js';
