import { viewOf, type ByteSource } from '../base/index.js';
import { IMAGE_DOS_SIGNATURE } from './constants.js';
import { ImageFormatError } from './image-error.js';

/** IMAGE_DOS_HEADER (64 bytes). Only the fields the loader reads are kept. */
export interface DosHeader {
  e_magic: number;
  /** Offset 0x18: relocation table offset; 0x40 or more in images that have a new-style header. */
  e_lfarlc: number;
  /** Offset 0x3C: file offset of the NT (or NE/LE) header. */
  e_lfanew: number;
}

export const IMAGE_DOS_HEADER_SIZE = 64;

export function readDosHeader(src: ByteSource): DosHeader {
  if (src.size < 2)
    throw new ImageFormatError('notMz', 'IMAGE_DOS_HEADER', `file is ${src.size} bytes, no 'MZ'`);
  const magic = viewOf(src.bytes(0, 2)).getUint16(0, true);
  if (magic !== IMAGE_DOS_SIGNATURE)
    throw new ImageFormatError('notMz', 'IMAGE_DOS_HEADER.e_magic', `0x${magic.toString(16)} is not 'MZ'`);
  // A file that starts with MZ but is too short to hold a new-style header is an MS-DOS program.
  if (src.size < IMAGE_DOS_HEADER_SIZE)
    throw new ImageFormatError('dosProgram', 'IMAGE_DOS_HEADER', `file ends at ${src.size}, before e_lfanew`);
  const dv = viewOf(src.bytes(0, IMAGE_DOS_HEADER_SIZE));
  return { e_magic: magic, e_lfarlc: dv.getUint16(0x18, true), e_lfanew: dv.getUint32(0x3c, true) };
}
