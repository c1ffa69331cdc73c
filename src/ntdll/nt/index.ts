export { NT_STUB_DECLARATIONS, type NtStubArgs, type NtStubName } from './declarations.js';
export {
  createNtStubs,
  ntStubOutNumber,
  ntStubServiceNumber,
  ntStubTraceLabel,
  type NtStubEvent,
  type NtStubHook,
  type NtStubs,
} from './stubs.js';
export {
  NTDLL_SYSCALL_STUB_SIZE,
  NTDLL_SYSCALL_STUB_STRIDE,
  ntdllSyscallStub,
  ntdllSyscallStubNumber,
  ntdllSyscallStubPadded,
} from './stub-bytes.js';
export { ntStubTraceHook } from './stub-trace.js';
