import type { NTSTATUS } from '../../base/index.js';

/**
 * KPROCESSOR_MODE: the mode the caller ran in before the service was entered (KTHREAD.PreviousMode).
 * A service called through `syscall` from user mode sees UserMode and must probe and capture its
 * arguments; a Zw* call from kernel code sees KernelMode (Windows Internals 7th ed., ch. 8, "System
 * service dispatching"; Microsoft Learn, "PreviousMode").
 */
// One type for the whole kernel: kernel/se's (KernelMode 0, UserMode 1, as KPROCESSOR_MODE in wdm.h).
export { KernelMode, UserMode, type KPROCESSOR_MODE } from '../se/index.js';

/**
 * A service's arguments as a record named after its parameters (`{ Handle }` for NtClose). The
 * model passes values, not register contents: the services are typed where they are written.
 */
export type ServiceArgs = Readonly<Record<string, unknown>>;

/** What a service returns: its NTSTATUS and, for the out parameters it wrote, their values. */
export interface SystemServiceResult<O = Readonly<Record<string, unknown>>> {
  readonly status: NTSTATUS;
  readonly out?: O;
}

/**
 * The only way user mode reaches the kernel (ARCHITECTURE.md): the `syscall` instruction, with
 * the service number in eax and the arguments where the x64 convention put them. ntdll's stubs
 * are given one; the kernel makes it (createSyscallGate) over its service table and the current
 * thread.
 */
export interface SyscallGate {
  syscall(number: number, args: ServiceArgs): SystemServiceResult;
}
