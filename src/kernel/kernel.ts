import { Clock, ModelError, Rng, STATUS, Trace } from '../base/index.js';
import type { CmRegistry } from './cm/index.js';
import { MmSystem } from './mm/index.js';
import { createBootNamespace, ObCloseHandle, ObjectManager, type ObjectNamespace } from './ob/index.js';
import {
  NtCreateUserProcess,
  PspCreateSystemProcess,
  PspTerminateProcess,
  PsSystem,
  type EPROCESS,
  type NtCreateUserProcessParameters,
  type PsCaller,
} from './ps/index.js';
import { createLuidAllocator, KernelMode, UserMode, type LuidAllocator } from './se/index.js';
import { SystemServiceTable, type KPROCESSOR_MODE } from './syscalls/index.js';

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
    const sys = PspCreateSystemProcess(this.ps);
    if (!sys.process)
      throw new ModelError('kernel.system', `the System process could not be created: ${sys.status}`);
    this.registerServices();
  }

  get systemProcess(): EPROCESS {
    return this.ps.systemProcess!;
  }

  /** The caller context of a thread of `process`, for services called on its behalf. */
  caller(process: EPROCESS, previousMode: 'KernelMode' | 'UserMode' = 'UserMode'): PsCaller {
    return {
      process,
      thread: process.threads[0] ?? null,
      previousMode: previousMode === 'KernelMode' ? KernelMode : UserMode,
    };
  }

  private registerServices(): void {
    const mode = (m: KPROCESSOR_MODE): PsCaller['previousMode'] =>
      m === 'KernelMode' ? KernelMode : UserMode;
    this.services.register('NtCreateUserProcess', ({ args, context, previousMode }) => {
      const r = NtCreateUserProcess(
        this.ps,
        { ...context, previousMode: mode(previousMode) },
        args as unknown as NtCreateUserProcessParameters,
      );
      return { status: r.status, out: { ProcessHandle: r.ProcessHandle, ThreadHandle: r.ThreadHandle } };
    });
    this.services.register('NtClose', ({ args, context, previousMode }) => ({
      status: ObCloseHandle(this.ob, context.process, Number(args.Handle), mode(previousMode)),
    }));
    this.services.register('NtTerminateProcess', ({ args, context }) => {
      const target = args.ProcessHandle === undefined || args.ProcessHandle === -1 ? context.process : null;
      if (!target) return { status: STATUS.NOT_IMPLEMENTED };
      return { status: PspTerminateProcess(this.ps, target, Number(args.ExitStatus ?? 0)) };
    });
  }
}
