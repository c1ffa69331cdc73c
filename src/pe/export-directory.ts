import { viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';
import { malformed } from './image-error.js';

/** One exported function. A forwarder's RVA points inside the export directory at its string. */
export interface ExportedFunction {
  ordinal: number;
  /** null for an ordinal-only export. */
  name: string | null;
  /** null for a forwarder. */
  rva: number | null;
  /** `ntdll.RtlAllocateHeap`, `api-ms-win-core-heap-l1-1-0.HeapAlloc`, `other.#12`, or null. */
  forwarder: string | null;
}

/** IMAGE_EXPORT_DIRECTORY and its three tables. */
export interface ExportDirectory {
  dllName: string;
  Characteristics: number;
  TimeDateStamp: number;
  MajorVersion: number;
  MinorVersion: number;
  Base: number;
  NumberOfFunctions: number;
  NumberOfNames: number;
  AddressOfFunctions: number;
  AddressOfNames: number;
  AddressOfNameOrdinals: number;
  /** By ordinal, then by name-table order for aliases; ordinal-only entries with RVA 0 are skipped. */
  functions: ExportedFunction[];
  /** The name table as stored (the loader binary-searches it, so it must be sorted). */
  names: string[];
  /** The export ordinal (biased) for each entry of `names`. */
  nameOrdinals: number[];
  /** Whether `names` is in ascending byte order, as LdrpNameToOrdinal's binary search requires. */
  namesSorted: boolean;
}

const MAX_EXPORTS = 0x10000; // ordinals are 16-bit

/** Byte-wise (strcmp) order of ANSI names, the order the loader's binary search assumes. */
export function compareExportNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function readExports(image: PeImage): ExportDirectory | null {
  return image.cached('exports', parseExports);
}

function parseExports(image: PeImage): ExportDirectory | null {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.EXPORT);
  let out: ExportDirectory | null = null;
  if (dir.VirtualAddress !== 0) {
    const where = 'IMAGE_EXPORT_DIRECTORY';
    const dv = viewOf(image.read(dir.VirtualAddress, 40, where));
    const d = {
      Characteristics: dv.getUint32(0, true),
      TimeDateStamp: dv.getUint32(4, true),
      MajorVersion: dv.getUint16(8, true),
      MinorVersion: dv.getUint16(10, true),
      Name: dv.getUint32(12, true),
      Base: dv.getUint32(16, true),
      NumberOfFunctions: dv.getUint32(20, true),
      NumberOfNames: dv.getUint32(24, true),
      AddressOfFunctions: dv.getUint32(28, true),
      AddressOfNames: dv.getUint32(32, true),
      AddressOfNameOrdinals: dv.getUint32(36, true),
    };
    if (d.NumberOfFunctions > MAX_EXPORTS)
      throw malformed(`${where}.NumberOfFunctions`, `${d.NumberOfFunctions} exceeds 65536`);
    if (d.NumberOfNames > d.NumberOfFunctions && d.NumberOfNames > MAX_EXPORTS)
      throw malformed(`${where}.NumberOfNames`, `${d.NumberOfNames} exceeds 65536`);
    const dllName = d.Name === 0 ? '' : image.cstring(d.Name, `${where}.Name`, 260);
    const nf = d.NumberOfFunctions;
    const nn = d.NumberOfNames;
    const funcs =
      nf === 0 ? new Uint8Array(0) : image.read(d.AddressOfFunctions, 4 * nf, `${where}.AddressOfFunctions`);
    const fdv = viewOf(funcs);
    const nameRvas =
      nn === 0 ? new Uint8Array(0) : image.read(d.AddressOfNames, 4 * nn, `${where}.AddressOfNames`);
    const ndv = viewOf(nameRvas);
    const ords =
      nn === 0
        ? new Uint8Array(0)
        : image.read(d.AddressOfNameOrdinals, 2 * nn, `${where}.AddressOfNameOrdinals`);
    const odv = viewOf(ords);
    const dirStart = dir.VirtualAddress;
    const dirEnd = dir.VirtualAddress + dir.Size;
    const names: string[] = new Array<string>(nn);
    const nameOrdinals: number[] = new Array<number>(nn);
    // Names of each function index, in name-table order, as chains through the name table:
    // firstName[index] → a name index, nextName[name index] → the next alias, -1 ends.
    const firstName = new Int32Array(nf).fill(-1);
    const lastName = new Int32Array(nf).fill(-1);
    const nextName = new Int32Array(nn).fill(-1);
    let sorted = true;
    const nameRvaList = new Array<number>(nn);
    for (let i = 0; i < nn; i++) nameRvaList[i] = ndv.getUint32(4 * i, true);
    const { strings } = image.cstrings(nameRvaList, (i) => `${where}.AddressOfNames[${i}]`);
    for (let i = 0; i < nn; i++) {
      const index = odv.getUint16(2 * i, true);
      const name = strings[i]!;
      if (i > 0 && sorted && compareExportNames(names[i - 1]!, name) > 0) sorted = false;
      names[i] = name;
      nameOrdinals[i] = d.Base + index;
      if (index < nf) {
        if (firstName[index] === -1) firstName[index] = i;
        else nextName[lastName[index]!] = i;
        lastName[index] = i;
      }
    }
    const functions: ExportedFunction[] = [];
    for (let idx = 0; idx < nf; idx++) {
      const rva = fdv.getUint32(4 * idx, true);
      const first = firstName[idx]!;
      if (rva === 0 && first === -1) continue;
      const isForwarder = rva >= dirStart && rva < dirEnd;
      const forwarder = isForwarder
        ? image.cstring(rva, `${where} forwarder of ordinal ${d.Base + idx}`, 1024)
        : null;
      const ordinal = d.Base + idx;
      const entryRva = isForwarder ? null : rva;
      if (first === -1) functions.push({ ordinal, name: null, rva: entryRva, forwarder });
      for (let k = first; k !== -1; k = nextName[k]!)
        functions.push({ ordinal, name: names[k]!, rva: entryRva, forwarder });
    }
    const { Name: _name, ...fields } = d;
    void _name;
    out = { dllName, ...fields, functions, names, nameOrdinals, namesSorted: sorted };
  }
  return out;
}

/** A forwarder string split as the loader splits it: at the last '.', the function part after it. */
export interface ForwarderTarget {
  dll: string;
  /** The function name, or null when the forwarder is by ordinal (`dll.#12`). */
  name: string | null;
  ordinal: number | null;
}

/**
 * Splits `module.Function` / `module.#Ordinal` at the last '.' (Wine dlls/ntdll/loader.c
 * find_forwarded_export uses strrchr, so a module name may itself contain dots). A forwarder without
 * a '.' cannot be resolved and fails the snap with STATUS_INVALID_IMAGE_FORMAT.
 */
export function parseForwarder(forwarder: string): ForwarderTarget {
  const dot = forwarder.lastIndexOf('.');
  if (dot <= 0 || dot === forwarder.length - 1)
    throw malformed('export forwarder', `${JSON.stringify(forwarder)} is not of the form module.function`);
  const dll = forwarder.slice(0, dot);
  const fn = forwarder.slice(dot + 1);
  if (fn.startsWith('#')) {
    const ordinal = Number(fn.slice(1));
    if (!/^#\d+$/.test(fn) || ordinal > 0xffff)
      throw malformed('export forwarder', `${JSON.stringify(forwarder)} has a bad ordinal`);
    return { dll, name: null, ordinal };
  }
  return { dll, name: fn, ordinal: null };
}

/**
 * Finds an export by name as LdrpNameToOrdinal does: binary search of the name table, so an image
 * whose names are not sorted may fail to find a name it has. Returns the function index or -1.
 */
export function findExportIndexByName(dir: ExportDirectory, name: string): number {
  let lo = 0;
  let hi = dir.names.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareExportNames(name, dir.names[mid]!);
    if (c === 0) return dir.nameOrdinals[mid]! - dir.Base;
    if (c < 0) hi = mid - 1;
    else lo = mid + 1;
  }
  return -1;
}
