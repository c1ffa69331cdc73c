import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../base/index.js';
import {
  apiSetHash,
  buildApiSetSchema,
  parseApiSetSchema,
  readApiSetSchema,
  resolveApiSet,
} from './apiset-schema.js';
import { PeImage } from './image.js';

const schema = parseApiSetSchema(
  buildApiSetSchema([
    { name: 'api-ms-win-core-synch-l1-2-0', hosts: [{ importer: null, host: 'kernelbase.dll' }] },
    { name: 'api-ms-win-core-file-l1-2-4', hosts: [{ importer: null, host: 'kernelbase.dll' }] },
    {
      name: 'api-ms-win-core-heap-l1-1-0',
      hosts: [
        { importer: null, host: 'kernelbase.dll' },
        { importer: 'kernel32.dll', host: 'ntdll.dll' },
      ],
    },
    { name: 'ext-ms-win-ntuser-window-l1-1-0', hosts: [] },
  ]),
);

describe('API set schema v6 (reference §8)', () => {
  it('parses what it builds: version 6, sealed, hash factor 31', () => {
    expect([schema.version, schema.flags, schema.hashFactor, schema.contracts.length]).toEqual([6, 1, 31, 4]);
    expect(schema.contracts.map((c) => c.name)).toEqual([
      'api-ms-win-core-file-l1-2-4',
      'api-ms-win-core-heap-l1-1-0',
      'api-ms-win-core-synch-l1-2-0',
      'ext-ms-win-ntuser-window-l1-1-0',
    ]);
  });
  it('hashes the name up to its last hyphen, lower-casing A–Z only', () => {
    let h = 0;
    for (const c of 'api-ms-win-core-synch-l1-2') h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
    expect(apiSetHash('API-MS-Win-Core-Synch-L1-2', 31)).toBe(h);
  });
  it('resolves by the last-hyphen rule: any minor version and case, with or without .dll', () => {
    for (const name of [
      'api-ms-win-core-synch-l1-2-0.dll',
      'api-ms-win-core-synch-l1-2-1.dll',
      'API-MS-WIN-CORE-SYNCH-L1-2-0',
      'api-ms-win-core-synch-l1-2-9',
    ])
      expect(resolveApiSet(schema, name), name).toEqual({
        status: STATUS.SUCCESS,
        host: 'kernelbase.dll',
        contract: 'api-ms-win-core-synch-l1-2-0',
      });
  });
  it('uses the importer-specific host when one matches, else the default', () => {
    expect(resolveApiSet(schema, 'api-ms-win-core-heap-l1-1-0.dll', 'KERNEL32.DLL').host).toBe('ntdll.dll');
    expect(resolveApiSet(schema, 'api-ms-win-core-heap-l1-1-0.dll', 'app.exe').host).toBe('kernelbase.dll');
    expect(resolveApiSet(schema, 'api-ms-win-core-heap-l1-1-0.dll').host).toBe('kernelbase.dll');
  });
  it('an ext-ms contract without a host is STATUS_APISET_NOT_HOSTED; unknown names and non-API-set names are NOT_PRESENT', () => {
    expect(resolveApiSet(schema, 'ext-ms-win-ntuser-window-l1-1-0.dll').status).toBe(
      STATUS.APISET_NOT_HOSTED,
    );
    expect(resolveApiSet(schema, 'api-ms-win-core-synch-l1-3-0.dll').status).toBe(STATUS.APISET_NOT_PRESENT);
    expect(resolveApiSet(schema, 'kernel32.dll').status).toBe(STATUS.APISET_NOT_PRESENT);
    expect(resolveApiSet(schema, 'api').status).toBe(STATUS.APISET_NOT_PRESENT);
    expect(resolveApiSet(schema, 'api-x').status).toBe(STATUS.APISET_NOT_PRESENT);
  });
  it('rejects a schema whose offsets leave it, or of another version', () => {
    const bytes = buildApiSetSchema([
      { name: 'api-ms-a-l1-1-0', hosts: [{ importer: null, host: 'x.dll' }] },
    ]);
    const bad = bytes.slice();
    new DataView(bad.buffer).setUint32(0x10, 0xffff0000, true);
    expect(() => parseApiSetSchema(bad)).toThrow(/EntryOffset.*outside the schema/);
    const v4 = bytes.slice();
    new DataView(v4.buffer).setUint32(0, 4, true);
    expect(() => parseApiSetSchema(v4)).toThrow(/Version: 4 is not 6/);
    expect(() => parseApiSetSchema(bytes.subarray(0, 10))).toThrow(/shorter than its header/);
  });
});

const WINE_SCHEMA = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/apisetschema.dll';
describe.runIf(existsSync(WINE_SCHEMA))("Wine's apisetschema.dll (a real v6 .apiset section)", () => {
  const real = readApiSetSchema(PeImage.open(readFileSync(WINE_SCHEMA)))!;
  it('has hundreds of contracts, hash factor 31, and a hash table sorted by hash', () => {
    expect(real.version).toBe(6);
    expect(real.hashFactor).toBe(31);
    expect(real.contracts.length).toBeGreaterThan(400);
  });
  it('resolves every contract it lists to the host it lists, through the hash table', () => {
    let resolved = 0;
    for (const c of real.contracts) {
      const r = resolveApiSet(real, `${c.name}.dll`);
      expect(r.contract, c.name).toBe(c.name);
      if (c.hosts[0]?.host) {
        expect(r.host).toBe(c.hosts[0].host);
        resolved++;
      } else expect(r.status).toBe(STATUS.APISET_NOT_HOSTED);
    }
    expect(resolved).toBeGreaterThan(400);
  });
  it('maps the contracts ordinary programs import as Windows 10 does', () => {
    expect(resolveApiSet(real, 'api-ms-win-core-synch-l1-2-0.dll').host).toBe('kernelbase.dll');
    expect(resolveApiSet(real, 'api-ms-win-crt-runtime-l1-1-0.dll').host).toBe('ucrtbase.dll');
  });
});
