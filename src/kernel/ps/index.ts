export * from './constants.js';
export * from './cid-table.js';
export * from './notify.js';
export * from './objects.js';
export * from './caller.js';
export * from './protection.js';
export * from './ps-system.js';
export { PspCheckObjectAccess } from './security.js';
export { PspAllocateProcess, PspInsertProcess, type PspAllocateProcessOptions } from './allocate-process.js';
export {
  NtCreateThreadEx,
  PspCreateThread,
  type NtCreateThreadExAttributeList,
  type NtCreateThreadExParameters,
  type PspCreateThreadOptions,
} from './create-thread.js';
export * from './create-process.js';
export * from './create-process-ex.js';
export { PsCreateMinimalProcess, type PsCreateMinimalProcessParameters } from './minimal-process.js';
export * from './pico.js';
export {
  PsIsSecureProcess,
  PspSecureProcessOf,
  type PS_TRUSTLET_CREATE_ATTRIBUTES,
} from './secure-process.js';
export { PspCreateSecureSystemProcess } from './secure-system-process.js';
export * from './section-object.js';
export * from './system-process.js';
export { NtTerminateProcess, NtTerminateThread, PspExitThread, PspTerminateProcess } from './terminate.js';
export { NtResumeThread, NtSuspendThread } from './suspend.js';
export * from './open.js';
export * from './duplicate.js';
export * from './query-process.js';
export * from './virtual-memory.js';
export * from './token-services.js';
export * from './job.js';
export {
  EJOB_FLAG_SILO,
  ESERVERSILO_GLOBALS,
  JOB_OBJECT_LIMIT_SILO_READY,
  SERVERSILO_STATE,
  PsGetCurrentServerSilo,
  PsGetJobServerSilo,
  PsGetProcessServerSilo,
  PsIsServerSilo,
  PsIsSilo,
  type SERVERSILO_BASIC_INFORMATION,
  type SILOOBJECT_BASIC_INFORMATION,
  type SILOOBJECT_ROOT_DIRECTORY,
} from './silo.js';
export { NtCreateKey, NtSetValueKey } from './key-write-services.js';
export * from './mitigation.js';
export * from './std-handles.js';
export type { OBJECT_ATTRIBUTES } from './object-attributes.js';
export * from './file-services.js';
export * from './section-services.js';
export * from './view-services.js';
export * from './memory-services.js';
export * from './memory-query.js';
export * from './link-services.js';
export * from './key-services.js';
export * from './gui-thread.js';
export * from './token-info-services.js';
export * from './debug-object.js';
export {
  NtCreateDebugObject,
  NtDebugActiveProcess,
  NtDebugContinue,
  NtRemoveProcessDebug,
  NtSetInformationDebugObject,
  NtWaitForDebugEvent,
  type DBGUI_WAIT_STATE_CHANGE,
  type NtCreateDebugObjectParameters,
} from './debug-services.js';
export { KiDispatchException, PspUserThreadStartup } from './thread-startup.js';
export {
  NtQueryInformationThread,
  ThreadBasicInformation,
  type THREAD_BASIC_INFORMATION,
} from './query-thread.js';
