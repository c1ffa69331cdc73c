export { RTL_PATH_TYPE, RtlDetermineDosPathNameType_U } from './path-type.js';
export { RtlIsDosDeviceName_U } from './dos-device-name.js';
export type { RtlPathContext } from './path-context.js';
export { RtlGetFullPathName_U, type RtlGetFullPathNameResult } from './full-path-name.js';
export {
  RtlDosPathNameToNtPathName_U,
  RtlDosPathNameToNtPathName_U_WithStatus,
  type RtlDosPathNameToNtPathNameResult,
  type RtlDosPathNameToNtPathNameWithStatusResult,
} from './nt-path-name.js';
export {
  RtlCreateUserProcess,
  type RtlUserProcessRequest,
  type RtlUserProcessInformation,
} from './create-user-process.js';
