import { alignDown, alignUp, isPowerOfTwo } from '../base/index.js';
import type { OptionalHeader } from './nt-headers.js';
import { hexOff, malformed } from './image-error.js';
import type { SectionHeader } from './section-header.js';

/** Windows rounds PointerToRawData down to 512 unless the image is in low-alignment mode. */
const HARDCODED_FILE_ALIGNMENT = 0x200;
const PAGE_SIZE = 0x1000;

/**
 * Where each section lands in memory and which file bytes back it, as the memory manager maps an
 * image section (ReactOS ntoskrnl/mm/section.c PeFmtCreateSection and ExeFmtpCreateImageSection;
 * PE format spec on FileAlignment/SectionAlignment; pefile's adjust_* helpers agree):
 * - the headers occupy [0, SizeOfHeaders) at file offset 0;
 * - section i occupies [VirtualAddress, VirtualAddress + its virtual size aligned to SectionAlignment),
 *   virtual size being VirtualSize, or SizeOfRawData when VirtualSize is 0;
 * - its first min(SizeOfRawData aligned to FileAlignment, virtual size) bytes come from the file at
 *   PointerToRawData (rounded down to 512 outside low-alignment mode); the rest is zero.
 */
export interface MappedSection {
  va: number;
  /** End of the section in memory (exclusive). */
  vaEnd: number;
  fileOffset: number;
  /** Bytes of the section backed by the file (the rest reads as zero). */
  rawSize: number;
}

export interface ImageLayout {
  headerSize: number;
  sections: MappedSection[];
}

export function layoutImage(oh: OptionalHeader, sections: SectionHeader[], fileSize: number): ImageLayout {
  const { SectionAlignment: sa, FileAlignment: fa } = oh;
  if (!isPowerOfTwo(sa))
    throw malformed('IMAGE_OPTIONAL_HEADER.SectionAlignment', `${hexOff(sa)} is not a power of two`);
  if (!isPowerOfTwo(fa))
    throw malformed('IMAGE_OPTIONAL_HEADER.FileAlignment', `${hexOff(fa)} is not a power of two`);
  if (fa > sa)
    throw malformed(
      'IMAGE_OPTIONAL_HEADER.FileAlignment',
      `${hexOff(fa)} exceeds SectionAlignment ${hexOff(sa)}`,
    );
  // Low-alignment mode: below a page, the file is mapped flat and the alignments must be equal.
  const lowAlignment = sa < PAGE_SIZE;
  if (lowAlignment && fa !== sa)
    throw malformed(
      'IMAGE_OPTIONAL_HEADER.FileAlignment',
      `must equal SectionAlignment ${hexOff(sa)} below a page`,
    );
  const headerSize = Math.min(oh.SizeOfHeaders, fileSize);
  let next = alignUp(oh.SizeOfHeaders, sa);
  const mapped: MappedSection[] = [];
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    const where = `IMAGE_SECTION_HEADER[${i}] (${JSON.stringify(s.Name)})`;
    const vsize = s.VirtualSize !== 0 ? s.VirtualSize : s.SizeOfRawData;
    // ReactOS PeFmtCreateSection: "Virtual size of section is null", "SizeOfRawData too large".
    if (vsize === 0) throw malformed(where, 'VirtualSize and SizeOfRawData are both 0');
    if (s.PointerToRawData + s.SizeOfRawData > 0xffffffff)
      throw malformed(where, 'PointerToRawData + SizeOfRawData overflows 32 bits');
    if (lowAlignment ? s.VirtualAddress < next : s.VirtualAddress !== next)
      throw malformed(
        where,
        `VirtualAddress ${hexOff(s.VirtualAddress)} leaves a gap or overlap: expected ${hexOff(next)}`,
      );
    if (lowAlignment && s.VirtualAddress !== s.PointerToRawData)
      throw malformed(where, 'in low-alignment mode VirtualAddress must equal PointerToRawData');
    const vaEnd = s.VirtualAddress + alignUp(vsize, sa);
    if (vaEnd > 0xffffffff) throw malformed(where, 'section end overflows 32 bits');
    const fileOffset =
      lowAlignment || fa < HARDCODED_FILE_ALIGNMENT
        ? s.PointerToRawData
        : alignDown(s.PointerToRawData, HARDCODED_FILE_ALIGNMENT);
    let rawSize = Math.min(alignUp(s.SizeOfRawData, fa), alignUp(vsize, sa));
    if (s.SizeOfRawData === 0) rawSize = 0;
    if (rawSize > 0 && fileOffset + Math.min(s.SizeOfRawData, rawSize) > fileSize)
      throw malformed(
        where,
        `raw data [${hexOff(fileOffset)}, +${hexOff(s.SizeOfRawData)}) runs past the end of the file (${hexOff(fileSize)})`,
      );
    // The aligned tail past the end of a file (the last section's padding) reads as zero.
    rawSize = Math.max(0, Math.min(rawSize, fileSize - fileOffset));
    mapped.push({ va: s.VirtualAddress, vaEnd, fileOffset, rawSize });
    next = vaEnd;
  }
  if (!lowAlignment && alignUp(oh.SizeOfImage, sa) < next)
    throw malformed(
      'IMAGE_OPTIONAL_HEADER.SizeOfImage',
      `${hexOff(oh.SizeOfImage)} is smaller than the sections' end ${hexOff(next)}`,
    );
  return { headerSize, sections: mapped };
}

/**
 * Locates an RVA: the file offset that backs it, or -1 when it reads as zero (virtual-only tail),
 * or -2 when it lies outside the image. `avail` is how many bytes from there are file-backed.
 */
export function locateRva(
  layout: ImageLayout,
  rva: number,
): { offset: number; avail: number; zeroes: number } {
  if (rva < layout.headerSize) return { offset: rva, avail: layout.headerSize - rva, zeroes: 0 };
  const secs = layout.sections;
  let lo = 0;
  let hi = secs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = secs[mid]!;
    if (rva < s.va) hi = mid - 1;
    else if (rva >= s.vaEnd) lo = mid + 1;
    else {
      const d = rva - s.va;
      if (d < s.rawSize)
        return { offset: s.fileOffset + d, avail: s.rawSize - d, zeroes: s.vaEnd - s.va - s.rawSize };
      return { offset: -1, avail: 0, zeroes: s.vaEnd - rva };
    }
  }
  return { offset: -2, avail: 0, zeroes: 0 };
}
