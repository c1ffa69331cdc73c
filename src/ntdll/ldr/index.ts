// The ntdll loader (LdrInitializeThunk and the Ldr* APIs): runs in the new process through its
// Nt* stubs and memory; see context.ts for what the machine hands it.
export * from './context.js';
export type {
  LdrGlobals,
  LdrModule,
  LdrMissing,
  LdrUnresolved,
  LdrResolvedBy,
  LdrDllNotification,
} from './globals.js';
export { LoadReason, LdrDdagState } from './globals.js';
export { LdrInitializeThunk, LdrpInitializeProcess, type LdrInitializeResult } from './initialize-process.js';
export {
  LdrLoadDll,
  LdrGetDllHandle,
  LdrGetProcedureAddress,
  LdrUnloadDll,
  LdrRegisterDllNotification,
  LdrUnregisterDllNotification,
  LdrSetDllDirectory,
  LdrAddDllDirectory,
  LdrRemoveDllDirectory,
  LdrSetDefaultDllDirectories,
  LdrResolveDelayLoadedAPI,
  DELAYLOAD_EXCEPTION_MOD_NOT_FOUND,
  DELAYLOAD_EXCEPTION_PROC_NOT_FOUND,
  type LdrLoadDllResult,
} from './load-dll.js';
export {
  LdrpComputeSearchPath,
  LOAD_LIBRARY,
  type LdrSearchStep,
  type LdrProbe,
  type SearchPathInputs,
} from './search-path.js';
export { ApiSetResolveToHost } from './apiset.js';
export { readPebLdr, type LdrEntryView, type PebLdrView } from './module-list.js';
export { RtlHashUnicodeString } from './unicode.js';
export { ldrOffsets, NtCurrentTebClientId, RtlGetCurrentPeb, type LdrOffsets } from './offsets.js';
