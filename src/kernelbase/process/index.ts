// KernelBase's process creation: CreateProcessInternalW and its callers, the STARTUPINFOEX attribute
// list, and the Win32 constants they take.
export * from './constants.js';
export type {
  CreateProcessRequest,
  CreateProcessResult,
  ProcessInformation,
  SecurityAttributes,
  StartupInfo,
} from './types.js';
export { CreateProcessInternalW } from './create-process-internal.js';
export {
  CreateProcessA,
  CreateProcessAsUserA,
  CreateProcessAsUserW,
  CreateProcessW,
} from './create-process.js';
export {
  DeleteProcThreadAttributeList,
  InitializeProcThreadAttributeList,
  PROC_THREAD_ATTRIBUTE_LIST,
  UpdateProcThreadAttribute,
  procThreadAttributeListSize,
  type ProcThreadAttributeEntry,
  type ProcThreadAttributeList,
} from './proc-thread-attributes.js';
export { BaseComputeProcessExePath } from './application-name.js';
export {
  HANDLE_CREATE_NEW_CONSOLE,
  HANDLE_CREATE_NO_WINDOW,
  HANDLE_DETACHED_PROCESS,
} from './process-parameters.js';
export { NTSTATUS_FROM_WIN32, failed, failedWin32, ok } from './result.js';
