import type { LayoutTable, Trace } from '../../base/index.js';
import type { PeImage } from '../../pe/index.js';
import type { NtStubs } from '../nt/index.js';
import type { CsrApiPort } from '../csr/client.js';
import type { LdrGlobals } from './globals.js';

/**
 * User mode touching its own process's memory: loads and stores that fault with
 * STATUS_ACCESS_VIOLATION (an NtStatusError) on an unmapped, uncommitted or protected page. The
 * machine hands ntdll the process's address space (kernel/mm AddressSpace has exactly these
 * methods); nothing here reaches the kernel except through `nt`.
 */
export interface UserMemory {
  read(va: number, length: number): Uint8Array;
  write(va: number, data: Uint8Array): void;
  u8(va: number): number;
  u16(va: number): number;
  u32(va: number): number;
  u64(va: number): bigint;
  ptr(va: number): number;
  writeU8(va: number, v: number): void;
  writeU16(va: number, v: number): void;
  writeU32(va: number, v: number): void;
  writeU64(va: number, v: bigint | number): void;
  readUtf16(va: number, byteLength: number): string;
}

/** DllMain's fdwReason values (winnt.h). */
export const DLL_PROCESS_DETACH = 0;
export const DLL_PROCESS_ATTACH = 1;
export const DLL_THREAD_ATTACH = 2;
export const DLL_THREAD_DETACH = 3;

/** One call of a module's code by the loader: a DLL's entry point or a TLS callback. */
export interface InitRoutineCall {
  kind: 'DllMain' | 'TlsCallback';
  /** The routine's address (DllBase + AddressOfEntryPoint, or the callback's VA). */
  routine: number;
  dllBase: number;
  /** The module's base name, for the trace. */
  module: string;
  reason: number;
}

/**
 * The processor running user-mode code. The model does not execute x86: the machine answers for
 * the code at an address from what it knows of the image (a synthesized image's `.ntsim` note says
 * what its DllMain returns; real images' DllMain returns TRUE). The loader calls it exactly where
 * LdrpCallInitRoutine would transfer control.
 */
export interface UserModeCpu {
  /** Calls the routine and gives its return value (DllMain: BOOL). */
  callInitRoutine(call: InitRoutineCall): number;
  /**
   * An exception the running code raises (`int 3` …): the trap into the kernel's
   * KiDispatchException. `debugger` when the process's debugger had it first, `user` when the
   * thread must dispatch it itself. Absent: no kernel behind the processor (unit tests) — `user`.
   */
  raiseException?(record: { ExceptionCode: number; ExceptionAddress: number }): 'debugger' | 'user';
}

/**
 * What ntdll code runs with when a thread of a process executes it: the Nt* stubs (through the
 * syscall gate, as this thread), the process's memory, the processor, the thread's TEB, ntdll's
 * own base (`__ImageBase` as ntdll sees it) and ntdll's globals in this process (its .data — the
 * loader's hash table, search path, TLS bookkeeping — kept by the machine per process).
 */
export interface UserThreadContext {
  readonly nt: NtStubs;
  readonly memory: UserMemory;
  readonly cpu: UserModeCpu;
  readonly trace: Trace;
  readonly layout: LayoutTable;
  readonly teb: number;
  readonly ntdllBase: number;
  /**
   * The parsed headers of the image mapped at `va` — the image section's shared, unmodified pages
   * (the same bytes the view shows until someone writes to it), parsed once per section. A model
   * extension: ntdll reads headers and directory tables through it instead of copying them out of
   * the view page by page; everything it writes (IAT, relocations, TLS index) goes to memory.
   */
  sectionImage(va: number): PeImage | null;
  /**
   * The process's connection to its session's CSRSS (CsrPortHandle), or null for a process that
   * is not a Windows-subsystem client (native images).
   */
  readonly csrPort: CsrApiPort | null;
  /** ntdll's per-process data; the loader creates its globals here on the first thread. */
  readonly processData: { ldr?: LdrGlobals };
}

/** NtCurrentProcess() / NtCurrentThread(): the pseudo-handles. */
export const NtCurrentProcess = -1;
export const NtCurrentThread = -2;
