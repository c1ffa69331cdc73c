import { ArraySource, NtStatusError, STATUS, type ByteSource, type NTSTATUS } from '../../base/index.js';
import {
  IMAGE_DLLCHARACTERISTICS,
  IMAGE_FILE,
  PeImage,
  readRelocations,
  type RelocationBlock,
} from '../../pe/index.js';
import type { ImageBaseChoice } from './aslr.js';
import { MEM, PAGE, PAGE_SIZE, pageAlignUp } from './constants.js';
import { setRuns, runAt, type PageRuns } from './page-runs.js';
import { collectFixups, fixupSize, relocatedValue, type Fixup } from './relocation.js';
import type { MmResult } from './result.js';
import { SEC, Section, type ControlArea } from './section.js';

/**
 * IMAGE_SCN_MEM_{SHARED,EXECUTE,READ,WRITE} (Characteristics >>> 28) → the page protection of a
 * mapped image section: ReactOS ntoskrnl/mm/pe.c SectionCharacteristicsToProtect. Writable,
 * unshared sections are copy-on-write: VirtualQuery shows PAGE_WRITECOPY until a page is written.
 */
const SCN_TO_PROTECT = [
  PAGE.NOACCESS,
  PAGE.NOACCESS,
  PAGE.EXECUTE,
  PAGE.EXECUTE,
  PAGE.READONLY,
  PAGE.READONLY,
  PAGE.EXECUTE_READ,
  PAGE.EXECUTE_READ,
  PAGE.WRITECOPY,
  PAGE.READWRITE,
  PAGE.EXECUTE_WRITECOPY,
  PAGE.EXECUTE_READWRITE,
  PAGE.WRITECOPY,
  PAGE.READWRITE,
  PAGE.EXECUTE_WRITECOPY,
  PAGE.EXECUTE_READWRITE,
] as const;

/** The page protection of an image section with these IMAGE_SCN_* characteristics. */
export function imageSectionProtection(characteristics: number): number {
  return SCN_TO_PROTECT[characteristics >>> 28]!;
}

/** SECTION_IMAGE_INFORMATION (NtQuerySection SectionImageInformation), as ps needs it. */
export interface SectionImageInformation {
  /** The entry point at the section's base (0 when the image has none). */
  TransferAddress: number;
  MaximumStackSize: number;
  CommittedStackSize: number;
  SubSystemType: number;
  SubSystemMajorVersion: number;
  SubSystemMinorVersion: number;
  MajorOperatingSystemVersion: number;
  MinorOperatingSystemVersion: number;
  ImageCharacteristics: number;
  DllCharacteristics: number;
  Machine: number;
  ImageContainsCode: boolean;
  LoaderFlags: number;
  ImageFileSize: number;
  CheckSum: number;
}

/**
 * An image section's shared pages (the SEGMENT of MiCreateImageFileMap): the PE laid out as the
 * loader sees it — headers at 0, each section at its RVA with its raw data and a zero tail — made
 * page by page on first use and then shared by every process. When the section gets a base other
 * than the image's preferred one (ASLR), the memory manager relocates the shared pages as it makes
 * them, once per boot (Windows Internals 7 ch. 5, "Image randomization"): views at that base need
 * no private fixups, and the in-memory OptionalHeader.ImageBase names the new base.
 */
export class ImageControlArea implements ControlArea {
  readonly kind = 'image';
  readonly size: number;
  /** Per-page protections of a view (prototype PTE protections), every page committed. */
  readonly runs: PageRuns;
  readonly preferredBase: number;
  readonly isDll: boolean;
  readonly is64: boolean;
  readonly dynamicBase: boolean;
  readonly highEntropy: boolean;
  /**
   * Can be moved: IMAGE_FILE_RELOCS_STRIPPED is clear. An image with no .reloc directory then has
   * nothing to fix (Wine's and ReactOS's LdrRelocateImage succeed on it).
   */
  readonly relocatable: boolean;
  /** The base chosen for this boot (MiSelectImageBase); null until first mapped. */
  imageBase: number | null = null;
  /** How MiSelectImageBase chose `imageBase`. */
  choice: ImageBaseChoice | null = null;
  private delta = 0n;
  private fixupsByPage: Map<number, Fixup[]> | null = null;
  private readonly pages: (Uint8Array | null | undefined)[];
  private readonly zeroCopy: boolean;
  /** Pages of MEM_SHARED writable sections that writers changed: this section's own copies. */
  private readonly owned = new Set<number>();

  constructor(readonly image: PeImage) {
    const oh = image.optionalHeader;
    this.size = pageAlignUp(Math.max(oh.SizeOfImage, image.layout.headerSize));
    this.pages = new Array<Uint8Array | null | undefined>(this.size / PAGE_SIZE);
    this.zeroCopy = image.source instanceof ArraySource;
    this.preferredBase = Number(oh.ImageBase);
    const ch = image.fileHeader.Characteristics;
    this.isDll = (ch & IMAGE_FILE.DLL!) !== 0;
    this.is64 = image.is64;
    this.dynamicBase = (oh.DllCharacteristics & IMAGE_DLLCHARACTERISTICS.DYNAMIC_BASE!) !== 0;
    this.highEntropy = (oh.DllCharacteristics & IMAGE_DLLCHARACTERISTICS.HIGH_ENTROPY_VA!) !== 0;
    this.relocatable = (ch & IMAGE_FILE.RELOCS_STRIPPED!) === 0;
    this.runs = imageRuns(image, this.size);
  }

  /**
   * Fixes the section's base for this boot and prepares the shared relocation (the fixups indexed
   * by the pages they touch). A bad .reloc directory gives its status and leaves no base chosen.
   */
  setImageBase(base: number): NTSTATUS {
    if (this.imageBase !== null)
      return this.imageBase === base ? STATUS.SUCCESS : STATUS.CONFLICTING_ADDRESSES;
    if (base !== this.preferredBase) {
      const r = this.fixups();
      if (r.status !== STATUS.SUCCESS) return r.status;
      const byPage = new Map<number, Fixup[]>();
      for (const f of r.fixups) {
        const last = Math.floor((f.rva + fixupSize(f.type) - 1) / PAGE_SIZE);
        for (let p = Math.floor(f.rva / PAGE_SIZE); p <= last; p++) {
          const list = byPage.get(p);
          if (list) list.push(f);
          else byPage.set(p, [f]);
        }
      }
      this.fixupsByPage = byPage;
      this.delta = BigInt(base) - BigInt(this.preferredBase);
      this.pages.fill(undefined);
    }
    this.imageBase = base;
    return STATUS.SUCCESS;
  }

  /** Every fixup of the image; STATUS_INVALID_IMAGE_FORMAT for a bad .reloc directory. */
  fixups(): { status: NTSTATUS; fixups: Fixup[] } {
    let blocks: RelocationBlock[] | null;
    try {
      blocks = readRelocations(this.image);
    } catch (e) {
      if (e instanceof NtStatusError) return { status: e.status, fixups: [] };
      throw e;
    }
    return collectFixups(blocks ?? []);
  }

  page(index: number): Uint8Array | null {
    let p = this.pages[index];
    if (p === undefined) {
      p = this.makePage(index);
      this.pages[index] = p;
    }
    return p;
  }

  writablePage(index: number): Uint8Array {
    let p = this.pages[index];
    if (!this.owned.has(index) || !p) {
      const copy = new Uint8Array(PAGE_SIZE);
      const shared = this.page(index);
      if (shared) copy.set(shared);
      p = copy;
      this.pages[index] = p;
      this.owned.add(index);
    }
    return p;
  }

  isStable(index: number): boolean {
    const protect = runAt(this.runs, index).protect;
    return (protect & (PAGE.READWRITE | PAGE.EXECUTE_READWRITE)) === 0;
  }

  information(): SectionImageInformation {
    const oh = this.image.optionalHeader;
    const fh = this.image.fileHeader;
    const base = this.imageBase ?? this.preferredBase;
    return {
      TransferAddress: oh.AddressOfEntryPoint ? base + oh.AddressOfEntryPoint : 0,
      MaximumStackSize: Number(oh.SizeOfStackReserve),
      CommittedStackSize: Number(oh.SizeOfStackCommit),
      SubSystemType: oh.Subsystem,
      SubSystemMajorVersion: oh.MajorSubsystemVersion,
      SubSystemMinorVersion: oh.MinorSubsystemVersion,
      MajorOperatingSystemVersion: oh.MajorOperatingSystemVersion,
      MinorOperatingSystemVersion: oh.MinorOperatingSystemVersion,
      ImageCharacteristics: fh.Characteristics,
      DllCharacteristics: oh.DllCharacteristics,
      Machine: fh.Machine,
      ImageContainsCode: oh.SizeOfCode !== 0,
      LoaderFlags: oh.LoaderFlags,
      ImageFileSize: this.image.source.size,
      CheckSum: oh.CheckSum,
    };
  }

  /** The file bytes of page `index` as mapped, before relocation; null when all zero. */
  private rawPage(index: number): Uint8Array | null {
    const start = index * PAGE_SIZE;
    const end = start + PAGE_SIZE;
    const src = this.image.source;
    const pieces: { va: number; file: number; len: number }[] = [];
    const layout = this.image.layout;
    if (layout.headerSize > start) pieces.push({ va: 0, file: 0, len: layout.headerSize });
    for (const s of layout.sections)
      if (s.va < end && s.va + s.rawSize > start)
        pieces.push({ va: s.va, file: s.fileOffset, len: s.rawSize });
    if (pieces.length === 0) return null;
    const only = pieces[0]!;
    if (pieces.length === 1 && this.zeroCopy && only.va <= start && only.va + only.len >= end)
      return src.bytes(only.file + start - only.va, PAGE_SIZE);
    const out = new Uint8Array(PAGE_SIZE);
    for (const p of pieces) {
      const from = Math.max(start, p.va);
      const to = Math.min(end, p.va + p.len);
      if (from < to) out.set(src.bytes(p.file + from - p.va, to - from), from - start);
    }
    return out;
  }

  private makePage(index: number): Uint8Array | null {
    const fixups = this.fixupsByPage?.get(index);
    const headerPage = index === 0 && this.imageBase !== null && this.imageBase !== this.preferredBase;
    let page = this.rawPage(index);
    if (!fixups && !headerPage) return page;
    const copy = new Uint8Array(PAGE_SIZE);
    if (page) copy.set(page);
    page = copy;
    const start = index * PAGE_SIZE;
    for (const f of fixups ?? []) {
      const size = fixupSize(f.type);
      const value = relocatedValue(f, this.rawValue(f.rva, size), this.delta);
      for (let b = 0; b < size; b++) {
        const at = f.rva + b - start;
        if (at >= 0 && at < PAGE_SIZE) page[at] = Number((value >> BigInt(8 * b)) & 0xffn);
      }
    }
    if (headerPage) {
      // OptionalHeader.ImageBase: 24 bytes into IMAGE_OPTIONAL_HEADER64, 28 into the 32-bit one.
      const at = this.image.ntHeadersOffset + 4 + 20 + (this.is64 ? 24 : 28);
      const dv = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
      if (at + 8 <= PAGE_SIZE) {
        if (this.is64) dv.setBigUint64(at, BigInt(this.imageBase!), true);
        else dv.setUint32(at, this.imageBase! >>> 0, true);
      }
    }
    return page;
  }

  /** A little-endian value of the unrelocated image, possibly across a page boundary. */
  private rawValue(rva: number, size: number): bigint {
    let v = 0n;
    let page: Uint8Array | null = null;
    let pageIndex = -1;
    for (let b = size - 1; b >= 0; b--) {
      const at = rva + b;
      const pi = Math.floor(at / PAGE_SIZE);
      if (pi !== pageIndex) {
        pageIndex = pi;
        page = this.rawPage(pi);
      }
      v = (v << 8n) | BigInt(page ? page[at - pi * PAGE_SIZE]! : 0);
    }
    return v;
  }
}

/**
 * Page protections of an image view: the headers read-only, each section from its
 * characteristics, pages past the last section reserved. Below a page of SectionAlignment the
 * image is one copy-on-write read-write-execute region (ReactOS PeFmtCreateSection maps such an
 * image as a single read-write-execute segment; image views are copy-on-write).
 */
function imageRuns(image: PeImage, size: number): PageRuns {
  const pages = size / PAGE_SIZE;
  if (image.optionalHeader.SectionAlignment < PAGE_SIZE)
    return [{ start: 0, end: pages, state: MEM.COMMIT, protect: PAGE.EXECUTE_WRITECOPY }];
  let runs: PageRuns = [{ start: 0, end: pages, state: MEM.RESERVE, protect: 0 }];
  const firstSection = image.layout.sections[0]?.va ?? size;
  runs = setRuns(runs, 0, Math.min(pages, Math.ceil(firstSection / PAGE_SIZE)), MEM.COMMIT, PAGE.READONLY);
  image.layout.sections.forEach((s, i) => {
    const protect = imageSectionProtection(image.sections[i]!.Characteristics);
    const from = Math.floor(s.va / PAGE_SIZE);
    const to = Math.min(pages, Math.ceil(s.vaEnd / PAGE_SIZE));
    if (from < to) runs = setRuns(runs, from, to, MEM.COMMIT, protect);
  });
  return runs;
}

/**
 * NtCreateSection(SEC_IMAGE) → MiCreateImageFileMap: opens the PE as the memory manager checks it
 * (the project's PeImage: STATUS_INVALID_IMAGE_NOT_MZ, _PROTECT, _FORMAT … from src/pe) and builds
 * the image's control area. The control area is what every process's view shares; cache it per
 * file (MmSystem.imageSection) so each image is built once.
 */
export function MiCreateImageFileMap(input: Uint8Array | ByteSource | PeImage): MmResult<Section> {
  let image: PeImage;
  try {
    image = input instanceof PeImage ? input : PeImage.open(input);
  } catch (e) {
    if (e instanceof NtStatusError) return { status: e.status };
    throw e;
  }
  const ca = new ImageControlArea(image);
  return { status: STATUS.SUCCESS, value: new Section(ca, PAGE.EXECUTE_WRITECOPY, SEC.IMAGE) };
}
