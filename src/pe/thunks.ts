import { viewOf } from '../base/index.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';

/** One imported function: by name (with the hint the loader tries first) or by ordinal. */
export type ImportedFunction = { name: string; hint: number } | { ordinal: number };

/** No real image imports this many functions from one DLL; a longer thunk run is malformed. */
const MAX_THUNKS = 0x10000;
/** …nor this many in all (ntdll-heavy real images import a few thousand). */
const MAX_THUNKS_PER_IMAGE = 0x40000;

/**
 * Walks an import lookup table (IMAGE_THUNK_DATA32/64 entries up to the zero entry), as the loader
 * does when it snaps imports (ReactOS dll/ntdll/ldr/ldrpe.c LdrpSnapIAT). An entry with the ordinal
 * flag (bit 63 in PE32+, bit 31 in PE32) imports by ordinal (low 16 bits); otherwise its low 31 bits
 * are the RVA of an IMAGE_IMPORT_BY_NAME {WORD Hint; CHAR Name[]}.
 */
export function readThunks(image: PeImage, tableRva: number, where: string): ImportedFunction[] {
  const width = image.is64 ? 8 : 4;
  const out: ImportedFunction[] = [];
  // Names are resolved after the walk, together: IMAGE_IMPORT_BY_NAME entries sit side by side.
  const named: number[] = [];
  const nameRvas: number[] = [];
  const finish = (): ImportedFunction[] => {
    image.spend('imported functions', out.length, MAX_THUNKS_PER_IMAGE, where);
    const { strings, prefixes } = image.cstrings(nameRvas, () => `${where} IMAGE_IMPORT_BY_NAME`, 2);
    for (let k = 0; k < named.length; k++) out[named[k]!] = { name: strings[k]!, hint: prefixes[k]! };
    return out;
  };
  let rva = tableRva;
  // Most tables are short: read 16 entries, then widen.
  for (let entries = 16; ; entries = Math.min(entries * 4, 4096)) {
    const room = image.extent(rva);
    if (room < width) throw malformed(where, `thunk table at ${hexOff(tableRva)} has no terminator`);
    const chunkLen = Math.min(room - (room % width), entries * width);
    const chunk = image.read(rva, chunkLen, where);
    const dv = viewOf(chunk);
    for (let o = 0; o < chunkLen; o += width) {
      // PE32+: the ordinal flag is bit 63 (the high DWORD's bit 31); PE32: bit 31.
      const lo = dv.getUint32(o, true);
      const flagWord = width === 8 ? dv.getUint32(o + 4, true) : lo;
      if (lo === 0 && flagWord === 0) return finish();
      const byOrdinal = (flagWord & 0x80000000) !== 0;
      const ordinal = lo & 0xffff;
      const nameRva = lo & 0x7fffffff;
      if (out.length >= MAX_THUNKS)
        throw malformed(where, `more than ${MAX_THUNKS} thunks at ${hexOff(tableRva)}`);
      if (byOrdinal) out.push({ ordinal });
      else {
        named.push(out.length);
        nameRvas.push(nameRva);
        out.push({ name: '', hint: 0 });
      }
    }
    rva += chunkLen;
  }
}
