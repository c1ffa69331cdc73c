import type { NTSTATUS } from '../../base/index.js';
import { DbgkCreateThread, DbgkForwardException } from './dbgk.js';
import type { ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';

/**
 * PspUserThreadStartup: the kernel side of a thread's first step into user mode (Windows Internals
 * 7 ch. 3, "Stage 7"). A thread of a debugged process first tells the debugger (DbgkCreateThread)
 * and waits for its reply. Returns whether the thread may go on to LdrInitializeThunk now; while
 * a debug message waits for its reply (ETHREAD.debugWait) it may not.
 */
export function PspUserThreadStartup(ps: PsSystem, thread: ETHREAD): boolean {
  return !thread.debugWait && !DbgkCreateThread(ps, thread);
}

/**
 * KiDispatchException for an exception raised in user mode (a breakpoint's `int 3` traps into
 * KiBreakpointTrap, which gets here): a debugged process's exception goes first to its debugger
 * (DbgkForwardException, first chance). Answers `debugger` when the debugger had it, `user` when
 * the thread must dispatch it in user mode (KiUserExceptionDispatcher).
 */
export function KiDispatchException(
  ps: PsSystem,
  thread: ETHREAD,
  exception: { ExceptionCode: NTSTATUS; ExceptionAddress: number },
): 'debugger' | 'user' {
  return DbgkForwardException(ps, thread, exception, true) ? 'debugger' : 'user';
}
