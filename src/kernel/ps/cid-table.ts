import { ModelError } from '../../base/index.js';

/**
 * PspCidTable: one handle table shared by processes and threads, so PIDs and TIDs come from the
 * same sequence — multiples of 4, the lowest free value first, a value reused once its object has
 * died (Windows Internals 7, ch. 3 "Process and thread IDs" / ch. 8 handle tables; ReactOS
 * ps/psmgr.c creates PspCidTable with ExCreateHandleTable). Value 0 is the Idle process; the System
 * process gets 4, the first value handed out.
 */
export class CidTable<T> {
  private readonly entries: (T | undefined)[] = [];
  private free: number[] = [];
  private nextIndex = 1;

  /** Allocates the lowest free CID for `object` (ExCreateHandle on PspCidTable). */
  create(object: T): number {
    let index: number;
    if (this.free.length) {
      // Lowest free first (the free list is kept sorted).
      index = this.free.shift()!;
    } else index = this.nextIndex++;
    this.entries[index] = object;
    return index * 4;
  }

  lookup(cid: number): T | undefined {
    if (cid % 4 !== 0 || cid <= 0) return undefined;
    return this.entries[cid / 4];
  }

  /** Frees a CID when its object is deleted (PspDeleteProcess / PspThreadDelete). */
  destroy(cid: number): void {
    const index = cid / 4;
    if (cid % 4 !== 0 || this.entries[index] === undefined)
      throw new ModelError('ps.cid', `CID ${cid} is not in use`);
    this.entries[index] = undefined;
    const at = this.free.findIndex((f) => f > index);
    if (at < 0) this.free.push(index);
    else this.free.splice(at, 0, index);
  }

  get count(): number {
    return this.entries.filter((e) => e !== undefined).length;
  }

  snapshot(): { free: number[]; nextIndex: number } {
    return { free: [...this.free], nextIndex: this.nextIndex };
  }
}
