import { STATUS } from '../../base/index.js';
import { isValidProtection, PAGE, PAGE_SIZE, pageAlignUp } from './constants.js';
import type { ImageControlArea } from './image-section.js';
import type { MmResult } from './result.js';

/** NtCreateSection AllocationAttributes (winnt.h SEC_*). */
export const SEC = {
  BASED: 0x200000,
  NO_CHANGE: 0x400000,
  /** Reported by NtQuerySection for a section backed by a file (not an input flag). */
  FILE: 0x800000,
  IMAGE: 0x1000000,
  PROTECTED_IMAGE: 0x2000000,
  RESERVE: 0x4000000,
  COMMIT: 0x8000000,
  NOCACHE: 0x10000000,
  /** SEC_IMAGE | SEC_NOCACHE: an image whose views are not executable (Windows 8 and later). */
  IMAGE_NO_EXECUTE: 0x11000000,
  WRITECOMBINE: 0x40000000,
  LARGE_PAGES: 0x80000000,
} as const;

/**
 * The shared part of a section: CONTROL_AREA and SEGMENT with their prototype pages (Windows
 * Internals 7 ch. 5, "Section objects"). Every view of the section, in every process, reads these
 * pages; a process that writes a copy-on-write page gets its own copy instead.
 */
export interface ControlArea {
  readonly kind: 'data' | 'image';
  /** Bytes the section spans (a multiple of the page size). */
  readonly size: number;
  /** The shared page `index`, or null when it reads as zero. Callers must not write into it. */
  page(index: number): Uint8Array | null;
  /** The page as writers that share it see it (a view mapped PAGE_READWRITE): made mutable here. */
  writablePage(index: number): Uint8Array;
  /** True when the page never changes (so a copy-on-write copy may be taken lazily, in pieces). */
  isStable(index: number): boolean;
}

/**
 * A section object: what a handle from NtCreateSection refers to. Views map its control area;
 * several section objects may share one (every NtCreateSection(SEC_IMAGE) of a file gets the
 * file's one image control area).
 */
export class Section {
  /** SECTION.SizeOfSection as NtQuerySection reports it (the control area's size by default). */
  readonly maximumSize: number;
  constructor(
    readonly controlArea: ControlArea,
    /** SectionPageProtection: the most a view of a data section may ask for. */
    readonly protect: number,
    readonly allocationAttributes: number,
    maximumSize?: number,
  ) {
    this.maximumSize = maximumSize ?? controlArea.size;
  }
  get isImage(): boolean {
    return this.controlArea.kind === 'image';
  }
  /** The image's control area, or null for a data section. */
  get image(): ImageControlArea | null {
    return this.controlArea.kind === 'image' ? (this.controlArea as ImageControlArea) : null;
  }
  get size(): number {
    return this.controlArea.size;
  }
}

/**
 * A page-file-backed (or file-backed, read into memory) data section's pages. Initial bytes are
 * shared zero-copy; a page written through a shared view is copied once into the section.
 */
class DataControlArea implements ControlArea {
  readonly kind = 'data';
  private readonly written = new Map<number, Uint8Array>();
  constructor(
    private readonly initial: Uint8Array | null,
    readonly size: number,
    private readonly writable: boolean,
  ) {}
  page(index: number): Uint8Array | null {
    const w = this.written.get(index);
    if (w) return w;
    const src = this.initial;
    const at = index * PAGE_SIZE;
    if (!src || at >= src.length) return null;
    if (at + PAGE_SIZE <= src.length) return src.subarray(at, at + PAGE_SIZE);
    const tail = new Uint8Array(PAGE_SIZE);
    tail.set(src.subarray(at));
    return tail;
  }
  writablePage(index: number): Uint8Array {
    let w = this.written.get(index);
    if (!w) {
      w = new Uint8Array(PAGE_SIZE);
      const p = this.page(index);
      if (p) w.set(p);
      this.written.set(index, w);
    }
    return w;
  }
  isStable(): boolean {
    return !this.writable;
  }
}

export interface DataSectionOptions {
  /** Initial contents (a file's bytes); the rest of the section reads as zero. */
  bytes?: Uint8Array;
  /** MaximumSize; defaults to the length of `bytes`. */
  size?: number;
  /** SectionPageProtection; PAGE_READWRITE by default. */
  protect?: number;
  /**
   * SEC_COMMIT (the default) or SEC_RESERVE for a page-file-backed section — views of a SEC_RESERVE
   * section start reserved and are committed page by page (NtAllocateVirtualMemory MEM_COMMIT) —
   * or SEC_FILE for one backed by a file, whose reported size is exact rather than page-rounded.
   */
  allocationAttributes?: number;
}

/**
 * NtCreateSection without SEC_IMAGE: a data section (SEC_COMMIT) over `bytes` or zero pages.
 * MaximumSize 0 with no file is STATUS_INVALID_PARAMETER_4 (MaximumSize is the fourth parameter);
 * a protection that is not one base PAGE_* value, or PAGE_NOACCESS/PAGE_GUARD, is
 * STATUS_INVALID_PAGE_PROTECTION (ReactOS MmCreateSection checks the same).
 */
export function MmCreateDataSection(options: DataSectionOptions): MmResult<Section> {
  const protect = options.protect ?? PAGE.READWRITE;
  if (!isValidProtection(protect) || protect & (PAGE.NOACCESS | PAGE.GUARD))
    return { status: STATUS.INVALID_PAGE_PROTECTION };
  const bytes = options.bytes ?? null;
  const size = Math.max(options.size ?? 0, bytes?.length ?? 0);
  if (size <= 0 || !Number.isSafeInteger(size)) return { status: STATUS.INVALID_PARAMETER_4 };
  const writable = (protect & (PAGE.READWRITE | PAGE.EXECUTE_READWRITE)) !== 0;
  const ca = new DataControlArea(bytes, pageAlignUp(size), writable);
  const attributes = options.allocationAttributes ?? SEC.COMMIT;
  const reported = attributes & SEC.FILE ? size : pageAlignUp(size);
  return { status: STATUS.SUCCESS, value: new Section(ca, protect, attributes, reported) };
}
