import { LAYOUT_19045_X64, NtStatusError, STATUS } from '../base/index.js';
import type { Kernel } from '../kernel/kernel.js';
import {
  KiDispatchException,
  PsIsSecureProcess,
  PspSecureProcessOf,
  PspUserThreadStartup,
  type EPROCESS,
  type ETHREAD,
  type PsCaller,
} from '../kernel/ps/index.js';
import { SkCreateTrustletSyscallGate } from '../kernel/sk/index.js';
import { createSyscallGate, UserMode } from '../kernel/syscalls/index.js';
import {
  createNtStubs,
  DbgUiRemoteBreakin,
  DbgUiRemoteBreakinAddress,
  ntStubTraceHook,
  LdrInitializeThunk,
  type CsrApiPort,
  type InitRoutineCall,
  type LdrGlobals,
  type LdrInitializeResult,
  type UserModeCpu,
  type UserThreadContext,
} from '../ntdll/index.js';
import type { PeImage } from '../pe/index.js';

/** One call the processor made into module code, for tests and the trace (`initOrder` & co.). */
export interface ExecutedRoutine extends InitRoutineCall {
  pid: number;
  returned: number;
  /** `stub`: a synthesized image's `mov eax, imm32; ret`, run; `assumed`: real code, not run. */
  how: 'stub' | 'assumed';
}

/**
 * User mode on a booted machine: for a thread of a process, the context ntdll code runs with — its
 * Nt* stubs through the syscall gate as that thread (each stub call a span `ntdll!NtX`), the
 * process's address space as its memory, the processor, and ntdll's per-process data.
 *
 * The processor does not emulate x64. It runs the one instruction sequence the project's own PE
 * writer emits for entry points and callbacks (`B8 imm32 C3`: mov eax, imm32; ret — so a
 * synthesized DLL's DllMain returns what its spec said), and for any other code it records the call
 * and answers TRUE, as a well-behaved DllMain would.
 */
export class UserModeRuntime {
  private readonly data = new WeakMap<EPROCESS, { ldr?: LdrGlobals }>();
  /** Every routine the processor was asked to run, in order (unless `record` is off). */
  readonly executed: ExecutedRoutine[] = [];
  private readonly record: boolean;

  /**
   * The CSRSS connection a process's ntdll holds (its session's API port), set by whoever wires
   * the Windows subsystem; unset, no process has one.
   */
  csrPortOf: ((process: EPROCESS) => CsrApiPort | null) | undefined;

  /** `record: false` keeps no log of executed routines (long runs: benchmarks). */
  constructor(
    readonly kernel: Kernel,
    o: { record?: boolean } = {},
  ) {
    this.record = o.record ?? true;
  }

  /** ntdll's data in `process` (the loader's globals once its first thread has run). */
  processData(process: EPROCESS): { ldr?: LdrGlobals } {
    let d = this.data.get(process);
    if (!d) {
      d = {};
      this.data.set(process, d);
    }
    return d;
  }

  context(process: EPROCESS, thread: ETHREAD): UserThreadContext {
    const kernel = this.kernel;
    const as = process.addressSpace;
    if (!as || !process.ntdllView)
      throw new NtStatusError(
        STATUS.INVALID_PARAMETER,
        `${process.ImageFileName} has no user-mode address space`,
      );
    const caller: PsCaller = { process, thread, previousMode: UserMode };
    // A trustlet's system calls enter the secure kernel, which forwards only some (kernel/sk).
    const ntGate = createSyscallGate(kernel.services, () => caller);
    const gate = PsIsSecureProcess(process)
      ? SkCreateTrustletSyscallGate(ntGate, {
          trace: kernel.trace,
          pid: () => process.UniqueProcessId,
          policies: () => PspSecureProcessOf(kernel.ps, process)?.policies ?? null,
        })
      : ntGate;
    const trace = kernel.trace;
    const nt = createNtStubs(
      gate,
      ntStubTraceHook(trace, 'ldr', () => process.UniqueProcessId),
    );
    const cpu: UserModeCpu = {
      callInitRoutine: (call) => {
        let returned = 1;
        let how: ExecutedRoutine['how'] = 'assumed';
        try {
          const code = as.read(call.routine, 6);
          if (code[0] === 0xb8 && code[5] === 0xc3) {
            returned = (code[1]! | (code[2]! << 8) | (code[3]! << 16) | (code[4]! << 24)) >>> 0;
            how = 'stub';
          }
        } catch {
          // Unreadable code would fault; the model answers as if it returned TRUE.
        }
        if (this.record) this.executed.push({ ...call, pid: process.UniqueProcessId, returned, how });
        trace.note(
          `${call.module}!${call.kind}(reason ${call.reason}) → ${returned}${how === 'assumed' ? ' (real code, not run)' : ''}`,
        );
        return returned;
      },
      raiseException: (record) => KiDispatchException(kernel.ps, thread, record),
    };
    return {
      nt,
      memory: as,
      cpu,
      trace,
      layout: LAYOUT_19045_X64,
      teb: thread.Teb,
      ntdllBase: process.ntdllView.baseAddress,
      processData: this.processData(process),
      csrPort: this.csrPortOf?.(process) ?? null,
      sectionImage: (va: number): PeImage | null => as.findVad(va)?.section?.image?.image ?? null,
    };
  }

  /**
   * The initial thread's first user-mode steps: LdrInitializeThunk (the process's loader), after
   * which the thread stands at the exe's entry point — where `ntsim deps` stops. A loader failure
   * has ended the process with its status.
   */
  runInitialThread(process: EPROCESS, thread?: ETHREAD): LdrInitializeResult {
    const t = thread ?? process.threads[0];
    if (!t) throw new NtStatusError(STATUS.INVALID_PARAMETER, `${process.ImageFileName} has no thread`);
    return LdrInitializeThunk(this.context(process, t));
  }

  /**
   * A ready thread's first steps in user mode: PspUserThreadStartup (a debugged process's thread
   * tells its debugger and waits for the reply: null, the thread has not run), LdrInitializeThunk,
   * and — the one start routine of a later thread the model runs, since it is ntdll's own —
   * DbgUiRemoteBreakin for a debugger's break-in thread.
   */
  startThread(process: EPROCESS, thread: ETHREAD): LdrInitializeResult | null {
    if (!PspUserThreadStartup(this.kernel.ps, thread)) return null;
    const ctx = this.context(process, thread);
    const r = LdrInitializeThunk(ctx, thread.Win32StartAddress);
    if (
      r.status === STATUS.SUCCESS &&
      !process.exited &&
      process.threads[0] !== thread &&
      thread.Win32StartAddress !== 0 &&
      thread.Win32StartAddress === DbgUiRemoteBreakinAddress(ctx)
    )
      DbgUiRemoteBreakin(ctx);
    return r;
  }
}
