import { hex, NtStatusError, STATUS, type NTSTATUS } from '../../base/index.js';
import {
  afterCopyOnWrite,
  asCopyOnWrite,
  isCopyOnWrite,
  isValidProtection,
  MEM,
  MM_ALLOCATION_GRANULARITY,
  MM_HIGHEST_USER_ADDRESS,
  MM_HIGHEST_VAD_ADDRESS,
  MM_LOWEST_USER_ADDRESS,
  MM_USER_PROBE_ADDRESS,
  PAGE,
  PAGE_SIZE,
  pageAlignDown,
  pageAlignUp,
  granularityAlignDown,
  protectionAllowsRead,
  protectionAllowsWrite,
} from './constants.js';
import { allCommitted, runAt, setRuns, sliceRuns, type PageRuns } from './page-runs.js';
import { PrivateMemory } from './private-memory.js';
import { SEC } from './section.js';
import { Vad } from './vad.js';

/** MEMORY_BASIC_INFORMATION (Microsoft Learn): one region of pages alike. */
export interface MemoryBasicInformation {
  BaseAddress: number;
  AllocationBase: number;
  AllocationProtect: number;
  RegionSize: number;
  /** MEM_COMMIT, MEM_RESERVE or MEM_FREE. */
  State: number;
  /** PAGE_*; 0 for reserved pages, PAGE_NOACCESS for free ones. */
  Protect: number;
  /** MEM_PRIVATE, MEM_MAPPED, MEM_IMAGE, or 0 when free. */
  Type: number;
}

/** An address and a size, as the virtual-memory services return them (rounded as they round). */
export interface RegionResult {
  status: NTSTATUS;
  baseAddress: number;
  regionSize: number;
}

export interface FreeRangeOptions {
  topDown?: boolean;
  /** 64 KB by default (reservations and views). */
  alignment?: number;
  lowest?: number;
  /** Exclusive upper bound of the range. */
  highest?: number;
  /** Where a bottom-up search begins (it wraps to `lowest` if nothing is free above). */
  from?: number;
}

const TYPE_OF = { private: MEM.PRIVATE, mapped: MEM.MAPPED, image: MEM.IMAGE } as const;

const ZERO_PAGE = new Uint8Array(PAGE_SIZE);
const SCRATCH = new Uint8Array(8);
const SCRATCH_VIEW = new DataView(SCRATCH.buffer);

function inUserSpace(va: number, length: number): boolean {
  return (
    Number.isSafeInteger(va) &&
    Number.isSafeInteger(length) &&
    va >= 0 &&
    length >= 0 &&
    va + length <= MM_USER_PROBE_ADDRESS
  );
}

/**
 * A process's user address space (x64: 0x10000 … 0x7FFF'FFFE'FFFF; Windows Internals 7 ch. 5): the
 * VADs and the process's private bytes. Pages are demand-zero: nothing is stored until a write of
 * something other than zero, and then only the 256-byte granules written. Views of sections read
 * the section's shared pages; a write to a copy-on-write page makes a private copy of it.
 *
 * Two kinds of access: the *Virtual* methods are the services' semantics (statuses;
 * NtReadVirtualMemory's STATUS_PARTIAL_COPY), and `read`/`write` and the integer helpers are user
 * mode touching memory — a fault throws NtStatusError(STATUS_ACCESS_VIOLATION), the exception the
 * thread would take. `kernelWrite` is the kernel writing into the process (MmCreatePeb): it needs
 * committed pages but not a writable protection, and keeps copy-on-write.
 */
export class AddressSpace {
  private readonly vads: Vad[] = [];
  private hint: Vad | null = null;
  private readonly memory = new PrivateMemory();
  /**
   * Where bottom-up searches for free space begin. Windows 8 and later randomize it per process
   * (bottom-up randomization; Windows Internals 7 ch. 5, "Viewing ASLR protection on processes");
   * MmInitializeProcessAddressSpace sets it, and 0 means first fit from 64 KB.
   */
  bottomUpStart = 0;

  /** The VADs, by address. */
  get vadList(): readonly Vad[] {
    return this.vads;
  }

  /** Private bytes held (granules × 256) and the pages they are in: the process's own memory. */
  stats(): { vads: number; privatePages: number; privateBytes: number } {
    return {
      vads: this.vads.length,
      privatePages: this.memory.pageCount,
      privateBytes: this.memory.byteCount,
    };
  }

  // ---- VADs ----------------------------------------------------------------------------------

  /** The VAD holding `va`, or null (MiLocateAddress; the last hit is remembered, like VadHint). */
  findVad(va: number): Vad | null {
    const h = this.hint;
    if (h && va >= h.start && va < h.end) return h;
    const v = this.vads;
    let lo = 0;
    let hi = v.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const x = v[mid]!;
      if (va < x.start) hi = mid - 1;
      else if (va >= x.end) lo = mid + 1;
      else return (this.hint = x);
    }
    return null;
  }

  /** True when no VAD overlaps [start, end). */
  isFree(start: number, end: number): boolean {
    const v = this.vads;
    let lo = 0;
    let hi = v.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v[mid]!.end <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo >= v.length || v[lo]!.start >= end;
  }

  /** Inserts a VAD over free space (callers check with isFree). */
  insertVad(vad: Vad): void {
    if (!this.isFree(vad.start, vad.end) || vad.start >= vad.end)
      throw new NtStatusError(STATUS.CONFLICTING_ADDRESSES, `VAD ${hex(vad.start)}-${hex(vad.end)} overlaps`);
    const v = this.vads;
    let i = v.length;
    while (i > 0 && v[i - 1]!.start > vad.start) i--;
    v.splice(i, 0, vad);
  }

  /** Removes a VAD and the private bytes of its pages. */
  removeVad(vad: Vad): void {
    const i = this.vads.indexOf(vad);
    if (i < 0) return;
    this.vads.splice(i, 1);
    if (this.hint === vad) this.hint = null;
    this.memory.drop(vad.start, vad.end);
  }

  /**
   * The lowest (or, top-down, highest) `alignment`-aligned address where `size` bytes are free
   * (MiFindEmptyAddressRange); null when the space is full.
   */
  findFree(size: number, o: FreeRangeOptions = {}): number | null {
    const align = o.alignment ?? MM_ALLOCATION_GRANULARITY;
    const lowest = Math.max(o.lowest ?? MM_LOWEST_USER_ADDRESS, MM_LOWEST_USER_ADDRESS);
    const highest = Math.min(o.highest ?? MM_HIGHEST_VAD_ADDRESS + 1, MM_HIGHEST_VAD_ADDRESS + 1);
    if (size <= 0 || lowest + size > highest) return null;
    if (o.topDown) {
      let cursor = highest;
      for (let i = this.vads.length - 1; i >= -1; i--) {
        const gapStart = Math.max(i >= 0 ? this.vads[i]!.end : lowest, lowest);
        if (gapStart >= cursor) {
          if (i >= 0) cursor = Math.min(cursor, this.vads[i]!.start);
          continue;
        }
        const candidate = Math.floor((cursor - size) / align) * align;
        if (candidate >= gapStart) return candidate;
        if (i >= 0) cursor = Math.min(cursor, this.vads[i]!.start);
      }
      return null;
    }
    const search = (from: number): number | null => {
      let cursor = from;
      for (let i = 0; i <= this.vads.length; i++) {
        const gapEnd = Math.min(i < this.vads.length ? this.vads[i]!.start : highest, highest);
        if (i < this.vads.length && this.vads[i]!.end <= cursor) continue;
        const candidate = Math.ceil(cursor / align) * align;
        if (candidate + size <= gapEnd) return candidate;
        if (i < this.vads.length) cursor = Math.max(cursor, this.vads[i]!.end);
        if (cursor >= highest) break;
      }
      return null;
    };
    const from = Math.max(lowest, o.from ?? this.bottomUpStart);
    return search(from) ?? (from > lowest ? search(lowest) : null);
  }

  // ---- the virtual-memory services -------------------------------------------------------------

  /**
   * NtAllocateVirtualMemory: reserve and/or commit private memory. Checks in the service's order
   * (ReactOS ntoskrnl/mm/ARM3/virtual.c): AllocationType → STATUS_INVALID_PARAMETER_5, protection →
   * STATUS_INVALID_PAGE_PROTECTION, base past the VAD area → _2, size → _4. A reservation starts on
   * 64 KB and ends on a page; with no base it goes where there is room (bottom-up from
   * `bottomUpStart`, or top-down with MEM_TOP_DOWN), else STATUS_NO_MEMORY; over anything mapped it
   * is STATUS_CONFLICTING_ADDRESSES. A commit alone must fall inside one reservation
   * (else STATUS_CONFLICTING_ADDRESSES). Private memory cannot be copy-on-write.
   */
  allocateVirtualMemory(
    baseAddress: number,
    regionSize: number,
    allocationType: number,
    protect: number,
    zeroBits = 0,
  ): RegionResult {
    const fail = (status: NTSTATUS): RegionResult => ({ status, baseAddress, regionSize });
    const checked = MiCheckAllocateParameters(baseAddress, regionSize, allocationType, protect, zeroBits);
    if (checked !== STATUS.SUCCESS) return fail(checked);
    // Large pages, physical (AWE) and write-watch regions are not modelled.
    if (allocationType & (MEM.LARGE_PAGES | MEM.PHYSICAL | MEM.WRITE_WATCH))
      return fail(STATUS.NOT_SUPPORTED);

    if (baseAddress === 0 || allocationType & MEM.RESERVE) {
      if (protect & (PAGE.WRITECOPY | PAGE.EXECUTE_WRITECOPY)) return fail(STATUS.INVALID_PAGE_PROTECTION);
      let start: number;
      let end: number;
      if (baseAddress === 0) {
        const size = pageAlignUp(regionSize);
        const highest = zeroBits ? Math.min(MM_HIGHEST_VAD_ADDRESS + 1, 2 ** (64 - zeroBits)) : undefined;
        const at = this.findFree(size, { topDown: (allocationType & MEM.TOP_DOWN) !== 0, highest });
        if (at === null) return fail(STATUS.NO_MEMORY);
        start = at;
        end = at + size;
      } else {
        start = granularityAlignDown(baseAddress);
        end = pageAlignUp(baseAddress + regionSize);
        if (start < MM_LOWEST_USER_ADDRESS) return fail(STATUS.INVALID_PARAMETER_2);
        if (!this.isFree(start, end)) return fail(STATUS.CONFLICTING_ADDRESSES);
      }
      const pages = (end - start) / PAGE_SIZE;
      const commit = (allocationType & MEM.COMMIT) !== 0;
      const runs: PageRuns = [
        { start: 0, end: pages, state: commit ? MEM.COMMIT : MEM.RESERVE, protect: commit ? protect : 0 },
      ];
      this.insertVad(new Vad(start, end, 'private', protect, runs));
      return { status: STATUS.SUCCESS, baseAddress: start, regionSize: end - start };
    }

    // MEM_COMMIT (or MEM_RESET) inside an existing reservation.
    const start = pageAlignDown(baseAddress);
    const end = pageAlignUp(baseAddress + regionSize);
    const vad = this.findVad(start);
    if (!vad || end > vad.end) return fail(STATUS.CONFLICTING_ADDRESSES);
    const result = { status: STATUS.SUCCESS, baseAddress: start, regionSize: end - start };
    if (allocationType === MEM.RESET) return result;
    if (vad.type === 'mapped' && vad.section && vad.section.allocationAttributes & SEC.RESERVE) {
      // A view of a SEC_RESERVE section: the pages are committed (again, with this protection).
      // Windows commits the section's prototype pages, so other views see them too; the model
      // commits them in this view only.
      vad.runs = setRuns(
        vad.runs,
        (start - vad.start) / PAGE_SIZE,
        (end - vad.start) / PAGE_SIZE,
        MEM.COMMIT,
        protect,
      );
      return result;
    }
    if (vad.type !== 'private') return result;
    if (protect & (PAGE.WRITECOPY | PAGE.EXECUTE_WRITECOPY)) return fail(STATUS.INVALID_PAGE_PROTECTION);
    vad.runs = setRuns(
      vad.runs,
      (start - vad.start) / PAGE_SIZE,
      (end - vad.start) / PAGE_SIZE,
      MEM.COMMIT,
      protect,
    );
    return result;
  }

  /**
   * NtFreeVirtualMemory: MEM_DECOMMIT or MEM_RELEASE of private memory (ReactOS virtual.c): another
   * FreeType is STATUS_INVALID_PARAMETER_4; no allocation there → STATUS_MEMORY_NOT_ALLOCATED; past
   * the allocation's end → STATUS_UNABLE_TO_FREE_VM; a view → STATUS_UNABLE_TO_DELETE_SECTION; size 0
   * means the whole allocation and needs its base (else STATUS_FREE_VM_NOT_AT_BASE). Releasing part
   * of an allocation splits it.
   */
  freeVirtualMemory(baseAddress: number, regionSize: number, freeType: number): RegionResult {
    const fail = (status: NTSTATUS): RegionResult => ({ status, baseAddress, regionSize });
    const checked = MiCheckFreeParameters(baseAddress, regionSize, freeType);
    if (checked !== STATUS.SUCCESS) return fail(checked);
    const start = pageAlignDown(baseAddress);
    let end = regionSize ? pageAlignUp(baseAddress + regionSize) : start;
    const vad = this.findVad(start);
    if (!vad) return fail(STATUS.MEMORY_NOT_ALLOCATED);
    if (end > vad.end) return fail(STATUS.UNABLE_TO_FREE_VM);
    if (vad.type !== 'private') return fail(STATUS.UNABLE_TO_DELETE_SECTION);
    if (vad.noChange) return fail(STATUS.INVALID_PAGE_PROTECTION);
    if (regionSize === 0) {
      if (start !== vad.start) return fail(STATUS.FREE_VM_NOT_AT_BASE);
      end = vad.end;
    }
    if (freeType === MEM.DECOMMIT) {
      vad.runs = setRuns(
        vad.runs,
        (start - vad.start) / PAGE_SIZE,
        (end - vad.start) / PAGE_SIZE,
        MEM.RESERVE,
        0,
      );
      this.memory.drop(start, end);
      return { status: STATUS.SUCCESS, baseAddress: start, regionSize: end - start };
    }
    if (start === vad.start && end === vad.end) this.removeVad(vad);
    else {
      const runs = vad.runs;
      const pages = vad.pageCount;
      const from = (start - vad.start) / PAGE_SIZE;
      const to = (end - vad.start) / PAGE_SIZE;
      if (start === vad.start) {
        vad.runs = sliceRuns(runs, to, pages);
        vad.start = end;
      } else if (end === vad.end) {
        vad.runs = sliceRuns(runs, 0, from);
        vad.end = start;
      } else {
        const tail = new Vad(end, vad.end, 'private', vad.allocationProtect, sliceRuns(runs, to, pages));
        vad.runs = sliceRuns(runs, 0, from);
        vad.end = start;
        this.insertVad(tail);
      }
      this.memory.drop(start, end);
    }
    return { status: STATUS.SUCCESS, baseAddress: start, regionSize: end - start };
  }

  /**
   * NtProtectVirtualMemory (ReactOS MiProtectVirtualMemory): the range must lie in one allocation
   * (else STATUS_CONFLICTING_ADDRESSES) and be committed (else STATUS_NOT_COMMITTED). Private memory
   * refuses copy-on-write (STATUS_INVALID_PARAMETER_4). On an image view, or a copy-on-write view,
   * write access stays copy-on-write for pages not yet copied (the section is never written); a data
   * view cannot gain more than its section allows (STATUS_SECTION_PROTECTION).
   * `oldProtect` is the first page's protection.
   */
  protectVirtualMemory(
    baseAddress: number,
    regionSize: number,
    newProtect: number,
  ): RegionResult & { oldProtect: number } {
    const fail = (status: NTSTATUS): RegionResult & { oldProtect: number } => ({
      status,
      baseAddress,
      regionSize,
      oldProtect: 0,
    });
    const checked = MiCheckProtectParameters(baseAddress, regionSize, newProtect);
    if (checked !== STATUS.SUCCESS) return fail(checked);
    const start = pageAlignDown(baseAddress);
    const end = pageAlignUp(baseAddress + regionSize);
    const vad = this.findVad(start);
    if (!vad || end > vad.end) return fail(STATUS.CONFLICTING_ADDRESSES);
    if (vad.noChange) return fail(STATUS.INVALID_PAGE_PROTECTION);
    const from = (start - vad.start) / PAGE_SIZE;
    const to = (end - vad.start) / PAGE_SIZE;
    if (vad.type === 'private' && newProtect & (PAGE.WRITECOPY | PAGE.EXECUTE_WRITECOPY))
      return fail(STATUS.INVALID_PARAMETER_4);
    if (!allCommitted(vad.runs, from, to, MEM.COMMIT)) return fail(STATUS.NOT_COMMITTED);
    const oldProtect = runAt(vad.runs, from).protect;
    if (vad.type === 'private') vad.runs = setRuns(vad.runs, from, to, MEM.COMMIT, newProtect);
    else {
      const cow = vad.type === 'image' || isCopyOnWrite(vad.allocationProtect);
      const asked = cow ? asCopyOnWrite(newProtect) : newProtect;
      if (vad.type !== 'image' && vad.section && !viewAllows(vad.section.protect, asked))
        return fail(STATUS.SECTION_PROTECTION);
      let runs = vad.runs;
      for (let p = from; p < to; p++) {
        const copied = vad.privatePages?.has(p) ?? false;
        runs = setRuns(runs, p, p + 1, MEM.COMMIT, cow && !copied ? asCopyOnWrite(newProtect) : newProtect);
      }
      vad.runs = runs;
    }
    return { status: STATUS.SUCCESS, baseAddress: start, regionSize: end - start, oldProtect };
  }

  /**
   * NtQueryVirtualMemory(MemoryBasicInformation): the region of pages alike that holds `va`.
   * An address above MM_HIGHEST_USER_ADDRESS is STATUS_INVALID_PARAMETER (ReactOS). Free space is
   * reported up to the next allocation (State MEM_FREE, Protect PAGE_NOACCESS, Type 0).
   */
  queryVirtualMemory(va: number): { status: NTSTATUS; info?: MemoryBasicInformation } {
    if (!Number.isSafeInteger(va) || va < 0 || va > MM_HIGHEST_USER_ADDRESS)
      return { status: STATUS.INVALID_PARAMETER };
    const page = pageAlignDown(va);
    const vad = this.findVad(page);
    if (!vad) {
      let next = MM_HIGHEST_VAD_ADDRESS + 1;
      for (const v of this.vads)
        if (v.start > page) {
          next = v.start;
          break;
        }
      return {
        status: STATUS.SUCCESS,
        info: {
          BaseAddress: page,
          AllocationBase: 0,
          AllocationProtect: 0,
          RegionSize: Math.max(next - page, PAGE_SIZE),
          State: MEM.FREE,
          Protect: PAGE.NOACCESS,
          Type: 0,
        },
      };
    }
    const pi = (page - vad.start) / PAGE_SIZE;
    const run = runAt(vad.runs, pi);
    return {
      status: STATUS.SUCCESS,
      info: {
        BaseAddress: page,
        AllocationBase: vad.start,
        AllocationProtect: vad.allocationProtect,
        RegionSize: (run.end - pi) * PAGE_SIZE,
        State: run.state,
        Protect: run.state === MEM.COMMIT ? run.protect : 0,
        Type: TYPE_OF[vad.type],
      },
    };
  }

  /**
   * NtReadVirtualMemory (MmCopyVirtualMemory): a range reaching past user space is
   * STATUS_ACCESS_VIOLATION; otherwise bytes are copied up to the first page that is not mapped,
   * not committed or not readable, and a short copy is STATUS_PARTIAL_COPY with the count done
   * (ReactOS MiDoMappedCopy: a fault while moving gives STATUS_PARTIAL_COPY).
   */
  readVirtualMemory(
    va: number,
    length: number,
  ): { status: NTSTATUS; bytes: Uint8Array; transferred: number } {
    if (!inUserSpace(va, length))
      return { status: STATUS.ACCESS_VIOLATION, bytes: new Uint8Array(0), transferred: 0 };
    const bytes = new Uint8Array(length);
    const transferred = this.copyOut(va, bytes, length);
    return { status: transferred === length ? STATUS.SUCCESS : STATUS.PARTIAL_COPY, bytes, transferred };
  }

  /** NtWriteVirtualMemory: as readVirtualMemory; read-only pages stop the copy (STATUS_PARTIAL_COPY). */
  writeVirtualMemory(va: number, data: Uint8Array): { status: NTSTATUS; transferred: number } {
    if (!inUserSpace(va, data.length)) return { status: STATUS.ACCESS_VIOLATION, transferred: 0 };
    const transferred = this.copyIn(va, data, false);
    return { status: transferred === data.length ? STATUS.SUCCESS : STATUS.PARTIAL_COPY, transferred };
  }

  // ---- user-mode access ---------------------------------------------------------------------

  /** User mode reading `length` bytes at `va`; a fault throws STATUS_ACCESS_VIOLATION. */
  read(va: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    const done = inUserSpace(va, length) ? this.copyOut(va, out, length) : -1;
    if (done !== length) throw accessViolation('read', va, done);
    return out;
  }

  /** User mode writing at `va`; a fault throws STATUS_ACCESS_VIOLATION (bytes before it stay written). */
  write(va: number, data: Uint8Array): void {
    const done = inUserSpace(va, data.length) ? this.copyIn(va, data, false) : -1;
    if (done !== data.length) throw accessViolation('write', va, done);
  }

  /**
   * The kernel writing into the process (the PEB, the TEB, the parameters): committed pages only
   * (else a ModelError-grade NtStatusError, a bug in the caller), any protection, copy-on-write kept.
   */
  kernelWrite(va: number, data: Uint8Array): void {
    const done = inUserSpace(va, data.length) ? this.copyIn(va, data, true) : -1;
    if (done !== data.length) throw accessViolation('kernel write', va, done);
  }

  // The integer accessors go through one 8-byte scratch buffer: the loader and the console make
  // thousands of these calls per process, and a fresh buffer per call was most of their cost.
  u8(va: number): number {
    this.readScratch(va, 1);
    return SCRATCH[0]!;
  }
  u16(va: number): number {
    this.readScratch(va, 2);
    return SCRATCH_VIEW.getUint16(0, true);
  }
  u32(va: number): number {
    this.readScratch(va, 4);
    return SCRATCH_VIEW.getUint32(0, true);
  }
  u64(va: number): bigint {
    this.readScratch(va, 8);
    return SCRATCH_VIEW.getBigUint64(0, true);
  }
  /** A pointer as a number (user-space pointers are below 2^47). */
  ptr(va: number): number {
    this.readScratch(va, 8);
    return SCRATCH_VIEW.getUint32(0, true) + SCRATCH_VIEW.getUint32(4, true) * 0x100000000;
  }
  writeU8(va: number, v: number): void {
    SCRATCH[0] = v & 0xff;
    this.writeScratch(va, 1);
  }
  writeU16(va: number, v: number): void {
    SCRATCH_VIEW.setUint16(0, v & 0xffff, true);
    this.writeScratch(va, 2);
  }
  writeU32(va: number, v: number): void {
    SCRATCH_VIEW.setUint32(0, v >>> 0, true);
    this.writeScratch(va, 4);
  }
  writeU64(va: number, v: bigint | number): void {
    if (typeof v === 'number' && v >= 0 && Number.isSafeInteger(v)) {
      SCRATCH_VIEW.setUint32(0, v % 0x100000000, true);
      SCRATCH_VIEW.setUint32(4, Math.floor(v / 0x100000000), true);
    } else SCRATCH_VIEW.setBigUint64(0, BigInt.asUintN(64, BigInt(v)), true);
    this.writeScratch(va, 8);
  }
  private readScratch(va: number, n: number): void {
    SCRATCH.fill(0, 0, n);
    const done = inUserSpace(va, n) ? this.copyOut(va, SCRATCH, n) : -1;
    if (done !== n) throw accessViolation('read', va, done);
  }
  private writeScratch(va: number, n: number): void {
    const done = inUserSpace(va, n) ? this.copyIn(va, SCRATCH.subarray(0, n), false) : -1;
    if (done !== n) throw accessViolation('write', va, done);
  }
  /** `byteLength` bytes of UTF-16LE at `va` (a UNICODE_STRING's Buffer). */
  readUtf16(va: number, byteLength: number): string {
    const b = this.read(va, byteLength);
    let s = '';
    for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
    return s;
  }

  // ---- pages --------------------------------------------------------------------------------

  /** Copies [va, va + length) into `out`; returns how many bytes were readable before a fault. */
  private copyOut(va: number, out: Uint8Array, length: number): number {
    let done = 0;
    while (done < length) {
      const cur = va + done;
      const vad = this.findVad(cur);
      if (!vad) return done;
      const pageVa = pageAlignDown(cur);
      const pi = (pageVa - vad.start) / PAGE_SIZE;
      const run = runAt(vad.runs, pi);
      if (run.state !== MEM.COMMIT || !protectionAllowsRead(run.protect)) return done;
      const off = cur - pageVa;
      const n = Math.min(length - done, PAGE_SIZE - off);
      const shared = vad.section ? vad.section.controlArea.page(vad.sectionOffset / PAGE_SIZE + pi) : null;
      this.memory.read(pageVa, off, n, out, done, shared);
      done += n;
    }
    return done;
  }

  /** Writes `data` at `va`; returns how many bytes went in before a fault. */
  private copyIn(va: number, data: Uint8Array, kernel: boolean): number {
    let done = 0;
    const length = data.length;
    while (done < length) {
      const cur = va + done;
      const vad = this.findVad(cur);
      if (!vad) return done;
      const pageVa = pageAlignDown(cur);
      const pi = (pageVa - vad.start) / PAGE_SIZE;
      const run = runAt(vad.runs, pi);
      if (run.state !== MEM.COMMIT || (!kernel && !protectionAllowsWrite(run.protect))) return done;
      const off = cur - pageVa;
      const n = Math.min(length - done, PAGE_SIZE - off);
      const piece = done === 0 && n === length ? data : data.subarray(done, done + n);
      const section = vad.section;
      if (!section) this.memory.write(pageVa, off, piece, null);
      else {
        const spi = vad.sectionOffset / PAGE_SIZE + pi;
        const ca = section.controlArea;
        if (vad.privatePages?.has(pi)) this.memory.write(pageVa, off, piece, ca.page(spi));
        else if (isCopyOnWrite(run.protect) || !protectionAllowsWrite(run.protect)) {
          // Copy-on-write: this process gets its own copy of the page; the section keeps its page.
          (vad.privatePages ??= new Set()).add(pi);
          if (isCopyOnWrite(run.protect))
            vad.runs = setRuns(vad.runs, pi, pi + 1, MEM.COMMIT, afterCopyOnWrite(run.protect));
          const shared = ca.page(spi);
          // A page others may still change is copied whole now; a stable one granule by granule.
          if (!ca.isStable(spi)) this.memory.write(pageVa, 0, shared ?? ZERO_PAGE, shared ?? ZERO_PAGE);
          this.memory.write(pageVa, off, piece, shared);
        } else ca.writablePage(spi).set(piece, off);
      }
      done += n;
    }
    return done;
  }
}

/**
 * NtAllocateVirtualMemory's parameter checks, in the service's order and before the process handle
 * is looked at (ReactOS ntoskrnl/mm/ARM3/virtual.c NtAllocateVirtualMemory): ZeroBits →
 * STATUS_INVALID_PARAMETER_3, AllocationType → _5, Protect → STATUS_INVALID_PAGE_PROTECTION,
 * BaseAddress past the VAD area → _2, RegionSize 0 or past it → _4.
 */
export function MiCheckAllocateParameters(
  baseAddress: number,
  regionSize: number,
  allocationType: number,
  protect: number,
  zeroBits = 0,
): NTSTATUS {
  const known =
    MEM.COMMIT | MEM.RESERVE | MEM.RESET | MEM.PHYSICAL | MEM.TOP_DOWN | MEM.WRITE_WATCH | MEM.LARGE_PAGES;
  if (!Number.isInteger(zeroBits) || zeroBits < 0 || zeroBits > 32) return STATUS.INVALID_PARAMETER_3;
  if (allocationType & ~known || !(allocationType & (MEM.COMMIT | MEM.RESERVE | MEM.RESET)))
    return STATUS.INVALID_PARAMETER_5;
  if (allocationType & MEM.RESET && allocationType !== MEM.RESET) return STATUS.INVALID_PARAMETER_5;
  if (allocationType & MEM.LARGE_PAGES && !(allocationType & MEM.COMMIT)) return STATUS.INVALID_PARAMETER_5;
  if (allocationType & (MEM.WRITE_WATCH | MEM.PHYSICAL) && !(allocationType & MEM.RESERVE))
    return STATUS.INVALID_PARAMETER_5;
  if (!isValidProtection(protect)) return STATUS.INVALID_PAGE_PROTECTION;
  if (!Number.isSafeInteger(baseAddress) || baseAddress < 0 || baseAddress > MM_HIGHEST_VAD_ADDRESS)
    return STATUS.INVALID_PARAMETER_2;
  if (
    !Number.isSafeInteger(regionSize) ||
    regionSize <= 0 ||
    MM_HIGHEST_VAD_ADDRESS + 1 - baseAddress < regionSize
  )
    return STATUS.INVALID_PARAMETER_4;
  return STATUS.SUCCESS;
}

/**
 * NtFreeVirtualMemory's parameter checks, before the handle (ReactOS virtual.c NtFreeVirtualMemory):
 * FreeType other than MEM_RELEASE or MEM_DECOMMIT → STATUS_INVALID_PARAMETER_4, BaseAddress in
 * kernel space → _2, a range reaching it → _3.
 */
export function MiCheckFreeParameters(baseAddress: number, regionSize: number, freeType: number): NTSTATUS {
  if (freeType !== MEM.RELEASE && freeType !== MEM.DECOMMIT) return STATUS.INVALID_PARAMETER_4;
  if (!Number.isSafeInteger(baseAddress) || baseAddress < 0 || baseAddress >= MM_HIGHEST_USER_ADDRESS)
    return STATUS.INVALID_PARAMETER_2;
  if (
    !Number.isSafeInteger(regionSize) ||
    regionSize < 0 ||
    MM_HIGHEST_USER_ADDRESS - baseAddress < regionSize
  )
    return STATUS.INVALID_PARAMETER_3;
  return STATUS.SUCCESS;
}

/**
 * NtProtectVirtualMemory's parameter checks, before the handle (ReactOS virtual.c
 * NtProtectVirtualMemory: the protection first — MiMakeProtectionMask, STATUS_INVALID_PAGE_PROTECTION
 * — then BaseAddress in kernel space → _2, and a size of 0 or reaching it → _3).
 */
export function MiCheckProtectParameters(
  baseAddress: number,
  regionSize: number,
  newProtect: number,
): NTSTATUS {
  if (!isValidProtection(newProtect)) return STATUS.INVALID_PAGE_PROTECTION;
  if (!Number.isSafeInteger(baseAddress) || baseAddress < 0 || baseAddress > MM_HIGHEST_USER_ADDRESS)
    return STATUS.INVALID_PARAMETER_2;
  if (
    !Number.isSafeInteger(regionSize) ||
    regionSize <= 0 ||
    MM_USER_PROBE_ADDRESS - baseAddress < regionSize
  )
    return STATUS.INVALID_PARAMETER_3;
  return STATUS.SUCCESS;
}

/** Can a view of a section created with `sectionProtect` ask for `viewProtect`? (MapViewOfFile rules.) */
export function viewAllows(sectionProtect: number, viewProtect: number): boolean {
  const base = viewProtect & 0xff;
  const sectionWrite = (sectionProtect & (PAGE.READWRITE | PAGE.EXECUTE_READWRITE)) !== 0;
  const sectionExecute =
    (sectionProtect &
      (PAGE.EXECUTE | PAGE.EXECUTE_READ | PAGE.EXECUTE_READWRITE | PAGE.EXECUTE_WRITECOPY)) !==
    0;
  if (base & (PAGE.READWRITE | PAGE.EXECUTE_READWRITE) && !sectionWrite) return false;
  if (
    base & (PAGE.EXECUTE | PAGE.EXECUTE_READ | PAGE.EXECUTE_READWRITE | PAGE.EXECUTE_WRITECOPY) &&
    !sectionExecute
  )
    return false;
  return true;
}

function accessViolation(what: string, va: number, done: number): NtStatusError {
  const at = done < 0 ? va : va + done;
  return new NtStatusError(STATUS.ACCESS_VIOLATION, `access violation: ${what} at ${hex(at)}`);
}
