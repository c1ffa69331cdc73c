import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObDereferenceObject, type ObjectHeader } from '../ob/index.js';
import {
  PROCESS_ALL_ACCESS,
  PROCESS_CREATE_PROCESS,
  PROCESS_CREATE_THREAD,
  THREAD_ALL_ACCESS,
  TOKEN_ASSIGN_PRIMARY,
  TokenPrimary,
  type TOKEN,
} from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PROCESS_CREATE_FLAGS } from './constants.js';
import { PspCreateThread } from './create-thread.js';
import { PspHandleArg, PspReferenceProcessByHandle } from './handles.js';
import { PsCreateMinimalProcess } from './minimal-process.js';
import { PspReferenceObjectByHandle } from './object-attributes.js';
import type { EPROCESS, ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { KeResumeThread, PsSuspendThread } from './suspend.js';
import { PspTerminateProcess, PspTerminateThreadByPointer } from './terminate.js';

// Pico processes (reference §6): a pico provider — WSL 1's lxcore.sys — runs processes the NT
// kernel knows only as minimal processes, and answers their system calls and exceptions itself.

/** sizeof(PS_PICO_PROVIDER_ROUTINES) on x64 RS1 and later (reference §6.1, computed). */
export const PS_PICO_PROVIDER_ROUTINES_SIZE = 0x58;
/** sizeof(PS_PICO_ROUTINES): 12 pointer-sized members (reference §6.1). */
export const PS_PICO_ROUTINES_SIZE = 0x60;
/** EPROCESS.Flags2 bit 10, PicoCreated (reference §1.3). */
export const PS_PROCESS_FLAGS2_PICO_CREATED = 1 << 10;
/** SUBSYSTEM_INFORMATION_TYPE (phnt ntpsapi.h): SubsystemInformationTypeWin32 0, WSL 1. */
export const SubsystemInformationTypeWin32 = 0;
export const SubsystemInformationTypeWSL = 1;

/** PS_PICO_CREATE_PROCESS flags (reference §6.2). */
export const PS_PICO_CREATE_PROCESS = {
  CLONE_PARENT: 0x1,
  INHERIT_HANDLES: 0x2,
  CLONE_REDUCED_COMMIT: 0x4,
  BREAKAWAY: 0x8,
  PACKAGED_PROCESS: 0x10,
} as const;
const PS_PICO_CREATE_PROCESS_VALID = 0x1f;

/**
 * The registers of a system call as the trap frame holds them (x64 Linux ABI: the number in rax,
 * arguments in rdi, rsi, rdx, r10, r8, r9; the result goes back in rax).
 */
export interface KTRAP_FRAME {
  Rax: number;
  Rdi: number;
  Rsi: number;
  Rdx: number;
  R10: number;
  R8: number;
  R9: number;
}

/**
 * PS_PICO_SYSTEM_CALL_INFORMATION {PKTRAP_FRAME TrapFrame}. The provider finds the calling thread
 * with PsGetCurrentThread on Windows; the model hands it over as `Thread`.
 */
export interface PS_PICO_SYSTEM_CALL_INFORMATION {
  TrapFrame: KTRAP_FRAME;
  Thread: ETHREAD;
}

/** PS_PICO_PROVIDER_ROUTINES: what a provider gives the kernel (reference §6.1, in order). */
export interface PS_PICO_PROVIDER_ROUTINES {
  Size: number;
  DispatchSystemCall(info: PS_PICO_SYSTEM_CALL_INFORMATION): void;
  ExitThread(thread: ETHREAD): void;
  ExitProcess(process: EPROCESS): void;
  /** The model dispatches no user-mode exceptions of pico threads; kept for the shape. */
  DispatchException(): boolean;
  TerminateProcess(process: EPROCESS, terminateStatus: NTSTATUS): NTSTATUS;
  WalkUserStack(): number;
  ProtectedRanges: readonly { start: number; end: number }[];
  /** NULL (null) for RS4+ providers, which pass the name at creation (lxmonika picosupport.cpp). */
  GetAllocatedProcessImageName: ((process: EPROCESS) => string | null) | null;
  /** OpenProcessAllowedAccess: the rights others may get to a pico process (⊆ PROCESS_ALL_ACCESS). */
  OpenProcess: number;
  /** OpenThreadAllowedAccess: the rights others may get to a pico thread (⊆ THREAD_ALL_ACCESS). */
  OpenThread: number;
  SubsystemInformationType: number;
}

/** PS_PICO_PROCESS_ATTRIBUTES (reference §6.2). */
export interface PS_PICO_PROCESS_ATTRIBUTES {
  ParentProcess: number;
  Token?: number;
  Context: unknown;
  Flags?: number;
}

/** PS_PICO_PROCESS_CREATE_CONTEXT (optional): the image name and command line the provider gives. */
export interface PS_PICO_PROCESS_CREATE_CONTEXT {
  ImageName?: string;
  CommandLine?: string;
}

/** PS_PICO_THREAD_ATTRIBUTES (reference §6.2; the registers the thread starts with are not modelled). */
export interface PS_PICO_THREAD_ATTRIBUTES {
  Process: number;
  UserStack?: number;
  StartRoutine: number;
  StartParameter1?: number;
  StartParameter2?: number;
  UserFsBase?: number;
  UserGsBase?: number;
  Context: unknown;
}

/** PS_PICO_THREAD_DESCRIPTOR_TYPE. */
export const PicoThreadDescriptorTypeFs = 0;
export const PicoThreadDescriptorTypeGs = 1;

/** PS_PICO_ROUTINES: what the kernel fills in for the provider (reference §6.2, in order). */
export interface PS_PICO_ROUTINES {
  Size: number;
  CreateProcess(
    caller: PsCaller,
    attributes: PS_PICO_PROCESS_ATTRIBUTES,
    context?: PS_PICO_PROCESS_CREATE_CONTEXT,
  ): { status: NTSTATUS; ProcessHandle?: number; process?: EPROCESS };
  CreateThread(
    caller: PsCaller,
    attributes: PS_PICO_THREAD_ATTRIBUTES,
  ): { status: NTSTATUS; ThreadHandle?: number; thread?: ETHREAD };
  GetProcessContext(process: EPROCESS): unknown;
  GetThreadContext(thread: ETHREAD): unknown;
  GetContextThreadInternal(thread: ETHREAD): NTSTATUS;
  SetContextThreadInternal(thread: ETHREAD): NTSTATUS;
  TerminateThread(thread: ETHREAD, exitStatus: NTSTATUS, directTerminate: boolean): NTSTATUS;
  ResumeThread(thread: ETHREAD): { status: NTSTATUS; PreviousSuspendCount: number };
  SetThreadDescriptorBase(thread: ETHREAD, type: number, base: number): void;
  SuspendThread(thread: ETHREAD): { status: NTSTATUS; PreviousSuspendCount: number };
  TerminateProcess(process: EPROCESS, exitStatus: NTSTATUS): NTSTATUS;
}

/** The kernel's pico state: PspPicoProviderRoutines and the registration flag. */
interface PspPicoState {
  provider: PS_PICO_PROVIDER_ROUTINES | null;
  /** PspPicoRegistrationDisabled: set when the window closes and by a successful registration. */
  registrationDisabled: boolean;
  descriptorBases: WeakMap<ETHREAD, { fs: number; gs: number }>;
}
const picoState = new WeakMap<PsSystem, PspPicoState>();
function statePsp(ps: PsSystem): PspPicoState {
  let s = picoState.get(ps);
  if (!s)
    picoState.set(ps, (s = { provider: null, registrationDisabled: false, descriptorBases: new WeakMap() }));
  return s;
}

/** PspPicoProviderRoutines: the registered provider, or null. */
export function PsGetPicoProviderRoutines(ps: PsSystem): PS_PICO_PROVIDER_ROUTINES | null {
  return statePsp(ps).provider;
}

/**
 * The registration window closes before the first driver that is not a core Microsoft driver
 * loads (Windows Internals 7 via the WSL internals notes, reference §6.3): from then on
 * PsRegisterPicoProvider is STATUS_TOO_LATE. Boot calls this at the end of the boot-driver phase.
 */
export function PspDisablePicoProviderRegistration(ps: PsSystem): void {
  statePsp(ps).registrationDisabled = true;
}

/**
 * PsRegisterPicoProvider(ProviderRoutines, PicoRoutines), in the order lxmonika's probing of the
 * kernel shows (picosupport.cpp PicoSppDetermineAbiStatus): ProviderRoutines.Size must be 0x58 and
 * PicoRoutines.Size 0x60, else STATUS_INFO_LENGTH_MISMATCH (the first structure is checked before
 * the second is read); OpenProcess/OpenThread must lie within PROCESS_ALL_ACCESS/THREAD_ALL_ACCESS,
 * else STATUS_INVALID_PARAMETER; then, once the window has closed, STATUS_TOO_LATE. There is one
 * provider at a time (reference §6.3; lxmonika exists to multiplex it): a successful registration
 * disables further ones, so a second provider gets STATUS_TOO_LATE too (the model's reading of
 * "only one"). On success the kernel copies the provider's routines (PspPicoProviderRoutines) and
 * fills PicoRoutines with its own: PspCreatePicoProcess, PspCreatePicoThread,
 * PspGetPicoProcessContext, PspGetPicoThreadContext, PspPicoGetContextThreadEx,
 * PspPicoSetContextThreadEx, PspTerminateThreadByPointer, PsResumeThread,
 * PspSetPicoThreadDescriptorBase, PsSuspendThread, PspTerminatePicoProcess (the names lxmonika
 * resolves them to).
 */
export function PsRegisterPicoProvider(
  ps: PsSystem,
  ProviderRoutines: PS_PICO_PROVIDER_ROUTINES,
  PicoRoutines: { Size: number } & Partial<PS_PICO_ROUTINES>,
): NTSTATUS {
  return ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PsRegisterPicoProvider',
      channel: 'ps',
      args: { ProviderSize: ProviderRoutines.Size, PicoSize: PicoRoutines.Size },
    },
    () => ({ status: registerPicoProvider(ps, ProviderRoutines, PicoRoutines) }),
  ).status;
}

function registerPicoProvider(
  ps: PsSystem,
  ProviderRoutines: PS_PICO_PROVIDER_ROUTINES,
  PicoRoutines: { Size: number } & Partial<PS_PICO_ROUTINES>,
): NTSTATUS {
  const state = statePsp(ps);
  if (ProviderRoutines.Size !== PS_PICO_PROVIDER_ROUTINES_SIZE) return STATUS.INFO_LENGTH_MISMATCH;
  if (PicoRoutines.Size !== PS_PICO_ROUTINES_SIZE) return STATUS.INFO_LENGTH_MISMATCH;
  if (ProviderRoutines.OpenProcess & ~PROCESS_ALL_ACCESS || ProviderRoutines.OpenThread & ~THREAD_ALL_ACCESS)
    return STATUS.INVALID_PARAMETER;
  if (state.registrationDisabled) return STATUS.TOO_LATE;
  state.provider = { ...ProviderRoutines };
  state.registrationDisabled = true;
  Object.assign(PicoRoutines, PspPicoRoutines(ps));
  return STATUS.SUCCESS;
}

/** The kernel's PS_PICO_ROUTINES. */
function PspPicoRoutines(ps: PsSystem): PS_PICO_ROUTINES {
  return {
    Size: PS_PICO_ROUTINES_SIZE,
    CreateProcess: (caller, attributes, context) => PspCreatePicoProcess(ps, caller, attributes, context),
    CreateThread: (caller, attributes) => PspCreatePicoThread(ps, caller, attributes),
    GetProcessContext: (process) => process.PicoContext,
    GetThreadContext: (thread) => thread.PicoContext,
    // No CPU context is modelled for any thread.
    GetContextThreadInternal: () => STATUS.NOT_IMPLEMENTED,
    SetContextThreadInternal: () => STATUS.NOT_IMPLEMENTED,
    TerminateThread: (thread, exitStatus) => PspTerminateThreadByPointer(ps, thread, exitStatus),
    ResumeThread: (thread) => ({ status: STATUS.SUCCESS, PreviousSuspendCount: KeResumeThread(thread) }),
    SetThreadDescriptorBase: (thread, type, base) => {
      const bases = statePsp(ps).descriptorBases;
      const b = bases.get(thread) ?? { fs: 0, gs: 0 };
      if (type === PicoThreadDescriptorTypeFs) b.fs = base;
      else b.gs = base;
      bases.set(thread, b);
    },
    SuspendThread: (thread) => {
      const r = PsSuspendThread(thread, null);
      return { status: r.status, PreviousSuspendCount: r.previous };
    },
    TerminateProcess: (process, exitStatus) => PspTerminatePicoProcess(ps, process, exitStatus),
  };
}

/** ETHREAD.UserFsBase / UserGsBase of a pico thread (PspSetPicoThreadDescriptorBase). */
export function PsGetPicoThreadDescriptorBases(ps: PsSystem, thread: ETHREAD): { fs: number; gs: number } {
  return statePsp(ps).descriptorBases.get(thread) ?? { fs: 0, gs: 0 };
}

/** A pico process: EPROCESS.Flags2.PicoCreated (reference §6.3). */
export function PsIsPicoProcess(process: EPROCESS): boolean {
  return (process.Flags2 & PS_PROCESS_FLAGS2_PICO_CREATED) !== 0;
}

/**
 * PspCreatePicoProcess (PS_PICO_ROUTINES.CreateProcess): a minimal process through
 * PsCreateMinimalProcess (reference §6.3, from decompiled xrefs) with the provider's context in
 * EPROCESS.PicoContext, Flags2.PicoCreated and kind 'pico'. ParentProcess is a handle granting
 * PROCESS_CREATE_PROCESS; Token, when given, a primary token granting TOKEN_ASSIGN_PRIMARY;
 * INHERIT_HANDLES inherits the parent's inheritable handles. CLONE_PARENT (fork: a copy of the
 * parent's address space) is STATUS_NOT_IMPLEMENTED in the model; flags outside
 * PS_PICO_CREATE_PROCESS_* are STATUS_INVALID_PARAMETER. The name is the last path element of the
 * create context's ImageName (an RS4+ provider names its processes at creation). The handle is the
 * caller's, with PROCESS_ALL_ACCESS (the provider is kernel mode).
 */
export function PspCreatePicoProcess(
  ps: PsSystem,
  caller: PsCaller,
  attributes: PS_PICO_PROCESS_ATTRIBUTES,
  context?: PS_PICO_PROCESS_CREATE_CONTEXT,
): { status: NTSTATUS; ProcessHandle?: number; process?: EPROCESS } {
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PspCreatePicoProcess',
      channel: 'ps',
      args: { Flags: attributes.Flags ?? 0, ...(context?.ImageName ? { ImageName: context.ImageName } : {}) },
    },
    () => {
      const r = createPicoProcess(ps, caller, attributes, context);
      return { status: r.status, value: r };
    },
  );
  return out.value ?? { status: out.status };
}

function createPicoProcess(
  ps: PsSystem,
  caller: PsCaller,
  attributes: PS_PICO_PROCESS_ATTRIBUTES,
  context?: PS_PICO_PROCESS_CREATE_CONTEXT,
): { status: NTSTATUS; ProcessHandle?: number; process?: EPROCESS } {
  const { ob } = ps.deps;
  const flags = (attributes.Flags ?? 0) >>> 0;
  if (!statePsp(ps).provider) return { status: STATUS.NOT_SUPPORTED };
  if (flags & ~PS_PICO_CREATE_PROCESS_VALID) return { status: STATUS.INVALID_PARAMETER };
  if (flags & PS_PICO_CREATE_PROCESS.CLONE_PARENT) return { status: STATUS.NOT_IMPLEMENTED };
  const refs: ObjectHeader[] = [];
  const done = <T>(r: T): T => {
    for (const h of refs) ObDereferenceObject(ob, h);
    return r;
  };
  const parentRef = PspReferenceProcessByHandle(
    ps,
    caller,
    PspHandleArg(attributes.ParentProcess),
    PROCESS_CREATE_PROCESS,
  );
  if (parentRef.status !== STATUS.SUCCESS) return { status: parentRef.status };
  refs.push(parentRef.header!);
  let token: TOKEN | null = null;
  const tokenHandle = PspHandleArg(attributes.Token);
  if (tokenHandle !== 0) {
    const t = PspReferenceObjectByHandle<TOKEN>(
      ps,
      caller,
      tokenHandle,
      TOKEN_ASSIGN_PRIMARY,
      ps.tokenType.typeInfo,
    );
    if (t.status !== STATUS.SUCCESS) return done({ status: t.status });
    refs.push(t.header!);
    token = t.object!;
    if (token.tokenType !== TokenPrimary) return done({ status: STATUS.BAD_TOKEN_TYPE });
  }
  const imageName = context?.ImageName ?? '';
  const created = PsCreateMinimalProcess(ps, caller, {
    ParentProcess: parentRef.object!,
    Flags: flags & PS_PICO_CREATE_PROCESS.INHERIT_HANDLES ? PROCESS_CREATE_FLAGS.INHERIT_HANDLES : 0,
    Token: token,
    Name: imageName.slice(imageName.lastIndexOf('/') + 1),
    DesiredAccess: PROCESS_ALL_ACCESS,
  });
  done(null);
  if (!created.process) return { status: created.status };
  const process = created.process;
  process.kind = 'pico';
  process.Flags2 |= PS_PROCESS_FLAGS2_PICO_CREATED;
  process.PicoContext = attributes.Context;
  process.imagePath = imageName;
  process.commandLine = context?.CommandLine ?? '';
  return { status: STATUS.SUCCESS, ProcessHandle: created.ProcessHandle!, process };
}

/**
 * PspCreatePicoThread (PS_PICO_ROUTINES.CreateThread): a thread of a pico process — a minimal
 * thread (no TEB, no user stack from the kernel: the provider gives UserStack) with the provider's
 * context in ETHREAD.PicoContext, created suspended for the provider to resume
 * (PS_PICO_ROUTINES.ResumeThread) — the model's reading; the FS/GS bases are set as
 * PspSetPicoThreadDescriptorBase would. Process is a handle granting PROCESS_CREATE_THREAD to a
 * pico process (another process: STATUS_INVALID_PARAMETER).
 */
export function PspCreatePicoThread(
  ps: PsSystem,
  caller: PsCaller,
  attributes: PS_PICO_THREAD_ATTRIBUTES,
): { status: NTSTATUS; ThreadHandle?: number; thread?: ETHREAD } {
  const out = ps.deps.trace.call(
    { layer: 'kernel', module: 'nt', fn: 'PspCreatePicoThread', channel: 'ps', args: {} },
    () => {
      const ref = PspReferenceProcessByHandle(
        ps,
        caller,
        PspHandleArg(attributes.Process),
        PROCESS_CREATE_THREAD,
      );
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
      const process = ref.object!;
      try {
        if (!PsIsPicoProcess(process)) return { status: STATUS.INVALID_PARAMETER };
        const r = PspCreateThread(ps, caller, process, {
          desiredAccess: THREAD_ALL_ACCESS,
          startAddress: attributes.StartRoutine,
          createSuspended: true,
        });
        if (!r.thread) return { status: r.status };
        r.thread.PicoContext = attributes.Context;
        statePsp(ps).descriptorBases.set(r.thread, {
          fs: attributes.UserFsBase ?? 0,
          gs: attributes.UserGsBase ?? 0,
        });
        return { status: STATUS.SUCCESS, value: { ThreadHandle: r.handle!, thread: r.thread } };
      } finally {
        ObDereferenceObject(ps.deps.ob, ref.header!);
      }
    },
  );
  return out.value ? { status: out.status, ...out.value } : { status: out.status };
}

/**
 * PspTerminatePicoProcess (PS_PICO_ROUTINES.TerminateProcess): the process exits with ExitStatus,
 * its threads with it — the provider hears ExitThread for each and ExitProcess, as for any end of
 * a pico process (PspPicoExitThread / PspPicoExitProcess). A process that already exited is
 * STATUS_PROCESS_IS_TERMINATING; not a pico process, STATUS_INVALID_PARAMETER.
 */
export function PspTerminatePicoProcess(ps: PsSystem, process: EPROCESS, exitStatus: NTSTATUS): NTSTATUS {
  return ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PspTerminatePicoProcess',
      channel: 'ps',
      args: { pid: process.UniqueProcessId, ExitStatus: exitStatus >>> 0 },
    },
    () => {
      if (!PsIsPicoProcess(process)) return { status: STATUS.INVALID_PARAMETER };
      return { status: PspTerminateProcess(ps, process, exitStatus) };
    },
  ).status;
}

/**
 * PspExitThread of a pico thread calls the provider's ExitThread (ETHREAD.CrossThreadFlags
 * PicoNotifyExit, reference §1.5 and §6.3), whoever ends the thread — the provider itself, or
 * Windows code terminating it.
 */
export function PspPicoExitThread(ps: PsSystem, thread: ETHREAD): void {
  const provider = statePsp(ps).provider;
  if (provider && PsIsPicoProcess(thread.process)) provider.ExitThread(thread);
}

/** PspExitProcess of a pico process calls the provider's ExitProcess (reference §6.1 member 3). */
export function PspPicoExitProcess(ps: PsSystem, process: EPROCESS): void {
  const provider = statePsp(ps).provider;
  if (provider && PsIsPicoProcess(process)) provider.ExitProcess(process);
}

/**
 * The rights a handle to a pico process or thread may carry when Windows code opens it from user
 * mode: at most the provider's OpenProcessAllowedAccess / OpenThreadAllowedAccess (§6.1 members
 * 9–10, lxmonika's names). The model applies them as the protection check does: a right asked for
 * explicitly outside the mask is STATUS_ACCESS_DENIED; MAXIMUM_ALLOWED is cut to the mask.
 * Kernel-mode opens (the provider's own) are not limited.
 */
export function PspPicoOpenAccess(
  ps: PsSystem,
  target: EPROCESS,
  objectType: 'Process' | 'Thread',
  desiredAccess: number,
  accessMode: number,
  result: { status: NTSTATUS; grantedAccess: number },
): { status: NTSTATUS; grantedAccess: number } {
  const provider = statePsp(ps).provider;
  if (result.status !== STATUS.SUCCESS || !provider || accessMode === 0 || !PsIsPicoProcess(target))
    return result;
  const allowed = objectType === 'Process' ? provider.OpenProcess : provider.OpenThread;
  const MAXIMUM_ALLOWED = 0x02000000;
  const beyond = (result.grantedAccess & ~allowed) >>> 0;
  if (beyond === 0) return result;
  if (!(desiredAccess & MAXIMUM_ALLOWED) || desiredAccess & ~MAXIMUM_ALLOWED & ~allowed)
    return { status: STATUS.ACCESS_DENIED, grantedAccess: 0 };
  return { status: STATUS.SUCCESS, grantedAccess: (result.grantedAccess & allowed) >>> 0 };
}

/**
 * KiSystemServiceUser's turn-off for a minimal thread (reference §6.3: KTHREAD.Header.DebugActive
 * Minimal → PsAltSystemCallDispatch → PsPicoSystemCallDispatch → the provider's DispatchSystemCall):
 * a system call from a thread of a pico process goes to the provider with its trap frame, and rax
 * comes back as the result. The stack a kernel debugger shows for it (Zhang Yinkui, "Software
 * Debugging" 2nd ed., listing 8-1): nt!KiSystemServiceUser → nt!PsPicoSystemCallDispatch →
 * LXCORE!PicoSystemCallDispatch → LXCORE!LxpSysDispatch → LXCORE!LxpSyscall_READ. Any other
 * thread: undefined (KiServiceTable answers).
 */
export function PsAltSystemCallDispatch(
  ps: PsSystem,
  number: number,
  args: Readonly<Record<string, unknown>>,
  thread: ETHREAD | null,
): { status: NTSTATUS; out: { Rax: number } } | undefined {
  const provider = statePsp(ps).provider;
  if (!provider || !thread?.Minimal || !PsIsPicoProcess(thread.process)) return undefined;
  const reg = (name: string): number => {
    const v = args[name];
    return typeof v === 'number' ? v : 0;
  };
  const frame: KTRAP_FRAME = {
    Rax: number,
    Rdi: reg('Rdi'),
    Rsi: reg('Rsi'),
    Rdx: reg('Rdx'),
    R10: reg('R10'),
    R8: reg('R8'),
    R9: reg('R9'),
  };
  const trace = ps.deps.trace;
  trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'KiSystemServiceUser',
      channel: 'ps',
      pid: thread.process.UniqueProcessId,
      args: { rax: number },
    },
    () =>
      trace.call(
        { layer: 'kernel', module: 'nt', fn: 'PsPicoSystemCallDispatch', channel: 'ps', args: {} },
        () => {
          provider.DispatchSystemCall({ TrapFrame: frame, Thread: thread });
          return { status: STATUS.SUCCESS, result: { rax: frame.Rax } };
        },
      ),
  );
  return { status: STATUS.SUCCESS, out: { Rax: frame.Rax } };
}
