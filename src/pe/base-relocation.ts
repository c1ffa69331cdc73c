import { viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';

/** One IMAGE_BASE_RELOCATION block: a page and its type/offset entries. */
export interface RelocationBlock {
  VirtualAddress: number;
  SizeOfBlock: number;
  /** (type << 12 | offset) words as stored, IMAGE_REL_BASED_ABSOLUTE padding included. */
  entries: Uint16Array;
}

/**
 * The .reloc directory: blocks of {DWORD VirtualAddress; DWORD SizeOfBlock; WORD TypeOffset[]}
 * over exactly the directory's Size (LdrProcessRelocationBlock walks the same way). A block smaller
 * than its 8-byte header, or one running past the directory, is malformed.
 */
export function readRelocations(image: PeImage): RelocationBlock[] | null {
  return image.cached('relocs', parseRelocations);
}

function parseRelocations(image: PeImage): RelocationBlock[] | null {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.BASERELOC);
  let out: RelocationBlock[] | null = null;
  if (dir.VirtualAddress !== 0 && dir.Size !== 0) {
    const bytes = image.read(dir.VirtualAddress, dir.Size, 'IMAGE_BASE_RELOCATION[]');
    const dv = viewOf(bytes);
    out = [];
    let o = 0;
    while (o + 8 <= bytes.length) {
      const va = dv.getUint32(o, true);
      const size = dv.getUint32(o + 4, true);
      const where = `IMAGE_BASE_RELOCATION at directory offset ${hexOff(o)}`;
      if (size === 0 && va === 0) break;
      if (size < 8 || size % 2 !== 0) throw malformed(where, `SizeOfBlock ${size} is invalid`);
      if (o + size > bytes.length) throw malformed(where, `SizeOfBlock ${size} runs past the directory`);
      const count = (size - 8) / 2;
      const entries = new Uint16Array(count);
      for (let i = 0; i < count; i++) entries[i] = dv.getUint16(o + 8 + 2 * i, true);
      out.push({ VirtualAddress: va, SizeOfBlock: size, entries });
      o += size;
    }
  }
  return out;
}

/** Entry count without the IMAGE_REL_BASED_ABSOLUTE (type 0) padding words. */
export function countRelocations(blocks: RelocationBlock[]): number {
  let n = 0;
  for (const b of blocks) for (const e of b.entries) if (e >> 12 !== 0) n++;
  return n;
}
