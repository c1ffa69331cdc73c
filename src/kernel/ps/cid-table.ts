import { ModelError } from '../../base/index.js';

/**
 * Entries per page of a handle table on x64: one 4 KB page of 16-byte HANDLE_TABLE_ENTRYs (the
 * first entry of the table, value 0, is never handed out).
 */
const ENTRIES_PER_PAGE = 256;

/**
 * PspCidTable: one handle table shared by processes and threads, so PIDs and TIDs come from the
 * same sequence — multiples of 4, starting at 4 (value 0 is the Idle process; the System process
 * gets 4, the first value handed out). The table is strict FIFO (WRK ps/psinit.c PspInitPhase0:
 * "Set PID and TID reuse to strict FIFO … it makes tracking audits easier", ExSetHandleTableStrictFIFO):
 * a freed entry goes to the tail of the free list, so fresh entries of the current page are
 * handed out first, then freed IDs in the order they were freed, and only when none is free is a
 * new page of entries added (WRK ex/handle.c ExpAllocateHandleTableEntry / ExpFreeHandleTableEntry).
 * An ID is freed when its object is deleted (PspProcessDelete / PspThreadDelete), not at exit.
 */
export class CidTable<T> {
  private readonly entries: (T | undefined)[] = [];
  /** Freed indices, oldest first (a queue: `freeHead` is its front). */
  private readonly freed: number[] = [];
  private freeHead = 0;
  private nextIndex = 1;
  private pageEnd = ENTRIES_PER_PAGE;
  private live = 0;

  /** Allocates a CID for `object` (ExCreateHandle on PspCidTable). */
  create(object: T): number {
    let index: number;
    if (this.nextIndex < this.pageEnd) index = this.nextIndex++;
    else if (this.freeHead < this.freed.length) {
      index = this.freed[this.freeHead++]!;
      if (this.freeHead === this.freed.length) {
        this.freed.length = 0;
        this.freeHead = 0;
      }
    } else {
      this.pageEnd += ENTRIES_PER_PAGE;
      index = this.nextIndex++;
    }
    this.entries[index] = object;
    this.live++;
    return index * 4;
  }

  lookup(cid: number): T | undefined {
    if (!Number.isInteger(cid) || cid % 4 !== 0 || cid <= 0) return undefined;
    return this.entries[cid / 4];
  }

  /** Frees a CID when its object is deleted (PspProcessDelete / PspThreadDelete). */
  destroy(cid: number): void {
    const index = cid / 4;
    if (cid % 4 !== 0 || this.entries[index] === undefined)
      throw new ModelError('ps.cid', `CID ${cid} is not in use`);
    this.entries[index] = undefined;
    this.freed.push(index);
    this.live--;
  }

  /** The number of CIDs in use (processes and threads whose objects exist). */
  get count(): number {
    return this.live;
  }

  snapshot(): { free: number[]; nextIndex: number } {
    return { free: this.freed.slice(this.freeHead), nextIndex: this.nextIndex };
  }
}
