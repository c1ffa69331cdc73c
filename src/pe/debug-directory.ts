import { latin1, viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';
import { malformed } from './image-error.js';

/** IMAGE_DEBUG_DIRECTORY, with the CodeView record decoded where it is RSDS or NB10. */
export interface DebugEntry {
  Characteristics: number;
  TimeDateStamp: number;
  MajorVersion: number;
  MinorVersion: number;
  Type: number;
  SizeOfData: number;
  AddressOfRawData: number;
  PointerToRawData: number;
  codeView: { signature: 'RSDS' | 'NB10'; pdb: string; guid: string | null; age: number } | null;
}

const ENTRY_SIZE = 28;
const MAX_ENTRIES = 256;

/** The GUID as WinDbg and symbol servers print it: {Data1-Data2-Data3-Data4[0..1]-Data4[2..7]}. */
function formatGuid(b: Uint8Array, o: number): string {
  const dv = viewOf(b);
  const h = (v: number, n: number): string => v.toString(16).toUpperCase().padStart(n, '0');
  let tail = '';
  for (let i = 8; i < 16; i++) tail += h(b[o + i]!, 2);
  return `${h(dv.getUint32(o, true), 8)}-${h(dv.getUint16(o + 4, true), 4)}-${h(dv.getUint16(o + 6, true), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

export function readDebug(image: PeImage): DebugEntry[] {
  return image.cached('debug', parseDebug);
}

function parseDebug(image: PeImage): DebugEntry[] {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.DEBUG);
  const out: DebugEntry[] = [];
  if (dir.VirtualAddress !== 0 && dir.Size !== 0) {
    const count = Math.floor(dir.Size / ENTRY_SIZE);
    if (count > MAX_ENTRIES) throw malformed('IMAGE_DEBUG_DIRECTORY[]', `${count} entries is not plausible`);
    const bytes = image.read(dir.VirtualAddress, count * ENTRY_SIZE, 'IMAGE_DEBUG_DIRECTORY[]');
    const dv = viewOf(bytes);
    for (let i = 0; i < count; i++) {
      const o = i * ENTRY_SIZE;
      const e: DebugEntry = {
        Characteristics: dv.getUint32(o, true),
        TimeDateStamp: dv.getUint32(o + 4, true),
        MajorVersion: dv.getUint16(o + 8, true),
        MinorVersion: dv.getUint16(o + 10, true),
        Type: dv.getUint32(o + 12, true),
        SizeOfData: dv.getUint32(o + 16, true),
        AddressOfRawData: dv.getUint32(o + 20, true),
        PointerToRawData: dv.getUint32(o + 24, true),
        codeView: null,
      };
      if (e.Type === 2) e.codeView = readCodeView(image, e);
      out.push(e);
    }
  }
  return out;
}

/** CodeView: 'RSDS' GUID(16) Age(4) PdbFileName (PDB 7.0) or 'NB10' Offset(4) Signature(4) Age(4) name. */
function readCodeView(image: PeImage, e: DebugEntry): DebugEntry['codeView'] {
  const size = Math.min(e.SizeOfData, 4096);
  if (size < 16) return null;
  let data: Uint8Array;
  if (e.PointerToRawData !== 0 && e.PointerToRawData + size <= image.source.size)
    data = image.source.bytes(e.PointerToRawData, size);
  else if (e.AddressOfRawData !== 0) data = image.read(e.AddressOfRawData, size, 'CodeView record');
  else return null;
  const sig = latin1(data, 0, 4);
  const dv = viewOf(data);
  if (sig === 'RSDS' && size >= 24)
    return {
      signature: 'RSDS',
      guid: formatGuid(data, 4),
      age: dv.getUint32(20, true),
      pdb: latin1(data, 24),
    };
  if (sig === 'NB10')
    return { signature: 'NB10', guid: null, age: dv.getUint32(12, true), pdb: latin1(data, 16) };
  return null;
}
