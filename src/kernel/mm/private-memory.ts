import { PAGE_SIZE } from './constants.js';

/** Private bytes are kept in 256-byte granules: a process pays for what it writes, not whole pages. */
const GRANULE = 0x100;
const GRANULES_PER_PAGE = PAGE_SIZE / GRANULE;
/** Granules live in 4 KB chunks, so a process's private bytes are a few buffers, not one per granule. */
const CHUNK = 0x1000;
const SLOTS_PER_CHUNK = CHUNK / GRANULE;

function isZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * A process's private page contents (the pages its PTEs would point at): demand-zero private
 * memory that was written, and its copies of copy-on-write pages. Stored by 256-byte granule; a
 * granule never written reads from the page it shadows (the section's page, or zeros).
 */
export class PrivateMemory {
  /** Page number → granule slots (-1 when the granule holds no private bytes). */
  private readonly pages = new Map<number, number[]>();
  private readonly chunks: Uint8Array[] = [];
  private readonly freeSlots: number[] = [];
  private used = 0;
  private next = 0;

  get pageCount(): number {
    return this.pages.size;
  }
  get byteCount(): number {
    return this.used * GRANULE;
  }

  /** True when the page at `pageVa` holds private bytes. */
  has(pageVa: number): boolean {
    return this.pages.has(pageVa / PAGE_SIZE);
  }

  /**
   * Copies bytes [off, off + n) of the page at `pageVa` into `out` at `at`: private granules, and
   * `shared` (or zeros, already in `out`) for the others.
   */
  read(pageVa: number, off: number, n: number, out: Uint8Array, at: number, shared: Uint8Array | null): void {
    const slots = this.pages.get(pageVa / PAGE_SIZE);
    if (!slots) {
      if (shared) out.set(shared.subarray(off, off + n), at);
      return;
    }
    for (let o = off; o < off + n;) {
      const g = Math.floor(o / GRANULE);
      const gEnd = Math.min((g + 1) * GRANULE, off + n);
      const slot = slots[g]!;
      if (slot >= 0) {
        const chunk = this.chunks[Math.floor(slot / SLOTS_PER_CHUNK)]!;
        const base = (slot % SLOTS_PER_CHUNK) * GRANULE - g * GRANULE;
        out.set(chunk.subarray(base + o, base + gEnd), at + o - off);
      } else if (shared) out.set(shared.subarray(o, gEnd), at + o - off);
      o = gEnd;
    }
  }

  /**
   * Writes `piece` at `off` in the page at `pageVa`, making each granule on first write from
   * `shared` (copy-on-write) or zero. Zeros written to a demand-zero granule store nothing: they
   * are what the page already reads.
   */
  write(pageVa: number, off: number, piece: Uint8Array, shared: Uint8Array | null): void {
    const pn = pageVa / PAGE_SIZE;
    let slots = this.pages.get(pn);
    for (let o = off; o < off + piece.length;) {
      const g = Math.floor(o / GRANULE);
      const gEnd = Math.min((g + 1) * GRANULE, off + piece.length);
      const src = piece.subarray(o - off, gEnd - off);
      let slot = slots ? slots[g]! : -1;
      if (slot < 0) {
        if (!shared && isZero(src)) {
          o = gEnd;
          continue;
        }
        if (!slots) this.pages.set(pn, (slots = new Array<number>(GRANULES_PER_PAGE).fill(-1)));
        slot = this.allocate();
        slots[g] = slot;
        const chunk = this.chunks[Math.floor(slot / SLOTS_PER_CHUNK)]!;
        const at = (slot % SLOTS_PER_CHUNK) * GRANULE;
        if (shared) chunk.set(shared.subarray(g * GRANULE, (g + 1) * GRANULE), at);
        else chunk.fill(0, at, at + GRANULE);
      }
      const chunk = this.chunks[Math.floor(slot / SLOTS_PER_CHUNK)]!;
      chunk.set(src, (slot % SLOTS_PER_CHUNK) * GRANULE + (o - g * GRANULE));
      o = gEnd;
    }
  }

  /** Forgets the private bytes of [start, end) (decommit, release, unmap). */
  drop(start: number, end: number): void {
    const first = start / PAGE_SIZE;
    const last = end / PAGE_SIZE;
    const release = (pn: number): void => {
      const slots = this.pages.get(pn);
      if (!slots) return;
      for (const s of slots)
        if (s >= 0) {
          this.freeSlots.push(s);
          this.used--;
        }
      this.pages.delete(pn);
    };
    if (last - first > this.pages.size) {
      for (const pn of [...this.pages.keys()]) if (pn >= first && pn < last) release(pn);
    } else for (let pn = first; pn < last; pn++) release(pn);
  }

  private allocate(): number {
    this.used++;
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.next++;
    if (slot >= this.chunks.length * SLOTS_PER_CHUNK) this.chunks.push(new Uint8Array(CHUNK));
    return slot;
  }
}
