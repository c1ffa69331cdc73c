import { latin1, viewOf, type ByteSource } from '../base/index.js';
import { IMAGE_SIZEOF_SECTION_HEADER } from './constants.js';
import { hexOff, malformed } from './image-error.js';

/** IMAGE_SECTION_HEADER */
export interface SectionHeader {
  /** The 8-byte Name field as stored (a long name appears as `/N`, an offset into the COFF string table). */
  Name: string;
  VirtualSize: number;
  VirtualAddress: number;
  SizeOfRawData: number;
  PointerToRawData: number;
  PointerToRelocations: number;
  PointerToLinenumbers: number;
  NumberOfRelocations: number;
  NumberOfLinenumbers: number;
  Characteristics: number;
}

export function readSectionTable(src: ByteSource, offset: number, count: number): SectionHeader[] {
  const size = count * IMAGE_SIZEOF_SECTION_HEADER;
  if (offset + size > src.size)
    throw malformed(
      'IMAGE_SECTION_HEADER[]',
      `${count} sections at ${hexOff(offset)} run past the end of the file (${hexOff(src.size)})`,
    );
  const bytes = src.bytes(offset, size);
  const dv = viewOf(bytes);
  const out: SectionHeader[] = new Array<SectionHeader>(count);
  for (let i = 0; i < count; i++) {
    const o = i * IMAGE_SIZEOF_SECTION_HEADER;
    out[i] = {
      Name: latin1(bytes, o, o + 8),
      VirtualSize: dv.getUint32(o + 8, true),
      VirtualAddress: dv.getUint32(o + 12, true),
      SizeOfRawData: dv.getUint32(o + 16, true),
      PointerToRawData: dv.getUint32(o + 20, true),
      PointerToRelocations: dv.getUint32(o + 24, true),
      PointerToLinenumbers: dv.getUint32(o + 28, true),
      NumberOfRelocations: dv.getUint16(o + 32, true),
      NumberOfLinenumbers: dv.getUint16(o + 34, true),
      Characteristics: dv.getUint32(o + 36, true),
    };
  }
  return out;
}
