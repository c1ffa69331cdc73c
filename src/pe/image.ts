import { ArraySource, latin1, type ByteSource } from '../base/index.js';
import { IMAGE_NT_OPTIONAL_HDR64_MAGIC, IMAGE_SIZEOF_SECTION_HEADER } from './constants.js';
import { readDosHeader, type DosHeader } from './dos-header.js';
import { hexOff, malformed } from './image-error.js';
import { layoutImage, locateRva, type ImageLayout } from './image-layout.js';
import { readNtHeaders, type DataDirectory, type FileHeader, type OptionalHeader } from './nt-headers.js';
import { readSectionTable, type SectionHeader } from './section-header.js';

/**
 * A PE/COFF image opened for reading. Opening reads the DOS header, the NT headers and the section
 * table and checks them as the memory manager does before it maps an image; everything else (the
 * directories) is read on first use by the `read*` functions of the directory modules, so reading
 * headers never walks the file. Bad input throws ImageFormatError with Windows' NTSTATUS.
 */
export class PeImage {
  readonly source: ByteSource;
  readonly dos: DosHeader;
  readonly fileHeader: FileHeader;
  readonly optionalHeader: OptionalHeader;
  readonly sections: readonly SectionHeader[];
  readonly ntHeadersOffset: number;
  readonly layout: ImageLayout;
  /** Per-image memo for the directory readers (each reads its directory once). */
  private readonly memo = new Map<string, unknown>();
  private readonly spent = new Map<string, number>();

  private constructor(source: ByteSource) {
    this.source = source;
    this.dos = readDosHeader(source);
    const nt = readNtHeaders(source, this.dos);
    this.ntHeadersOffset = nt.offset;
    this.fileHeader = nt.FileHeader;
    this.optionalHeader = nt.OptionalHeader;
    const n = nt.FileHeader.NumberOfSections;
    const tableEnd = nt.sectionTableOffset + n * IMAGE_SIZEOF_SECTION_HEADER;
    // ReactOS PeFmtCreateSection: "The section headers overflow SizeOfHeaders".
    if (tableEnd > nt.OptionalHeader.SizeOfHeaders)
      throw malformed(
        'IMAGE_SECTION_HEADER[]',
        `the table of ${n} sections ends at ${hexOff(tableEnd)}, past SizeOfHeaders ${hexOff(nt.OptionalHeader.SizeOfHeaders)}`,
      );
    this.sections = readSectionTable(source, nt.sectionTableOffset, n);
    this.layout = layoutImage(nt.OptionalHeader, this.sections as SectionHeader[], source.size);
  }

  static open(input: ByteSource | Uint8Array): PeImage {
    return new PeImage(input instanceof Uint8Array ? new ArraySource(input) : input);
  }

  /** The directory `key`, parsed once by `parse` and then kept (a failure is not kept: it repeats). */
  cached<T>(key: string, parse: (image: PeImage) => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = parse(this);
    this.memo.set(key, value);
    return value;
  }

  /**
   * Work budgets per image. Structures may share tables (every import descriptor naming one huge
   * thunk table, every resource directory entry naming one big subdirectory), so per-structure
   * limits alone could multiply into billions of steps; a crafted file fails instead of hanging.
   */
  spend(kind: string, n: number, limit: number, where: string): void {
    const total = (this.spent.get(kind) ?? 0) + n;
    if (total > limit) throw malformed(where, `more than ${limit} ${kind} in one image`);
    this.spent.set(kind, total);
  }

  get is64(): boolean {
    return this.optionalHeader.Magic === IMAGE_NT_OPTIONAL_HDR64_MAGIC;
  }
  get format(): 'PE32' | 'PE32+' {
    return this.is64 ? 'PE32+' : 'PE32';
  }
  get imageBase(): bigint {
    return this.optionalHeader.ImageBase;
  }
  directory(index: number): DataDirectory {
    return this.optionalHeader.DataDirectory[index] ?? { VirtualAddress: 0, Size: 0 };
  }

  /** The file offset that backs `rva`, or null when the RVA is outside the image or reads as zero. */
  rvaToOffset(rva: number): number | null {
    const loc = locateRva(this.layout, rva);
    return loc.offset >= 0 ? loc.offset : null;
  }

  /** The index of the section holding `rva`, or -1. */
  sectionIndexOf(rva: number): number {
    const s = this.layout.sections;
    for (let i = 0; i < s.length; i++) if (rva >= s[i]!.va && rva < s[i]!.vaEnd) return i;
    return -1;
  }

  /** `va - ImageBase`, or -1 when the VA is not inside the image. */
  vaToRva(va: bigint): number {
    const rva = va - this.imageBase;
    if (rva < 0n || rva >= BigInt(Math.max(this.optionalHeader.SizeOfImage, this.layout.headerSize)))
      return -1;
    return Number(rva);
  }

  /**
   * The `length` bytes at `rva` as the loader would see them once mapped: file bytes, then zeroes
   * for a section's virtual-only tail. Throws when any of the range lies outside the image.
   */
  read(rva: number, length: number, where: string): Uint8Array {
    const loc = locateRva(this.layout, rva);
    if (loc.offset === -2 || rva + length > 0x100000000)
      throw malformed(where, `RVA ${hexOff(rva)} is outside the image`);
    if (loc.offset >= 0 && length <= loc.avail) return this.source.bytes(loc.offset, length);
    if (length > loc.avail + loc.zeroes)
      throw malformed(where, `${length} bytes at RVA ${hexOff(rva)} run past the end of their section`);
    const out = new Uint8Array(length);
    if (loc.offset >= 0) out.set(this.source.bytes(loc.offset, loc.avail));
    return out;
  }

  /**
   * Many NUL-terminated strings at once (export names, import names): when they lie close
   * together in one region, that span is read once and each string decoded from it; otherwise
   * each is read on its own. `skip` bytes precede each string (2 for IMAGE_IMPORT_BY_NAME's Hint),
   * and are returned in `prefixes` as little-endian WORDs.
   */
  cstrings(
    rvas: ArrayLike<number>,
    where: (i: number) => string,
    skip = 0,
  ): { strings: string[]; prefixes: number[] } {
    const n = rvas.length;
    const strings = new Array<string>(n);
    const prefixes = skip ? new Array<number>(n) : [];
    if (n === 0) return { strings, prefixes };
    let lo = Infinity;
    let hi = -1;
    for (let i = 0; i < n; i++) {
      const r = rvas[i]!;
      if (r < lo) lo = r;
      if (r > hi) hi = r;
    }
    const SPAN = 0x40000;
    const room = this.extent(lo);
    const blockLen = Math.min(room, hi - lo + skip + 512);
    const block = hi - lo < SPAN && blockLen > hi - lo + skip ? this.read(lo, blockLen, where(0)) : null;
    for (let i = 0; i < n; i++) {
      const r = rvas[i]!;
      if (block) {
        const at = r - lo + skip;
        const nul = block.indexOf(0, at);
        if (nul >= 0) {
          if (skip) prefixes[i] = block[at - 2]! | (block[at - 1]! << 8);
          strings[i] = latin1(block, at, nul);
          continue;
        }
      }
      if (skip) prefixes[i] = this.u16(r, where(i));
      strings[i] = this.cstring(r + skip, where(i));
    }
    return { strings, prefixes };
  }

  /** A little-endian WORD at `rva`. */
  u16(rva: number, where: string): number {
    const b = this.read(rva, 2, where);
    return b[0]! | (b[1]! << 8);
  }

  /** How many bytes from `rva` to the end of its mapped region (section or headers); 0 if outside. */
  extent(rva: number): number {
    const loc = locateRva(this.layout, rva);
    if (loc.offset === -2) return 0;
    return loc.offset === -1 ? loc.zeroes : loc.avail + loc.zeroes;
  }

  /**
   * A NUL-terminated ANSI string at `rva`, at most `max` bytes before the NUL. Reads a small window
   * first and widens it only for long strings, so names cost what they span.
   */
  cstring(rva: number, where: string, max = 4096): string {
    const loc = locateRva(this.layout, rva);
    if (loc.offset === -2) throw malformed(where, `string at RVA ${hexOff(rva)} is outside the image`);
    if (loc.offset === -1) return '';
    const limit = Math.min(loc.avail, max + 1);
    for (let n = Math.min(64, limit); ; n = Math.min(n * 4, limit)) {
      const bytes = this.source.bytes(loc.offset, n);
      const nul = bytes.indexOf(0);
      if (nul >= 0) return latin1(bytes, 0, nul);
      if (n === limit) {
        // Ended by the section's zero-filled tail in memory, as the loader would see it.
        if (limit === loc.avail && loc.zeroes > 0 && n <= max) return latin1(bytes, 0, n);
        throw malformed(
          where,
          `string at RVA ${hexOff(rva)} has no terminator within ${Math.min(n, max)} bytes`,
        );
      }
    }
  }
}
