import { NtStatusError, STATUS } from '../../base/index.js';
import { NtCurrentProcess, type UserThreadContext } from './context.js';

const MEM_COMMIT = 0x1000;
const MEM_RESERVE = 0x2000;
const PAGE_READWRITE = 0x04;
const PAGE_SIZE = 0x1000;
/** Commit grows in 64 KB steps (one allocation-granularity unit). */
const COMMIT_STEP = 0x10000;
/** Blocks are 16-byte aligned, as the NT heap's are on x64 (a HEAP_ENTRY is 16 bytes). */
const HEAP_ALIGN = 16;
const HEAP_ENTRY_SIZE = 16;

/**
 * The process heap (RtlCreateHeap), as far as the loader needs it: a reserved segment committed on
 * demand, blocks 16-byte aligned after a 16-byte HEAP_ENTRY header (left zero: the heap's own
 * encoding is not modelled), and a new segment when one is full. RtlFreeHeap only counts: freed
 * blocks are not reused, so addresses never repeat within a run (deterministic, and enough for the
 * loader's entries and strings).
 */
export class RtlHeap {
  /** Bytes handed out and blocks freed, for `!heap`-style summaries. */
  allocated = 0;
  freed = 0;
  private segment: { base: number; reserved: number; committed: number; next: number };

  private constructor(
    readonly base: number,
    private readonly reserveSize: number,
    committed: number,
  ) {
    this.segment = { base, reserved: reserveSize, committed, next: base + 0x40 };
  }

  /** RtlCreateHeap(HEAP_GROWABLE, NULL, reserve, commit): reserves and commits through Nt services. */
  static create(ctx: UserThreadContext, reserve: number, commit: number): RtlHeap {
    const reserved = reserveSegment(ctx, reserve);
    const initial = Math.max(PAGE_SIZE, roundUp(commit, PAGE_SIZE));
    commitRange(ctx, reserved, initial);
    return new RtlHeap(reserved, reserve, initial);
  }

  /** RtlAllocateHeap(heap, HEAP_ZERO_MEMORY, size): the block's address (its pages are zero). */
  allocate(ctx: UserThreadContext, size: number): number {
    const need = roundUp(Math.max(size, 1), HEAP_ALIGN) + HEAP_ENTRY_SIZE;
    let seg = this.segment;
    if (seg.next + need > seg.base + seg.reserved) {
      const reserve = Math.max(this.reserveSize, roundUp(need + 0x40, COMMIT_STEP));
      const base = reserveSegment(ctx, reserve);
      seg = this.segment = { base, reserved: reserve, committed: 0, next: base + 0x40 };
    }
    const end = seg.next + need;
    if (end > seg.base + seg.committed) {
      const target = Math.min(seg.reserved, roundUp(end - seg.base, COMMIT_STEP));
      commitRange(ctx, seg.base + seg.committed, target - seg.committed);
      seg.committed = target;
    }
    const block = seg.next + HEAP_ENTRY_SIZE;
    seg.next = end;
    this.allocated += need;
    return block;
  }

  /** RtlFreeHeap: counted, not reused (see the class comment). */
  free(): void {
    this.freed++;
  }
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function reserveSegment(ctx: UserThreadContext, size: number): number {
  const r = ctx.nt.NtAllocateVirtualMemory({
    ProcessHandle: NtCurrentProcess,
    BaseAddress: 0,
    ZeroBits: 0,
    RegionSize: size,
    AllocationType: MEM_RESERVE,
    Protect: PAGE_READWRITE,
  });
  if (r.status !== STATUS.SUCCESS) throw new NtStatusError(r.status, 'RtlCreateHeap: reserve failed');
  return Number(r.out!.BaseAddress);
}

function commitRange(ctx: UserThreadContext, at: number, size: number): void {
  const r = ctx.nt.NtAllocateVirtualMemory({
    ProcessHandle: NtCurrentProcess,
    BaseAddress: at,
    ZeroBits: 0,
    RegionSize: size,
    AllocationType: MEM_COMMIT,
    Protect: PAGE_READWRITE,
  });
  if (r.status !== STATUS.SUCCESS) throw new NtStatusError(r.status, 'RtlAllocateHeap: commit failed');
}
