import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PeImage } from './image.js';
import { normalizePeSpec, PeSpecError, type PeSpec } from './spec.js';
import { specFromImage } from './spec-from-image.js';
import { peChecksum, writePe } from './writer.js';
import { readExports, findExportIndexByName } from './export-directory.js';
import { readTls } from './tls-directory.js';
import { readRelocations } from './base-relocation.js';
import { readImports } from './import-directory.js';
import { readDelayImports } from './delay-import-directory.js';

const roundTrip = (spec: PeSpec): void => {
  const image = PeImage.open(writePe(spec));
  expect(specFromImage(image)).toEqual(normalizePeSpec(spec));
};

describe('writePe → PeImage round trip (scenario.md PeSpec)', () => {
  it('gives back the scenario.md example spec, field by field', () => {
    roundTrip({
      kind: 'exe',
      machine: 'AMD64',
      subsystem: 'console',
      imageBase: 0x140000000,
      dynamicBase: true,
      imports: {
        'kernel32.dll': ['CreateProcessW', 'ExitProcess'],
        'api-ms-win-core-synch-l1-2-0.dll': ['Sleep'],
      },
      delayImports: { 'user32.dll': ['MessageBoxW'] },
      exports: ['Run', { name: 'Old', ordinal: 7 }, { name: 'Sleepy', forward: 'kernel32.Sleep' }],
      tlsCallbacks: 2,
      signature: { signer: 'WinTcb', ekus: ['1.3.6.1.4.1.311.10.3.22', '1.3.6.1.4.1.311.10.3.23'] },
      trustletPolicy: { trustletId: 1, policies: { etw: true, debug: false, crashDump: true } },
      behavior: [{ call: 'Sleep', args: { milliseconds: 10 } }],
      exitCode: 3,
    });
  });

  it('round-trips a DLL whose DllMain fails, PE32, ARM64 and native images', () => {
    roundTrip({ kind: 'dll', dllMainReturns: false, exports: ['A', 'B'] });
    roundTrip({
      kind: 'exe',
      machine: 'I386',
      imports: { 'kernel32.dll': ['#5', 'Sleep'] },
      tlsCallbacks: 1,
    });
    roundTrip({ kind: 'dll', machine: 'ARM64', exports: [{ name: 'F', forward: 'other.#12' }] });
    roundTrip({
      kind: 'exe',
      subsystem: 'native',
      dynamicBase: false,
      imports: { 'ntdll.dll': ['NtClose'] },
    });
  });

  it('round-trips ordinal-only exports and the export directory name (extensions of the PeSpec)', () => {
    roundTrip({
      kind: 'dll',
      dllName: 'KERNEL32.dll',
      exports: ['A', { ordinal: 9 }, { ordinal: 12, forward: 'x.#3' }],
    });
    const exp = readExports(
      PeImage.open(writePe({ kind: 'dll', dllName: 'KERNEL32.dll', exports: [{ ordinal: 5 }] })),
    )!;
    expect([exp.dllName, exp.Base, exp.NumberOfFunctions, exp.NumberOfNames]).toEqual([
      'KERNEL32.dll',
      5,
      1,
      0,
    ]);
  });

  it('round-trips an API set schema as the .apiset section', () => {
    const apiSetSchema = [
      { name: 'api-ms-win-core-synch-l1-2-0', hosts: [{ importer: null, host: 'kernelbase.dll' }] },
      { name: 'ext-ms-win-x-l1-1-0', hosts: [] },
      {
        name: 'api-ms-win-core-heap-l1-1-0',
        hosts: [
          { importer: null, host: 'kernelbase.dll' },
          { importer: 'kernel32.dll', host: 'ntdll.dll' },
        ],
      },
    ];
    roundTrip({ kind: 'dll', apiSetSchema });
    const image = PeImage.open(writePe({ kind: 'dll', apiSetSchema }));
    expect(image.sections.map((x) => x.Name)).toContain('.apiset');
  });

  it('assigns export ordinals: explicit ones stay, the rest take the lowest free ones from 1', () => {
    const n = normalizePeSpec({
      kind: 'dll',
      exports: ['a', { name: 'b', ordinal: 1 }, 'c', { name: 'd', ordinal: 3 }],
    });
    expect(n.exports.map((e) => [e.name, e.ordinal])).toEqual([
      ['b', 1],
      ['a', 2],
      ['d', 3],
      ['c', 4],
    ]);
  });

  it('writes what the loader needs: sorted export names, TLS callback VAs, relocations for every absolute pointer', () => {
    const image = PeImage.open(
      writePe({
        kind: 'dll',
        exports: ['zeta', 'Alpha', 'mid'],
        tlsCallbacks: 3,
        delayImports: { 'u.dll': ['F', 'G'] },
      }),
    );
    const exp = readExports(image)!;
    expect(exp.names).toEqual(['Alpha', 'mid', 'zeta']); // byte order: upper case first
    expect(exp.namesSorted).toBe(true);
    expect(findExportIndexByName(exp, 'mid')).toBe(
      exp.functions.find((f) => f.name === 'mid')!.ordinal - exp.Base,
    );
    const tls = readTls(image)!;
    expect(tls.callbacks).toHaveLength(3);
    for (const cb of tls.callbacks)
      expect(image.sectionIndexOf(cb.rva)).toBe(image.sections.findIndex((s) => s.Name === '.text'));
    // 4 TLS directory pointers + 3 callbacks + 2 delay IAT entries.
    const relocs = readRelocations(image)!;
    expect(relocs.flatMap((b) => [...b.entries]).filter((e) => e >> 12 === 10)).toHaveLength(9);
    expect(readDelayImports(image)[0]!.Attributes & 1).toBe(1);
  });

  it('imports: lookup table and IAT both point at hint/name entries; ordinals carry the ordinal flag', () => {
    const image = PeImage.open(writePe({ imports: { 'kernel32.dll': ['Sleep', '#42'] } }));
    const [d] = readImports(image);
    expect(d!.dll).toBe('kernel32.dll');
    expect(d!.functions).toEqual([{ name: 'Sleep', hint: 0 }, { ordinal: 42 }]);
    expect(d!.OriginalFirstThunk).not.toBe(d!.FirstThunk);
  });

  it('writes a correct PE checksum and is deterministic', () => {
    const a = writePe({ kind: 'dll', exports: ['x'], signature: { signer: 'Windows', ekus: [] } });
    const b = writePe({ kind: 'dll', exports: ['x'], signature: { signer: 'Windows', ekus: [] } });
    expect(a).toEqual(b);
    const image = PeImage.open(a);
    const checksumAt = image.ntHeadersOffset + 24 + 64;
    expect(image.optionalHeader.CheckSum).toBe(peChecksum(a, checksumAt));
    expect(image.optionalHeader.CheckSum).not.toBe(0);
  });

  it('rejects bad specs with the path of the field', () => {
    expect(() => writePe({ kind: 'lib' as never })).toThrow(
      new PeSpecError('pe.kind', 'unknown kind "lib" (exe | dll)'),
    );
    expect(() => writePe({ exports: ['a', 'a'] })).toThrow('pe.exports[1]: name a is exported twice');
    expect(() => writePe({ imports: { 'k.dll': ['#70000'] } })).toThrow(
      'pe.imports.k.dll[0]: ordinal exceeds 65535',
    );
    expect(() => writePe({ imageBase: 0x140001000 })).toThrow('pe.imageBase: must be a multiple of 64 KB');
    expect(() => writePe({ signature: { signer: 'none', ekus: ['1.2.3'] } })).toThrow('pe.signature.ekus');
  });
});

// Property: any spec the writer accepts reads back as itself.
const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,24}$/);
const dllName = ident.map((s) => `${s}.dll`);
const importList = fc.array(
  fc.oneof(
    ident,
    fc.integer({ min: 1, max: 65535 }).map((n) => `#${n}`),
  ),
  { minLength: 1, maxLength: 6 },
);
const specArb: fc.Arbitrary<PeSpec> = fc.record(
  {
    kind: fc.constantFrom('exe' as const, 'dll' as const),
    machine: fc.constantFrom('AMD64' as const, 'I386' as const, 'ARM64' as const),
    subsystem: fc.constantFrom('console' as const, 'windows' as const, 'native' as const),
    dynamicBase: fc.boolean(),
    imports: fc.dictionary(dllName, importList, { maxKeys: 4 }),
    delayImports: fc.dictionary(dllName, importList, { maxKeys: 3 }),
    exports: fc.uniqueArray(ident, { maxLength: 12 }).chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          fc.oneof(
            fc.constant(name),
            fc.record({
              name: fc.constant(name),
              forward: fc.tuple(ident, ident).map(([a, b]) => `${a}.${b}`),
            }),
          ),
        ),
      ),
    ),
    tlsCallbacks: fc.integer({ min: 0, max: 5 }),
    dllMainReturns: fc.boolean(),
    signature: fc.oneof(
      fc.constant({ signer: 'none' as const }),
      fc.record({
        signer: fc.constantFrom(
          'Authenticode' as const,
          'Antimalware' as const,
          'Lsa' as const,
          'WinTcb' as const,
        ),
        ekus: fc.array(
          fc.constantFrom('1.3.6.1.4.1.311.10.3.22', '1.3.6.1.4.1.311.10.3.24', '1.3.6.1.5.5.7.3.3'),
        ),
      }),
    ),
    trustletPolicy: fc.option(
      fc.record({
        trustletId: fc.integer({ min: 0, max: 100 }),
        policies: fc.record({
          etw: fc.boolean(),
          debug: fc.boolean(),
          svn: fc.integer({ min: 0, max: 1000 }),
        }),
      }),
      { nil: undefined },
    ),
    exitCode: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
  },
  { requiredKeys: ['kind'] },
);

describe('writePe property', () => {
  it('write → read gives the spec back, for every generated spec', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        roundTrip(spec);
      }),
      { numRuns: 300, seed: 0x5eed },
    );
  });
});
