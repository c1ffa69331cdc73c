import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { buildApiSetSchema, parseApiSetSchema, resolveApiSet } from '../../pe/index.js';
import { ApiSetResolveToHost } from './apiset.js';
import type { UserMemory } from './context.js';

/** A flat memory holding one buffer at `base` (enough for reading a mapped schema). */
function flatMemory(base: number, bytes: Uint8Array): UserMemory {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (va: number, n: number): number => {
    const o = va - base;
    if (o < 0 || o + n > bytes.length) throw new Error(`fault at 0x${va.toString(16)}`);
    return o;
  };
  return {
    read: (va, n) => bytes.slice(at(va, n), at(va, n) + n),
    write: (va, d) => bytes.set(d, at(va, d.length)),
    u8: (va) => bytes[at(va, 1)]!,
    u16: (va) => dv.getUint16(at(va, 2), true),
    u32: (va) => dv.getUint32(at(va, 4), true),
    u64: (va) => dv.getBigUint64(at(va, 8), true),
    ptr: (va) => Number(dv.getBigUint64(at(va, 8), true)),
    writeU8: (va, v) => dv.setUint8(at(va, 1), v),
    writeU16: (va, v) => dv.setUint16(at(va, 2), v, true),
    writeU32: (va, v) => dv.setUint32(at(va, 4), v, true),
    writeU64: (va, v) => dv.setBigUint64(at(va, 8), BigInt(v), true),
    readUtf16: (va, n) => {
      let s = '';
      for (let i = 0; i < n; i += 2) s += String.fromCharCode(dv.getUint16(at(va + i, 2), true));
      return s;
    },
  };
}

const schemaBytes = buildApiSetSchema([
  { name: 'api-ms-win-core-synch-l1-2-0', hosts: [{ importer: null, host: 'kernelbase.dll' }] },
  {
    name: 'api-ms-win-core-heap-l1-1-0',
    hosts: [
      { importer: null, host: 'kernelbase.dll' },
      { importer: 'kernel32.dll', host: 'ntdll.dll' },
    ],
  },
  { name: 'ext-ms-win-ntuser-window-l1-1-0', hosts: [{ importer: null, host: '' }] },
]);
const BASE = 0x7ff0_0000_0000;
const m = flatMemory(BASE, new Uint8Array(schemaBytes));

describe('ApiSetResolveToHost over the mapped schema (internals.md §8.2)', () => {
  it('resolves a contract to its default host, ignoring the version after the last hyphen', () => {
    expect(ApiSetResolveToHost(m, BASE, 'api-ms-win-core-synch-l1-2-0.dll', null)).toEqual({
      status: STATUS.SUCCESS,
      host: 'kernelbase.dll',
      contract: 'api-ms-win-core-synch-l1-2-0',
    });
    expect(ApiSetResolveToHost(m, BASE, 'API-MS-WIN-CORE-SYNCH-L1-2-7.DLL', null).host).toBe(
      'kernelbase.dll',
    );
  });
  it('uses the importer-specific host when the importer has one', () => {
    expect(ApiSetResolveToHost(m, BASE, 'api-ms-win-core-heap-l1-1-0.dll', 'KERNEL32.DLL').host).toBe(
      'ntdll.dll',
    );
    expect(ApiSetResolveToHost(m, BASE, 'api-ms-win-core-heap-l1-1-0.dll', 'app.exe').host).toBe(
      'kernelbase.dll',
    );
  });
  it('an unhosted ext- contract is STATUS_APISET_NOT_HOSTED; an unknown one STATUS_APISET_NOT_PRESENT', () => {
    expect(ApiSetResolveToHost(m, BASE, 'ext-ms-win-ntuser-window-l1-1-0.dll', null).status).toBe(
      STATUS.APISET_NOT_HOSTED,
    );
    expect(ApiSetResolveToHost(m, BASE, 'api-ms-win-nothere-l1-1-0.dll', null).status).toBe(
      STATUS.APISET_NOT_PRESENT,
    );
    expect(ApiSetResolveToHost(m, BASE, 'kernel32.dll', null).status).toBe(STATUS.APISET_NOT_PRESENT);
  });
  it('agrees with the PE layer resolver on every contract of the schema', () => {
    const parsed = parseApiSetSchema(schemaBytes);
    for (const c of parsed.contracts)
      for (const importer of [null, 'kernel32.dll'])
        expect(ApiSetResolveToHost(m, BASE, `${c.name}.dll`, importer)).toEqual(
          resolveApiSet(parsed, `${c.name}.dll`, importer),
        );
  });
});
