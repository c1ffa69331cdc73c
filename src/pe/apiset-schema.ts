import { ByteWriter, STATUS, utf16le, viewOf, type NTSTATUS } from '../base/index.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';

/**
 * API set schema version 6 (Windows 10 and 11), the `.apiset` section of apisetschema.dll.
 * Layout, hash and lookup: ../shared/reference/internals.md §8 (WinDepends ApiSetResolveToHostV6,
 * Wine tools/winebuild output_apiset_section). All offsets are from the start of the schema.
 */
export interface ApiSetHost {
  /** The importing module this host applies to; null for the default host (values[0]). */
  importer: string | null;
  /** The host DLL, or '' when the contract is not hosted. */
  host: string;
}
export interface ApiSetContract {
  /** As stored, without `.dll`: `api-ms-win-core-synch-l1-2-0`. */
  name: string;
  flags: number;
  hosts: ApiSetHost[];
}
export interface ApiSetSchema {
  version: number;
  flags: number;
  hashFactor: number;
  contracts: ApiSetContract[];
  /** The raw schema, for lookups that follow the hash table as ntdll does. */
  bytes: Uint8Array;
}

export const API_SET_SCHEMA_VERSION_V6 = 6;
export const API_SET_SCHEMA_FLAGS_SEALED = 0x1;
const HEADER = 0x1c;
const ENTRY = 0x18;
const VALUE = 0x14;
const MAX_COUNT = 0x10000;

export function parseApiSetSchema(bytes: Uint8Array): ApiSetSchema {
  const where = 'API_SET_NAMESPACE';
  if (bytes.length < HEADER)
    throw malformed(where, `schema of ${bytes.length} bytes is shorter than its header`);
  const dv = viewOf(bytes);
  const version = dv.getUint32(0, true);
  if (version !== API_SET_SCHEMA_VERSION_V6) throw malformed(`${where}.Version`, `${version} is not 6`);
  const size = dv.getUint32(4, true);
  const flags = dv.getUint32(8, true);
  const count = dv.getUint32(12, true);
  const entryOffset = dv.getUint32(16, true);
  const hashOffset = dv.getUint32(20, true);
  const hashFactor = dv.getUint32(24, true);
  if (size > bytes.length)
    throw malformed(`${where}.Size`, `${size} exceeds the section's ${bytes.length} bytes`);
  if (count > MAX_COUNT) throw malformed(`${where}.Count`, `${count} is not plausible`);
  const check = (off: number, len: number, what: string): void => {
    if (off + len > size) throw malformed(what, `[${hexOff(off)}, +${hexOff(len)}) is outside the schema`);
  };
  check(entryOffset, count * ENTRY, `${where}.EntryOffset`);
  check(hashOffset, count * 8, `${where}.HashOffset`);
  const str = (off: number, len: number, what: string): string => {
    check(off, len, what);
    return utf16le(bytes, off, len);
  };
  const contracts: ApiSetContract[] = [];
  // Value entries in all: contracts may share one value array, so bound the total work.
  let values = 0;
  for (let i = 0; i < count; i++) {
    const e = entryOffset + i * ENTRY;
    const w = `API_SET_NAMESPACE_ENTRY[${i}]`;
    const valueOffset = dv.getUint32(e + 16, true);
    const valueCount = dv.getUint32(e + 20, true);
    check(valueOffset, valueCount * VALUE, `${w}.ValueOffset`);
    values += valueCount;
    if (values > MAX_COUNT)
      throw malformed(`${w}.ValueCount`, `more than ${MAX_COUNT} value entries in the schema`);
    const hosts: ApiSetHost[] = [];
    for (let j = 0; j < valueCount; j++) {
      const v = valueOffset + j * VALUE;
      const nameLen = dv.getUint32(v + 8, true);
      hosts.push({
        importer: nameLen === 0 ? null : str(dv.getUint32(v + 4, true), nameLen, `${w} value ${j} name`),
        host: str(dv.getUint32(v + 12, true), dv.getUint32(v + 16, true), `${w} value ${j}`),
      });
    }
    contracts.push({
      name: str(dv.getUint32(e + 4, true), dv.getUint32(e + 8, true), `${w}.NameOffset`),
      flags: dv.getUint32(e, true),
      hosts,
    });
  }
  // A copy: the caller's bytes may be a view into a reader's reusable page.
  return { version, flags, hashFactor, contracts, bytes: bytes.slice(0, size) };
}

/** The `.apiset` section of an image (apisetschema.dll), or null when it has none. */
export function readApiSetSchema(image: PeImage): ApiSetSchema | null {
  return image.cached('apiset', parseApiSetSection);
}

function parseApiSetSection(image: PeImage): ApiSetSchema | null {
  const i = image.sections.findIndex((s) => s.Name === '.apiset');
  let out: ApiSetSchema | null = null;
  if (i >= 0) {
    const s = image.sections[i]!;
    const len = Math.min(s.VirtualSize || s.SizeOfRawData, s.SizeOfRawData || s.VirtualSize);
    out = parseApiSetSchema(image.read(s.VirtualAddress, len, '.apiset section'));
  }
  return out;
}

function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** The hash of a contract name up to its last hyphen: h = h * HashFactor + tolower(c), 32-bit. */
export function apiSetHash(name: string, factor: number): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, factor) + lowerAscii(name.charCodeAt(i))) >>> 0;
  return h;
}

function equalsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (lowerAscii(a.charCodeAt(i)) !== lowerAscii(b.charCodeAt(i))) return false;
  return true;
}

export interface ApiSetResolution {
  status: NTSTATUS;
  /** The host DLL when status is STATUS_SUCCESS. */
  host: string | null;
  /** The matching contract's stored name. */
  contract: string | null;
}

/**
 * ApiSetResolveToHost for schema v6 (reference §8.2): the prefix check, the last-hyphen rule, the
 * hash and binary search over the sorted hash table, a case-insensitive name check over
 * HashedLength, then the importer-specific host or the default one.
 */
export function resolveApiSet(
  schema: ApiSetSchema,
  dllName: string,
  importer: string | null = null,
): ApiSetResolution {
  const notPresent: ApiSetResolution = { status: STATUS.APISET_NOT_PRESENT, host: null, contract: null };
  if (dllName.length < 4) return notPresent;
  const prefix = dllName.slice(0, 4).toLowerCase();
  if (prefix !== 'api-' && prefix !== 'ext-') return notPresent;
  const dash = dllName.lastIndexOf('-');
  if (dash <= 0) return notPresent;
  const effective = dllName.slice(0, dash);
  const b = schema.bytes;
  const dv = viewOf(b);
  const count = dv.getUint32(12, true);
  const entryOffset = dv.getUint32(16, true);
  const hashOffset = dv.getUint32(20, true);
  const h = apiSetHash(effective, schema.hashFactor);
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const mh = dv.getUint32(hashOffset + 8 * mid, true);
    if (h < mh) hi = mid - 1;
    else if (h > mh) lo = mid + 1;
    else {
      const index = dv.getUint32(hashOffset + 8 * mid + 4, true);
      const contract = schema.contracts[index];
      if (!contract) return notPresent;
      const hashedLength = dv.getUint32(entryOffset + index * ENTRY + 12, true);
      if (!equalsIgnoreCase(contract.name.slice(0, hashedLength / 2), effective)) return notPresent;
      let chosen = contract.hosts[0];
      if (importer !== null && contract.hosts.length > 1) {
        const found = contract.hosts
          .slice(1)
          .find((v) => v.importer !== null && equalsIgnoreCase(v.importer, importer));
        if (found) chosen = found;
      }
      if (!chosen || chosen.host === '')
        return { status: STATUS.APISET_NOT_HOSTED, host: null, contract: contract.name };
      return { status: STATUS.SUCCESS, host: chosen.host, contract: contract.name };
    }
  }
  return notPresent;
}

/**
 * Builds a v6 schema the way Wine's winebuild lays it out: header, namespace entries, value
 * entries (at least one per contract; an all-zero one when unhosted), UTF-16 strings, 4-byte
 * alignment, then the hash table sorted by hash. Importer-specific values are sorted by name
 * after the default, as the resolver's binary search expects.
 */
export function buildApiSetSchema(
  contracts: { name: string; hosts: ApiSetHost[] }[],
  hashFactor = 31,
): Uint8Array {
  const sorted = [...contracts].sort((a, b) =>
    a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
  );
  const w = new ByteWriter();
  const count = sorted.length;
  const valuesAt = HEADER + count * ENTRY;
  const valueSlots = sorted.map((c) => Math.max(1, c.hosts.length));
  let strAt = valuesAt + valueSlots.reduce((s, n) => s + n, 0) * VALUE;
  const putString = (s: string): { off: number; len: number } => {
    if (s === '') return { off: 0, len: 0 };
    const off = strAt;
    strAt = w.utf16(off, s);
    return { off, len: 2 * s.length };
  };
  let v = valuesAt;
  const hashes: { hash: number; index: number }[] = [];
  sorted.forEach((c, i) => {
    const e = HEADER + i * ENTRY;
    const name = putString(c.name);
    const dash = c.name.lastIndexOf('-');
    const hashed = dash > 0 ? c.name.slice(0, dash) : c.name;
    w.u32(e, API_SET_SCHEMA_FLAGS_SEALED);
    w.u32(e + 4, name.off);
    w.u32(e + 8, name.len);
    w.u32(e + 12, 2 * hashed.length);
    w.u32(e + 16, v);
    w.u32(e + 20, valueSlots[i]!);
    const [dflt, ...rest] = c.hosts;
    const ordered = [
      dflt,
      ...rest.sort((a, b) => ((a.importer ?? '').toLowerCase() < (b.importer ?? '').toLowerCase() ? -1 : 1)),
    ];
    for (const host of ordered) {
      if (host) {
        const n = putString(host.importer ?? '');
        const h = putString(host.host);
        w.u32(v, 0);
        w.u32(v + 4, n.off);
        w.u32(v + 8, n.len);
        w.u32(v + 12, h.off);
        w.u32(v + 16, h.len);
      } else w.zeroTo(v + VALUE);
      v += VALUE;
    }
    hashes.push({ hash: apiSetHash(hashed, hashFactor), index: i });
  });
  const hashAt = (strAt + 3) & ~3;
  hashes.sort((a, b) => a.hash - b.hash);
  hashes.forEach((h, i) => {
    w.u32(hashAt + 8 * i, h.hash);
    w.u32(hashAt + 8 * i + 4, h.index);
  });
  const size = hashAt + 8 * count;
  w.zeroTo(size);
  w.u32(0, API_SET_SCHEMA_VERSION_V6);
  w.u32(4, size);
  w.u32(8, API_SET_SCHEMA_FLAGS_SEALED);
  w.u32(12, count);
  w.u32(16, HEADER);
  w.u32(20, hashAt);
  w.u32(24, hashFactor);
  return w.toBytes();
}
