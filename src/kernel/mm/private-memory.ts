import { PAGE_SIZE } from './constants.js';

/** Private bytes are kept in 256-byte granules: a process pays for what it writes, not whole pages. */
const GRANULE = 0x100;
const GRANULES_PER_PAGE = PAGE_SIZE / GRANULE;
/** Granules live in 4 KB chunks, so a process's private bytes are a few buffers, not one per granule. */
const CHUNK = 0x1000;
const SLOTS_PER_CHUNK = CHUNK / GRANULE;

function isZero(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

/** Copies n bytes; small copies by loop (no subarray views to allocate), large ones with set(). */
function copy(src: Uint8Array, from: number, dst: Uint8Array, at: number, n: number): void {
  if (n <= 32) for (let i = 0; i < n; i++) dst[at + i] = src[from + i]!;
  else dst.set(src.subarray(from, from + n), at);
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
    const slots = this.slotsOf(pageVa / PAGE_SIZE);
    if (!slots) {
      if (shared) copy(shared, off, out, at, n);
      return;
    }
    for (let o = off; o < off + n;) {
      const g = (o / GRANULE) | 0;
      const gEnd = Math.min((g + 1) * GRANULE, off + n);
      const slot = slots[g]!;
      if (slot >= 0) {
        const chunk = this.chunks[(slot / SLOTS_PER_CHUNK) | 0]!;
        const base = (slot % SLOTS_PER_CHUNK) * GRANULE - g * GRANULE;
        copy(chunk, base + o, out, at + o - off, gEnd - o);
      } else if (shared) copy(shared, o, out, at + o - off, gEnd - o);
      o = gEnd;
    }
  }

  /** The granule slots of page `pn`; the last page asked for is remembered (accesses cluster). */
  private lastPn = -1;
  private lastSlots: number[] | undefined = undefined;
  private slotsOf(pn: number): number[] | undefined {
    if (pn === this.lastPn) return this.lastSlots;
    const slots = this.pages.get(pn);
    this.lastPn = pn;
    this.lastSlots = slots;
    return slots;
  }

  /**
   * Writes `piece` at `off` in the page at `pageVa`, making each granule on first write from
   * `shared` (copy-on-write) or zero. Zeros written to a demand-zero granule store nothing: they
   * are what the page already reads.
   */
  write(pageVa: number, off: number, piece: Uint8Array, shared: Uint8Array | null): void {
    const pn = pageVa / PAGE_SIZE;
    let slots = this.slotsOf(pn);
    for (let o = off; o < off + piece.length;) {
      const g = (o / GRANULE) | 0;
      const gEnd = Math.min((g + 1) * GRANULE, off + piece.length);
      let slot = slots ? slots[g]! : -1;
      if (slot < 0) {
        if (!shared && isZero(piece, o - off, gEnd - off)) {
          o = gEnd;
          continue;
        }
        if (!slots) {
          slots = new Array<number>(GRANULES_PER_PAGE).fill(-1);
          this.pages.set(pn, slots);
          this.lastPn = pn;
          this.lastSlots = slots;
        }
        slot = this.allocate();
        slots[g] = slot;
        const chunk = this.chunks[(slot / SLOTS_PER_CHUNK) | 0]!;
        const at = (slot % SLOTS_PER_CHUNK) * GRANULE;
        if (shared) chunk.set(shared.subarray(g * GRANULE, (g + 1) * GRANULE), at);
        else chunk.fill(0, at, at + GRANULE);
      }
      const chunk = this.chunks[(slot / SLOTS_PER_CHUNK) | 0]!;
      copy(piece, o - off, chunk, (slot % SLOTS_PER_CHUNK) * GRANULE + (o - g * GRANULE), gEnd - o);
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
      if (pn === this.lastPn) this.lastPn = -1;
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
