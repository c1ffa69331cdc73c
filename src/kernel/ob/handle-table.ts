import { ModelError, STATUS, type NTSTATUS } from '../../base/index.js';
import { KERNEL_HANDLE_BIT, OBJ_INHERIT } from './constants.js';
import type { ObjectHeader } from './object-header.js';
import type { ObProcess } from './object-types.js';
import type { PoolAllocator } from './pool.js';

/**
 * HANDLE_TABLE_ENTRY: the object, the rights the handle grants (GrantedAccessBits) and its
 * attributes (OBJ_PROTECT_CLOSE 1, OBJ_INHERIT 2, OBJ_AUDIT_OBJECT_CLOSE 4).
 */
export interface HandleTableEntry {
  readonly object: ObjectHeader;
  grantedAccess: number;
  attributes: number;
}

/** What `!handle` and leak checks read of one entry. */
export interface HandleTableRow extends HandleTableEntry {
  readonly handle: number;
  /** The HANDLE_TABLE_ENTRY's kernel address (`Entry:` in `!handle`). */
  readonly entryAddress: bigint;
}

/** A low-level table is one page of 16-byte entries: 256 on x64, of which entry 0 is never used. */
const LOW_LEVEL_ENTRIES = 256;
const HANDLE_TABLE_ENTRY_SIZE = 16;
const PAGE_SPAN = LOW_LEVEL_ENTRIES * 4;
/** Windows Internals 7, ch. 8 "Handles": a process can hold up to 16,777,216 handles. */
const MAX_HANDLE_VALUE = 16_777_216 * 4;
/** sizeof(HANDLE_TABLE) on Windows 10 x64 with one free list (FreeLists at +0x40, cache aligned). */
const HANDLE_TABLE_SIZE = 0x80;

/**
 * HANDLE_TABLE, Windows 10 style. Handle values are multiples of 4; value 0 and every multiple of
 * 0x400 are never handed out (entry 0 of each page of 256 entries is reserved: ReactOS
 * ex/handle.c ExpAllocateLowLevelTable, ExMapHandleToPointer). The first page exists from creation.
 *
 * Allocation order (ExpAllocateHandleTableEntry / ExpFreeHandleTableEntry): a fresh page is
 * chained lowest value first, so a new table hands out 4, 8, 0xC, …; a freed entry is pushed on the
 * head of the free list, so the most recently closed handle is the next one reused (LIFO). A table
 * with StrictFIFO set (Application Verifier's handle checks) appends freed entries at the tail
 * instead. A new page is added only when the free list is empty. Sources: the decompiled Windows
 * 10 ExpFreeHandleTableEntry (search index ids 65642194792, 65710191398: flag bit 0 StrictFIFO →
 * tail, else head of FreeLists[n]) and the WRK's handle.c ("a free is simply a push onto the free
 * table entry stack"). One free list: the model has one processor (Windows keeps one per CPU).
 */
export class HandleTable {
  /** HANDLE_TABLE.NextHandleNeedingPool: the first handle value past the allocated pages. */
  nextHandleNeedingPool = 0;
  /** FreeLists[0].HandleCount: handles in use. */
  handleCount = 0;
  /** FreeLists[0].HighWaterMark. */
  highWaterMark = 0;
  /** Flags.StrictFIFO. */
  strictFifo = false;
  /** Flags.Duplicated: made by ExDupHandleTable (inheritance). */
  duplicated = false;
  /** Set by ExDestroyHandleTable (process rundown): nothing may be added any more. */
  destroyed = false;
  /** Kernel address of the HANDLE_TABLE (EPROCESS.ObjectTable, `ObjectTable:` in `!process`). */
  readonly address: bigint;
  private readonly entries: (HandleTableEntry | undefined)[] = [];
  /** The free list's explicitly linked part, head last (freed entries, or a duplicated table's gaps). */
  private readonly free: number[] = [];
  /** The never-used tail of the newest page, which follows `free` in the list: [freshNext, nextHandleNeedingPool). */
  private freshNext = 0;
  private readonly pages: bigint[] = [];

  constructor(
    private readonly pool: PoolAllocator,
    /** HANDLE_TABLE.QuotaProcess: the owning EPROCESS (null for the kernel table until the System process takes it). */
    public quotaProcess: ObProcess,
  ) {
    this.address = pool.allocate(HANDLE_TABLE_SIZE, 'Obtb');
  }

  /** Adds a page of entries (ExpAllocateHandleTableEntrySlow); `chain` links its entries as free. */
  addPage(chain: boolean): boolean {
    if (this.nextHandleNeedingPool + PAGE_SPAN > MAX_HANDLE_VALUE) return false;
    this.pages.push(this.pool.allocate(LOW_LEVEL_ENTRIES * HANDLE_TABLE_ENTRY_SIZE, 'Obtb'));
    const start = this.nextHandleNeedingPool;
    this.nextHandleNeedingPool += PAGE_SPAN;
    if (chain) this.freshNext = start + 4;
    return true;
  }

  /** ExpAllocateHandleTableEntry + the write of ExCreateHandle: 0 when the table cannot grow. */
  create(entry: HandleTableEntry): number {
    if (this.destroyed) throw new ModelError('ob.handle', 'handle created in a destroyed handle table');
    let handle: number;
    if (this.free.length > 0) handle = this.free.pop()!;
    else {
      if (this.freshNext === 0 || this.freshNext >= this.nextHandleNeedingPool) {
        if (!this.addPage(true)) return 0;
      }
      handle = this.freshNext;
      this.freshNext += 4;
    }
    this.entries[handle >>> 2] = entry;
    this.handleCount++;
    if (this.handleCount > this.highWaterMark) this.highWaterMark = this.handleCount;
    return handle;
  }

  /**
   * ExMapHandleToPointer: the entry of a handle value, if in use. The low two bits are tag bits and
   * ignored; a value past the table (a kernel handle in a process table, -1) finds nothing.
   */
  lookup(handle: number): HandleTableEntry | undefined {
    const value = (handle & ~3) >>> 0;
    if (value % PAGE_SPAN === 0 || value >= this.nextHandleNeedingPool) return undefined;
    return this.entries[value >>> 2];
  }

  /** ExDestroyHandle: frees the entry; the caller has dealt with the object. */
  destroy(handle: number): HandleTableEntry | undefined {
    const value = (handle & ~3) >>> 0;
    const entry = this.lookup(value);
    if (!entry) return undefined;
    this.entries[value >>> 2] = undefined;
    this.handleCount--;
    this.pushFree(value);
    return entry;
  }

  private pushFree(value: number): void {
    if (!this.strictFifo) {
      this.free.push(value);
      return;
    }
    // The tail of the list is after the fresh run: make the run explicit first.
    if (this.freshNext !== 0 && this.freshNext < this.nextHandleNeedingPool) {
      const run: number[] = [];
      for (let v = this.freshNext; v < this.nextHandleNeedingPool; v += 4)
        if (v % PAGE_SPAN !== 0) run.push(v);
      this.free.unshift(...run.reverse());
      this.freshNext = this.nextHandleNeedingPool;
    }
    this.free.unshift(value);
  }

  /** ExEnumHandleTable: every handle in use, lowest value first, with its entry's address. */
  *rows(): Generator<HandleTableRow> {
    for (let i = 1; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (!e) continue;
      const handle = i * 4;
      const page = this.pages[Math.floor(handle / PAGE_SPAN)]!;
      yield {
        handle,
        entryAddress: page + BigInt((i % LOW_LEVEL_ENTRIES) * HANDLE_TABLE_ENTRY_SIZE),
        object: e.object,
        grantedAccess: e.grantedAccess,
        attributes: e.attributes,
      };
    }
  }

  /** The free list from its head: what the next allocations will return, up to `limit` values. */
  peekFree(limit: number): number[] {
    const out = this.free.slice(-limit).reverse();
    for (let v = this.freshNext; v !== 0 && v < this.nextHandleNeedingPool && out.length < limit; v += 4)
      if (v % PAGE_SPAN !== 0) out.push(v);
    return out;
  }

  /**
   * ExDupHandleTable's copy: takes the pages up to `end` and, lowest value first, either an entry
   * from `copy` or a free slot appended to the tail of the free list (the decompiled routine links
   * the gaps in ascending order), so the new process's first handles fill the gaps from the bottom.
   */
  fillDuplicate(end: number, copy: (handle: number) => HandleTableEntry | undefined): void {
    while (this.nextHandleNeedingPool < end) if (!this.addPage(false)) break;
    this.freshNext = 0;
    const gaps: number[] = [];
    for (let v = 4; v < this.nextHandleNeedingPool; v += 4) {
      if (v % PAGE_SPAN === 0) continue;
      const entry = copy(v);
      if (entry) {
        this.entries[v >>> 2] = entry;
        this.handleCount++;
      } else gaps.push(v);
    }
    this.free.length = 0;
    for (let i = gaps.length - 1; i >= 0; i--) this.free.push(gaps[i]!);
    this.highWaterMark = this.handleCount;
    this.duplicated = true;
  }
}

/** ExCreateHandleTable(Process): a new table with its first page of free entries. */
export function ExCreateHandleTable(pool: PoolAllocator, process: ObProcess): HandleTable {
  const table = new HandleTable(pool, process);
  table.addPage(true);
  return table;
}

/**
 * The handle range ExDupHandleTable copies: up to the end of the last page holding an inheritable
 * handle (the decompiled routine scans the parent's pages from the top for an entry with the
 * inherit bit), or up to the last listed handle. 0: nothing to copy (a fresh table).
 */
export function ExpDuplicateRange(source: HandleTable, handleList: readonly number[] | null): number {
  if (handleList) return handleList.length ? handleList[handleList.length - 1]! + 4 : 0;
  let end = 0;
  for (const row of source.rows()) if (row.attributes & OBJ_INHERIT) end = row.handle + 4;
  return end === 0 ? 0 : Math.ceil(end / PAGE_SPAN) * PAGE_SPAN;
}

/**
 * PROC_THREAD_ATTRIBUTE_HANDLE_LIST as ExDupHandleTable checks it: handle values without tag bits,
 * strictly ascending, the last one inside the parent's table — else STATUS_INVALID_PARAMETER
 * (decompiled Windows 10 ExDupHandleTable, search index id 65674541088).
 */
export function ExpCheckHandleList(source: HandleTable, handleList: readonly number[]): NTSTATUS {
  for (let i = 0; i < handleList.length; i++) {
    const h = handleList[i]!;
    if (!Number.isInteger(h) || h <= 0 || (h & 3) !== 0) return STATUS.INVALID_PARAMETER;
    if (i > 0 && h <= handleList[i - 1]!) return STATUS.INVALID_PARAMETER;
  }
  const last = handleList[handleList.length - 1];
  if (last !== undefined && last >= source.nextHandleNeedingPool) return STATUS.INVALID_PARAMETER;
  return STATUS.SUCCESS;
}

/** ObMarkHandleAsKernelHandle: a kernel-table value as callers see it (bit 31 set, sign-extended). */
export function ObMarkHandleAsKernelHandle(handle: number): number {
  return handle | KERNEL_HANDLE_BIT;
}

/** ObKernelHandleToHandle: the index into the kernel table. */
export function ObKernelHandleToHandle(handle: number): number {
  return (handle & ~KERNEL_HANDLE_BIT) >>> 0;
}

/** A HANDLE as a 64-bit pointer value: 4 → 0x4, a kernel handle 4 → 0xffffffff80000004, -1 → 0xffff…ffff. */
export function handleToPointer(handle: number): bigint {
  return BigInt.asUintN(64, BigInt(handle));
}
