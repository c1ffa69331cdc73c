import type { PageRuns } from './page-runs.js';
import type { Section } from './section.js';

/** MMVAD's VadType, reduced to what NtQueryVirtualMemory reports: MEM_PRIVATE, MEM_MAPPED, MEM_IMAGE. */
export type VadType = 'private' | 'mapped' | 'image';

/**
 * A virtual address descriptor: one reservation or one view (Windows Internals 7 ch. 5, "Virtual
 * address descriptors"; the x64 EPROCESS keeps them in VadRoot, an AVL tree — here a sorted array,
 * since a process has tens of them). Page states live in `runs`.
 */
export class Vad {
  constructor(
    /** First byte (page-aligned; 64 KB-aligned for reservations and views). */
    public start: number,
    /** One past the last byte (page-aligned). */
    public end: number,
    readonly type: VadType,
    /** The protection given when the region was reserved or mapped (AllocationProtect). */
    readonly allocationProtect: number,
    public runs: PageRuns,
    /** The section a view maps; null for private memory. */
    readonly section: Section | null = null,
    /** Byte offset in the section of the view's first page. */
    public sectionOffset = 0,
  ) {}
  /**
   * Pages (indexes from `start`) of a view that hold a private copy: copy-on-write done, so the
   * process's writes and reads of them no longer reach the section's shared page.
   */
  privatePages: Set<number> | null = null;
  /**
   * A secured VAD (VadFlags.NoChange): its protection cannot change and it cannot be freed —
   * KUSER_SHARED_DATA's page (ReactOS MiCheckSecuredVad: STATUS_INVALID_PAGE_PROTECTION).
   */
  noChange = false;

  get pageCount(): number {
    return (this.end - this.start) / 0x1000;
  }
  contains(va: number): boolean {
    return va >= this.start && va < this.end;
  }
}
