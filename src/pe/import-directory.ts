import { viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';
import { readThunks, type ImportedFunction } from './thunks.js';

/** IMAGE_IMPORT_DESCRIPTOR, with the DLL name and its functions resolved. */
export interface ImportDescriptor {
  dll: string;
  OriginalFirstThunk: number;
  TimeDateStamp: number;
  ForwarderChain: number;
  Name: number;
  FirstThunk: number;
  functions: ImportedFunction[];
}

const DESCRIPTOR_SIZE = 20;
const MAX_DESCRIPTORS = 0x4000;

/**
 * The import directory. The loader walks descriptors until one has Name == 0 or FirstThunk == 0
 * (ReactOS ldrpe.c LdrpWalkImportDescriptor) and takes the names from OriginalFirstThunk, falling
 * back to FirstThunk when the image has no separate lookup table.
 */
export function readImports(image: PeImage): ImportDescriptor[] {
  return image.cached('imports', parseImports);
}

function parseImports(image: PeImage): ImportDescriptor[] {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.IMPORT);
  const out: ImportDescriptor[] = [];
  if (dir.VirtualAddress !== 0) {
    for (let i = 0; ; i++) {
      const where = `IMAGE_IMPORT_DESCRIPTOR[${i}]`;
      if (i >= MAX_DESCRIPTORS) throw malformed(where, 'too many import descriptors (no terminator)');
      const at = dir.VirtualAddress + i * DESCRIPTOR_SIZE;
      if (image.extent(at) < DESCRIPTOR_SIZE)
        throw malformed(where, `the descriptor array at ${hexOff(dir.VirtualAddress)} has no terminator`);
      const dv = viewOf(image.read(at, DESCRIPTOR_SIZE, where));
      const d = {
        OriginalFirstThunk: dv.getUint32(0, true),
        TimeDateStamp: dv.getUint32(4, true),
        ForwarderChain: dv.getUint32(8, true),
        Name: dv.getUint32(12, true),
        FirstThunk: dv.getUint32(16, true),
      };
      if (d.Name === 0 || d.FirstThunk === 0) break;
      const dll = image.cstring(d.Name, `${where}.Name`, 260);
      const functions = readThunks(image, d.OriginalFirstThunk || d.FirstThunk, `${where} (${dll}) thunks`);
      out.push({ dll, ...d, functions });
    }
  }
  return out;
}
