import { Clock, ModelError, Rng, Trace } from '../base/index.js';
import type { CmRegistry } from './cm/index.js';
import { MmSystem } from './mm/index.js';
import { createBootNamespace, ObCloseHandle, ObjectManager, type ObjectNamespace } from './ob/index.js';
import {
  NtAssignProcessToJobObject,
  NtCreateJobObject,
  NtOpenJobObject,
  NtQueryInformationJobObject,
  NtSetInformationJobObject,
  NtCreateProcessEx,
  NtCreateThreadEx,
  NtCreateUserProcess,
  NtDuplicateObject,
  NtDuplicateToken,
  NtQueryInformationToken,
  NtSetInformationToken,
  NtAdjustPrivilegesToken,
  NtOpenProcess,
  NtOpenProcessToken,
  NtOpenProcessTokenEx,
  NtOpenThread,
  NtQueryInformationProcess,
  NtReadVirtualMemory,
  NtResumeThread,
  NtSuspendThread,
  NtTerminateProcess,
  NtTerminateThread,
  NtWriteVirtualMemory,
  PspCheckObjectAccess,
  PspCreateSecureSystemProcess,
  PsAltSystemCallDispatch,
  PspCreateSystemProcess,
  PsSystem,
  type EPROCESS,
  type NtCreateProcessExParameters,
  type NtCreateThreadExParameters,
  type NtCreateJobObjectParameters,
  type NtCreateUserProcessParameters,
  type NtDuplicateObjectParameters,
  type NtDuplicateTokenParameters,
  type NtOpenParameters,
  type PsCaller,
} from './ps/index.js';
import { createLuidAllocator, UserMode, type LuidAllocator } from './se/index.js';
import { SecureKernel } from './sk/index.js';
import { registerLoaderServices } from './loader-services.js';
import { registerRegistryWriteServices } from './registry-services.js';
import { registerDebugServices } from './debug-services.js';
import { answer, handle, num, serviceRegistrar } from './service-registrar.js';
import { SystemServiceTable, type KPROCESSOR_MODE, type ServiceArgs } from './syscalls/index.js';

export interface KernelOptions {
  /** The machine's object namespace (volumes, \GLOBAL?? links, \REGISTRY). */
  namespace: ObjectNamespace;
  registry: CmRegistry;
  /** The API set schema every process maps (the machine's apisetschema.dll), or null. */
  apiSetSchema: Uint8Array | null;
  /** The boot's seed: ASLR, cookies — the same seed gives the same machine, byte for byte. */
  seed?: number;
  trace?: Trace;
  clock?: Clock;
  /**
   * Virtualization-based security (the machine setting `vbs`): the secure kernel runs beside this one
   * (kernel/sk) and PspInitPhase1 makes "Secure System".
   */
  vbs?: boolean;
}

/**
 * ntoskrnl, composed: the object manager, the memory manager, the process manager and the system
 * service table, over the machine's namespace and registry (KiSystemStartup → Phase 0/1 in
 * miniature). Services are reached through `services` (the syscall gate); kernel-mode callers (boot)
 * may call the routines directly with PreviousMode = KernelMode.
 */
export class Kernel {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly trace: Trace;
  readonly ob: ObjectManager;
  readonly mm: MmSystem;
  readonly ps: PsSystem;
  readonly luids: LuidAllocator;
  readonly services = new SystemServiceTable<PsCaller>();

  constructor(o: KernelOptions) {
    this.clock = o.clock ?? new Clock();
    this.rng = new Rng(o.seed ?? 1);
    this.trace = o.trace ?? Trace.disabled();
    this.ob = new ObjectManager({ namespace: o.namespace, trace: this.trace });
    createBootNamespace(this.ob, { sessions: [0, 1] });
    const aslr = this.rng.fork('mm');
    this.mm = new MmSystem({ nextU32: () => aslr.nextU32() });
    this.luids = createLuidAllocator();
    this.ps = new PsSystem({
      ob: this.ob,
      mm: this.mm,
      luids: this.luids,
      registry: o.registry,
      clock: this.clock,
      trace: this.trace,
      apiSetSchema: o.apiSetSchema,
    });
    // The object manager asks the security reference monitor for its access decisions from now on:
    // SeAccessCheck for objects that have a security descriptor (processes, threads, tokens).
    this.ob.accessCheck = PspCheckObjectAccess;
    const sys = PspCreateSystemProcess(this.ps);
    if (!sys.process)
      throw new ModelError('kernel.system', `the System process could not be created: ${sys.status}`);
    if (o.vbs) {
      // VslVsmEnabled: the secure kernel hosts trustlets; "Secure System" is its VTL0 stand-in.
      this.ps.vbsEnabled = true;
      this.ps.secureKernel = new SecureKernel({ trace: this.trace });
      PspCreateSecureSystemProcess(this.ps);
    }
    this.registerServices();
    // KiSystemServiceUser: a pico thread's system calls go to the pico provider (ps/pico.ts).
    this.services.setAltSystemCallDispatch((trap) =>
      trap.previousMode === UserMode
        ? PsAltSystemCallDispatch(this.ps, trap.number, trap.args, trap.context.thread)
        : undefined,
    );
  }

  get systemProcess(): EPROCESS {
    return this.ps.systemProcess!;
  }

  /** The caller context of a thread of `process`, for services called on its behalf. */
  caller(process: EPROCESS, previousMode: KPROCESSOR_MODE = UserMode): PsCaller {
    return {
      process,
      thread: process.threads.find((t) => t.State !== 'Terminated') ?? process.threads[0] ?? null,
      previousMode,
    };
  }

  /**
   * KiServiceTable's handlers: each service takes its arguments by their phnt names (the ntdll stub
   * declarations) and answers its status with the out parameters it wrote.
   */
  private registerServices(): void {
    const ps = this.ps;
    const on = serviceRegistrar(this.services);

    on('NtCreateUserProcess', (args, caller) => {
      const r = NtCreateUserProcess(ps, caller, args as unknown as NtCreateUserProcessParameters);
      return answer(r, ['ProcessHandle', 'ThreadHandle']);
    });
    on('NtCreateProcessEx', (args, caller) =>
      answer(NtCreateProcessEx(ps, caller, args as unknown as NtCreateProcessExParameters), [
        'ProcessHandle',
      ]),
    );
    on('NtCreateThreadEx', (args, caller) =>
      answer(NtCreateThreadEx(ps, caller, args as unknown as NtCreateThreadExParameters), ['ThreadHandle']),
    );
    on('NtOpenProcess', (args, caller) =>
      answer(NtOpenProcess(ps, caller, args as unknown as NtOpenParameters), ['ProcessHandle']),
    );
    on('NtOpenThread', (args, caller) =>
      answer(NtOpenThread(ps, caller, args as unknown as NtOpenParameters), ['ThreadHandle']),
    );
    on('NtTerminateProcess', (args, caller) => ({
      status: NtTerminateProcess(ps, caller, handle(args.ProcessHandle), num(args.ExitStatus)),
    }));
    on('NtTerminateThread', (args, caller) => ({
      status: NtTerminateThread(ps, caller, handle(args.ThreadHandle), num(args.ExitStatus)),
    }));
    on('NtSuspendThread', (args, caller) =>
      answer(NtSuspendThread(ps, caller, handle(args.ThreadHandle)), ['PreviousSuspendCount']),
    );
    on('NtResumeThread', (args, caller) =>
      answer(NtResumeThread(ps, caller, handle(args.ThreadHandle)), ['PreviousSuspendCount']),
    );
    on('NtClose', (args, caller) => ({
      status: ObCloseHandle(this.ob, caller.process, handle(args.Handle), caller.previousMode),
    }));
    on('NtDuplicateObject', (args, caller) =>
      answer(NtDuplicateObject(ps, caller, args as unknown as NtDuplicateObjectParameters), ['TargetHandle']),
    );
    on('NtQueryInformationProcess', (args, caller) =>
      answer(
        NtQueryInformationProcess(ps, caller, {
          ProcessHandle: handle(args.ProcessHandle),
          ProcessInformationClass: num(args.ProcessInformationClass),
          ...(args.ProcessInformationLength !== undefined
            ? { ProcessInformationLength: num(args.ProcessInformationLength) }
            : {}),
          ...(args.ProcessInformation !== undefined ? { ProcessInformation: args.ProcessInformation } : {}),
        }),
        ['ProcessInformation', 'ReturnLength'],
      ),
    );
    on('NtReadVirtualMemory', (args, caller) =>
      answer(
        NtReadVirtualMemory(ps, caller, {
          ProcessHandle: handle(args.ProcessHandle),
          BaseAddress: num(args.BaseAddress),
          BufferSize: num(args.BufferSize),
        }),
        ['Buffer', 'NumberOfBytesRead'],
      ),
    );
    on('NtWriteVirtualMemory', (args, caller) =>
      answer(
        NtWriteVirtualMemory(ps, caller, {
          ProcessHandle: handle(args.ProcessHandle),
          BaseAddress: num(args.BaseAddress),
          Buffer: args.Buffer instanceof Uint8Array ? args.Buffer : new Uint8Array(0),
          ...(args.BufferSize !== undefined ? { BufferSize: num(args.BufferSize) } : {}),
        }),
        ['NumberOfBytesWritten'],
      ),
    );
    on('NtOpenProcessToken', (args, caller) =>
      answer(NtOpenProcessToken(ps, caller, handle(args.ProcessHandle), num(args.DesiredAccess)), [
        'TokenHandle',
      ]),
    );
    on('NtOpenProcessTokenEx', (args, caller) =>
      answer(
        NtOpenProcessTokenEx(
          ps,
          caller,
          handle(args.ProcessHandle),
          num(args.DesiredAccess),
          num(args.HandleAttributes),
        ),
        ['TokenHandle'],
      ),
    );
    // Job objects (job.ts): NtCreateJobObject, NtAssignProcessToJobObject, and the limit and
    // accounting classes of NtSetInformationJobObject / NtQueryInformationJobObject.
    on('NtCreateJobObject', (args, caller) =>
      answer(NtCreateJobObject(ps, caller, args as unknown as NtCreateJobObjectParameters), ['JobHandle']),
    );
    on('NtOpenJobObject', (args, caller) =>
      answer(NtOpenJobObject(ps, caller, args as unknown as Parameters<typeof NtOpenJobObject>[2]), [
        'JobHandle',
      ]),
    );
    on('NtAssignProcessToJobObject', (args, caller) => ({
      status: NtAssignProcessToJobObject(ps, caller, handle(args.JobHandle), handle(args.ProcessHandle)),
    }));
    const jobInfo = (args: ServiceArgs) => ({
      JobHandle: handle(args.JobHandle),
      JobObjectInformationClass: num(args.JobObjectInformationClass),
      ...(args.JobObjectInformation !== undefined ? { JobObjectInformation: args.JobObjectInformation } : {}),
      ...(args.JobObjectInformationLength !== undefined
        ? { JobObjectInformationLength: num(args.JobObjectInformationLength) }
        : {}),
    });
    on('NtSetInformationJobObject', (args, caller) => ({
      status: NtSetInformationJobObject(ps, caller, jobInfo(args)),
    }));
    on('NtQueryInformationJobObject', (args, caller) =>
      answer(NtQueryInformationJobObject(ps, caller, jobInfo(args)), [
        'JobObjectInformation',
        'ReturnLength',
      ]),
    );
    on('NtDuplicateToken', (args, caller) =>
      answer(NtDuplicateToken(ps, caller, args as unknown as NtDuplicateTokenParameters), ['NewTokenHandle']),
    );
    // Token information (ps/token-info-services.ts): what LSA, seclogon and user code ask of tokens.
    on('NtQueryInformationToken', (args, caller) =>
      answer(
        NtQueryInformationToken(ps, caller, {
          TokenHandle: handle(args.TokenHandle),
          TokenInformationClass: num(args.TokenInformationClass),
        }),
        ['TokenInformation'],
      ),
    );
    on('NtSetInformationToken', (args, caller) => ({
      status: NtSetInformationToken(ps, caller, {
        TokenHandle: handle(args.TokenHandle),
        TokenInformationClass: num(args.TokenInformationClass),
        TokenInformation: args.TokenInformation,
      }),
    }));
    on('NtAdjustPrivilegesToken', (args, caller) =>
      answer(
        NtAdjustPrivilegesToken(ps, caller, {
          TokenHandle: handle(args.TokenHandle),
          DisableAllPrivileges: args.DisableAllPrivileges === true,
          NewState: (args.NewState as { Luid: number; Attributes: number }[] | null | undefined) ?? null,
        }),
        ['PreviousState'],
      ),
    );
    registerLoaderServices(on, ps);
    registerRegistryWriteServices(on, ps);
    registerDebugServices(on, ps);
  }
}
