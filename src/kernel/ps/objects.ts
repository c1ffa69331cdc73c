import type { TOKEN } from '../se/index.js';
import type { HandleTable, ObjectHeader } from '../ob/index.js';
import type { AddressSpace, MappedView, Section } from '../mm/index.js';
import type { EJOB } from './job.js';
import type { DEBUG_OBJECT, DEBUG_EVENT } from './debug-object.js';
import { NORMAL_BASE_PRIORITY, STATUS_PENDING } from './constants.js';

/** What kind of process this is, for views (scenario.md ProcessView.kind). */
export type ProcessKind = 'system' | 'win32' | 'native' | 'minimal' | 'pico' | 'trustlet';

/**
 * EPROCESS (with its KPROCESS Pcb) as a typed object: the fields the model uses, named as in the
 * 19045 layout (src/base/layout/win10-19045-x64, reference §1.2). The console shows them at the
 * layout's offsets from the object's kernel address.
 */
export class EPROCESS {
  header: ObjectHeader<EPROCESS> | null = null;
  UniqueProcessId = 0;
  InheritedFromUniqueProcessId = 0;
  /** EPROCESS.Token (an _EX_FAST_REF to the primary token). */
  Token: TOKEN | null = null;
  /** EPROCESS.ObjectTable: the process's handle table (null once ObKillProcess ran). */
  ObjectTable: HandleTable | null = null;
  /** EPROCESS.Peb: the PEB's user-mode address, 0 for System and minimal processes. */
  Peb = 0;
  SectionObject: Section | null = null;
  SectionBaseAddress = 0;
  /** EPROCESS.ImageFileName: the first 15 bytes of the image's base name. */
  ImageFileName = '';
  /** EPROCESS.Protection: PS_PROTECTION {Type:3, Audit:1, Signer:4}. */
  Protection = 0;
  SignatureLevel = 0;
  SectionSignatureLevel = 0;
  /** EPROCESS.DebugPort: the debug object the process reports to (DEBUG_PROCESS, DebugActiveProcess). */
  DebugPort: DEBUG_OBJECT | null = null;
  /** EPROCESS.Flags (PS_PROCESS_FLAGS_*: CreateReported, NoDebugInherit, BreakOnTermination, …). */
  Flags = 0;
  Flags2 = 0;
  /** EPROCESS.Flags3: bit 0 Minimal (PS_PROCESS_FLAGS3_MINIMAL). */
  Flags3 = 0;
  /** KPROCESS.BasePriority. */
  BasePriority = NORMAL_BASE_PRIORITY;
  /** EPROCESS.Job: the job the process is in (referenced), inherited from the parent (job.ts). */
  Job: EJOB | null = null;
  /** EPROCESS.ServerSilo (@0x870): the server silo the process is in, null for the host (silo.ts). */
  ServerSilo: EJOB | null = null;
  /** EPROCESS.MitigationFlags / MitigationFlags2 (MitigationFlagsValues bits; mitigation.ts). */
  MitigationFlags = 0;
  MitigationFlags2 = 0;
  /** The PROCESS_CREATION_MITIGATION_POLICY(2) maps the creator gave (PsAttributeMitigationOptions). */
  mitigationOptions: [bigint, bigint] = [0n, 0n];
  Win32Process: unknown = null;
  DxgProcess: unknown = null;
  PicoContext: unknown = null;
  /**
   * KPROCESS.SecureState.SecureHandle (@0x3e0; bit 0 Flags.SecureProcess): the trustlet's handle in
   * the secure kernel, 0 for every other process (kernel/ps secure-process.ts).
   */
  SecureState = 0n;
  /** KPROCESS.DirectoryTableBase stand-in: the address space. */
  addressSpace: AddressSpace | null = null;
  imageView: MappedView | null = null;
  /** ntdll's view (PspMapSystemDll), null for System and minimal processes. */
  ntdllView: MappedView | null = null;
  SessionId = 0;
  CreateTime = 0n;
  ExitTime = 0n;
  ExitStatus = STATUS_PENDING;
  /** ThreadListHead. */
  readonly threads: ETHREAD[] = [];
  /** SeAuditProcessCreationInfo.ImageFileName: the NT path of the image. */
  imageFileNtPath = '';
  /** The Win32 path and command line the creator asked for (from the process parameters). */
  imagePath = '';
  commandLine = '';
  currentDirectory = '';
  kind: ProcessKind = 'win32';
  /** The address of RTL_USER_PROCESS_PARAMETERS in the process, 0 when none. */
  processParameters = 0;
  get exited(): boolean {
    return this.ExitStatus !== STATUS_PENDING;
  }
  /** EPROCESS.ActiveThreads: threads that have not terminated. */
  get activeThreads(): number {
    let n = 0;
    for (const t of this.threads) if (t.State !== 'Terminated') n++;
    return n;
  }
}

/** ETHREAD (with its KTHREAD Tcb): the fields the model uses (reference §1.4–1.5). */
export class ETHREAD {
  header: ObjectHeader<ETHREAD> | null = null;
  /** Cid: {UniqueProcess, UniqueThread} (UniqueThread is 0 until PspInsertThread gives it). */
  readonly Cid: { UniqueProcess: number; UniqueThread: number };
  /** KTHREAD.Teb: the TEB's user address, 0 for system and minimal threads. */
  Teb = 0;
  StartAddress = 0;
  Win32StartAddress = 0;
  /** KTHREAD.SuspendCount. */
  SuspendCount = 0;
  State: 'Initialized' | 'Ready' | 'Running' | 'Waiting' | 'Terminated' = 'Initialized';
  ExitStatus = STATUS_PENDING;
  PicoContext: unknown = null;
  /** KTHREAD.SecureThreadCookie (@0x31c): the secure kernel's cookie for a trustlet's thread, else 0. */
  SecureThreadCookie = 0;
  CreateTime = 0n;
  /**
   * The debug message the thread waits on the reply to (DbgkpSendApiMessage): it does not run until
   * the debugger continues it (NtDebugContinue) or the debug object goes.
   */
  debugWait: DEBUG_EVENT | null = null;
  /** ETHREAD.CrossThreadFlags.HideFromDebugger: the thread's events never reach a debugger. */
  HideFromDebugger = false;
  /** ETHREAD.CrossThreadFlags.SkipCreationMsg: a thread whose creation the debugger was already told of. */
  debugCreateReported = false;
  stackBase = 0;
  stackLimit = 0;
  /** The user stack's reservation (TEB.DeallocationStack), 0 without a TEB. */
  deallocationStack = 0;
  /** KTHREAD.Header.DebugActive.Minimal: a thread of a minimal process (no TEB, no user stack). */
  Minimal = false;
  /** KTHREAD.SystemThread: a thread of the System process (cannot be terminated from outside). */
  SystemThread = false;
  /**
   * The model's stand-in for the reference a thread holds on itself while it runs (dropped by
   * PspExitThread; the reaper's ObDereferenceObject in WRK ps/psdelete.c PspReaper).
   */
  runReference = false;
  constructor(
    readonly process: EPROCESS,
    uniqueThread: number,
  ) {
    this.Cid = { UniqueProcess: process.UniqueProcessId, UniqueThread: uniqueThread };
  }
}
