import {
  PsIsSecureProcess,
  type EJOB,
  type EPROCESS,
  type ETHREAD,
  type PsSystem,
} from '../../kernel/ps/index.js';
import type { BootedMachine } from '../../system/boot.js';
import { ejobImage, eprocessImage, ethreadImage, type KernelAddressBook } from './kernel-image.js';
import { processModules, type DbgModule } from './modules.js';

/** Where kernel space starts on x64 (the canonical upper half). */
export const KERNEL_SPACE = 0xffff800000000000n;
/** KUSER_SHARED_DATA's kernel address (ntddk.h KI_USER_SHARED_DATA) and its user alias (MM_SHARED_USER_DATA_VA). */
const KI_USER_SHARED_DATA = 0xfffff78000000000n;
const MM_SHARED_USER_DATA_VA = 0x7ffe0000;
/** sizeof(_EPROCESS) and sizeof(_ETHREAD) on 19045 (internals.md §1.2, §1.5). */
const EPROCESS_SIZE = 0xa40n;
const ETHREAD_SIZE = 0x898n;
/**
 * win32k's W32PROCESS and dxgkrnl's DXGPROCESS have no kernel address in the model: the console
 * gives each a display address in session space, derived from the process id so that it is the
 * same on every run (the real ones are session-pool allocations; WinDbg prints them as pointers).
 */
const W32PROCESS_DISPLAY_BASE = 0xffffb80000000000n;
const DXGPROCESS_DISPLAY_BASE = 0xffffb90000000000n;

export type KernelObjectAt =
  | { kind: 'process'; process: EPROCESS; base: bigint }
  | { kind: 'thread'; thread: ETHREAD; base: bigint }
  | { kind: 'job'; job: EJOB; base: bigint };

/**
 * The debugger's view of the machine: the implicit process and thread (`.process`, `$proc`,
 * `$thread`), the kernel objects by address, and memory reads through the implicit process's
 * address space (user addresses) or the objects' byte images (kernel addresses).
 */
export class DbgTarget implements KernelAddressBook {
  readonly ps: PsSystem;
  process: EPROCESS;
  thread: ETHREAD | null;
  private index: { starts: bigint[]; objects: KernelObjectAt[] } | null = null;
  private neighbours: Map<EPROCESS, number> | null = null;
  private moduleCache: { process: EPROCESS; modules: DbgModule[] } | null = null;
  private signature = '';
  private checked = false;
  /** Whether this command already rebuilt the index after a miss. */
  private rebuilt = false;

  constructor(readonly booted: BootedMachine) {
    this.ps = booted.kernel.ps;
    // A kernel debugger breaks in on the System process's thread.
    this.process = booted.kernel.ps.systemProcess ?? booted.explorer;
    this.thread = firstThread(this.process);
  }

  /** Forget what was computed from the machine's state (it may have changed since the last command). */
  refresh(): void {
    this.moduleCache = null;
    this.checked = false;
    this.rebuilt = false;
  }

  /**
   * The address index is kept while the number of processes stays the same (rebuilding it sorts
   * every object: too slow per command with 100,000 processes); an address it does not know
   * rebuilds it once (objectAt), so a thread created since is found too.
   */
  private checkIndex(): void {
    if (this.checked) return;
    this.checked = true;
    const signature = String(this.processes.length);
    if (signature !== this.signature) {
      this.index = null;
      this.neighbours = null;
      this.signature = signature;
    }
  }

  setProcess(p: EPROCESS): void {
    this.process = p;
    this.thread = firstThread(p);
    this.moduleCache = null;
  }

  get processes(): readonly EPROCESS[] {
    return this.ps.activeProcesses;
  }

  modules(): DbgModule[] {
    if (this.moduleCache?.process !== this.process)
      this.moduleCache = { process: this.process, modules: processModules(this.ps, this.process) };
    return this.moduleCache.modules;
  }

  // ---- KernelAddressBook ----------------------------------------------------------------------
  processAddress(p: EPROCESS | null): bigint {
    return p?.header?.bodyAddress ?? 0n;
  }
  threadAddress(t: ETHREAD | null): bigint {
    return t?.header?.bodyAddress ?? 0n;
  }
  token(p: EPROCESS): bigint {
    const h = p.Token ? this.ps.tokenObjects.get(p.Token) : undefined;
    return h && !h.deleted ? h.bodyAddress : 0n;
  }
  job(p: EPROCESS): bigint {
    return p.Job?.header?.bodyAddress ?? 0n;
  }
  section(p: EPROCESS): bigint {
    const s = p.SectionObject as { header?: { bodyAddress: bigint } | null } | null;
    return s?.header?.bodyAddress ?? 0n;
  }
  win32Process(p: EPROCESS): bigint {
    return p.Win32Process ? W32PROCESS_DISPLAY_BASE + BigInt(p.UniqueProcessId) * 0x400n : 0n;
  }
  dxgProcess(p: EPROCESS): bigint {
    return p.DxgProcess ? DXGPROCESS_DISPLAY_BASE + BigInt(p.UniqueProcessId) * 0x400n : 0n;
  }
  activeNeighbours(p: EPROCESS): [EPROCESS | null, EPROCESS | null] {
    this.checkIndex();
    if (!this.neighbours) this.neighbours = new Map(this.processes.map((x, i) => [x, i]));
    let i = this.neighbours.get(p);
    if (i !== undefined && this.processes[i] !== p) {
      this.neighbours = new Map(this.processes.map((x, j) => [x, j]));
      i = this.neighbours.get(p);
    }
    if (i === undefined) return [null, null];
    return [this.processes[i - 1] ?? null, this.processes[i + 1] ?? null];
  }

  // ---- kernel objects by address --------------------------------------------------------------
  /**
   * The EPROCESS or ETHREAD whose body holds `address`. The model's pool gives these objects less
   * room than sizeof(_EPROCESS) (its Process and Thread types keep the default body size), so one
   * object's layout can reach over the next one's start; where several cover an address the one
   * starting exactly at `start` wins, then the implicit process and thread (`dt nt!_PS_PROTECTION
   * @$proc+0x87a`), then the nearest one below.
   */
  objectAt(address: bigint, start: bigint = address): KernelObjectAt | null {
    const { starts, objects } = this.buildIndex();
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const covering: KernelObjectAt[] = [];
    if (found < 0 && !this.rebuilt) return this.rebuildAndRetry(address, start);
    for (let i = found; i >= 0 && address - starts[i]! < EPROCESS_SIZE; i--) {
      const o = objects[i]!;
      if (address < o.base + (o.kind === 'process' ? EPROCESS_SIZE : ETHREAD_SIZE)) covering.push(o);
    }
    if (covering.length === 0 && !this.rebuilt) return this.rebuildAndRetry(address, start);
    if (covering.length <= 1) return covering[0] ?? null;
    const proc = this.processAddress(this.process);
    const thread = this.threadAddress(this.thread);
    return (
      covering.find((o) => o.base === start) ??
      covering.find((o) => o.base === proc && o.kind === 'process') ??
      covering.find((o) => o.base === thread && o.kind === 'thread') ??
      covering[0]!
    );
  }

  private rebuildAndRetry(address: bigint, start: bigint): KernelObjectAt | null {
    this.rebuilt = true;
    this.index = null;
    return this.objectAt(address, start);
  }

  private buildIndex(): { starts: bigint[]; objects: KernelObjectAt[] } {
    this.checkIndex();
    if (this.index) return this.index;
    const objects: KernelObjectAt[] = [];
    const jobs = new Set<EJOB>();
    for (const p of this.processes) {
      if (p.header) objects.push({ kind: 'process', process: p, base: p.header.bodyAddress });
      for (const t of p.threads)
        if (t.header) objects.push({ kind: 'thread', thread: t, base: t.header.bodyAddress });
      // The jobs (and silos) processes are in: `dt nt!_EJOB` of ProcessView.job / .silo.
      if (p.Job?.header && !jobs.has(p.Job)) {
        jobs.add(p.Job);
        objects.push({ kind: 'job', job: p.Job, base: p.Job.header.bodyAddress });
      }
    }
    objects.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
    this.index = { starts: objects.map((o) => o.base), objects };
    return this.index;
  }

  /** A process by id or by EPROCESS address (`!process 1c4 0`, `!process ffffa50f… 7`). */
  findProcess(v: bigint): EPROCESS | null {
    if (v < KERNEL_SPACE) {
      const p = this.ps.cid.lookup(Number(v)) as EPROCESS | ETHREAD | undefined;
      return p && 'ImageFileName' in p ? p : null;
    }
    const o = this.objectAt(v);
    return o?.kind === 'process' && o.base === v ? o.process : null;
  }

  // ---- memory ---------------------------------------------------------------------------------
  /**
   * Reads `length` bytes at `address`: user addresses in the implicit process, kernel addresses
   * from the objects' images and KUSER_SHARED_DATA. Returns the bytes that could be read, from the
   * start (a short array means the rest is not readable: `??` in `db`).
   */
  read(address: bigint, length: number): Uint8Array {
    if (address < 0n || length <= 0) return new Uint8Array(0);
    if (address < KERNEL_SPACE) {
      // A trustlet's pages are IUM memory the hypervisor keeps from VTL0: a kernel debugger attached
      // to the normal kernel reads nothing there (`??`), as NtReadVirtualMemory gets nothing (kernel/sk).
      if (PsIsSecureProcess(this.process)) return new Uint8Array(0);
      const as = this.process.addressSpace;
      if (!as || address > BigInt(Number.MAX_SAFE_INTEGER)) return new Uint8Array(0);
      const r = as.readVirtualMemory(Number(address), length);
      return r.bytes.subarray(0, r.transferred);
    }
    if (address >= KI_USER_SHARED_DATA && address < KI_USER_SHARED_DATA + 0x1000n) {
      const n = Math.min(length, Number(KI_USER_SHARED_DATA + 0x1000n - address));
      return this.read(BigInt(MM_SHARED_USER_DATA_VA) + (address - KI_USER_SHARED_DATA), n);
    }
    const out: number[] = [];
    let at = address;
    while (out.length < length) {
      const o = this.objectAt(at, address);
      if (!o) break;
      const image =
        o.kind === 'process'
          ? eprocessImage(o.process, this)
          : o.kind === 'thread'
            ? ethreadImage(o.thread, this)
            : ejobImage(o.job, this);
      const from = Number(at - o.base);
      const n = Math.min(length - out.length, image.length - from);
      for (let i = 0; i < n; i++) out.push(image[from + i]!);
      at += BigInt(n);
    }
    return Uint8Array.from(out);
  }
}

function firstThread(p: EPROCESS): ETHREAD | null {
  return p.threads.find((t) => t.State !== 'Terminated') ?? p.threads[0] ?? null;
}
