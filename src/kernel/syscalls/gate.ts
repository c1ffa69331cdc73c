import { UserMode } from './types.js';
import type { SystemServiceTable } from './dispatch.js';
import type { SyscallGate } from './types.js';

/**
 * The gate ntdll's stubs go through: a `syscall` from user mode enters KiSystemService with
 * PreviousMode = UserMode on behalf of whatever thread is current when it executes.
 */
export function createSyscallGate<TContext>(
  table: SystemServiceTable<TContext>,
  currentContext: () => TContext,
): SyscallGate {
  return {
    syscall: (number, args) =>
      table.KiSystemService({ service: number, args, previousMode: UserMode, context: currentContext() }),
  };
}
