import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePe, type PeSpec } from '../../src/pe/index.js';
import { DEBIAN_PYTHON, hasPefile, pefileDump, realImagesRequired } from './corpus.js';

/** An independent reader checks the writer: python3-pefile parses what writePe makes, and sees the spec in it. */
const run = hasPefile();
if (!run && realImagesRequired())
  throw new Error('python3-pefile is required (apt-get install python3-pefile)');

const SPECS: Record<string, PeSpec> = {
  'app.exe': {
    imports: {
      'kernel32.dll': ['CreateProcessW', 'ExitProcess', '#7'],
      'api-ms-win-core-synch-l1-2-0.dll': ['Sleep'],
    },
    delayImports: { 'user32.dll': ['MessageBoxW', '#3'] },
    tlsCallbacks: 2,
    signature: { signer: 'Antimalware', ekus: ['1.3.6.1.4.1.311.10.3.22'] },
  },
  'lib.dll': {
    kind: 'dll',
    exports: [
      'Run',
      { name: 'Old', ordinal: 7 },
      { name: 'Sleepy', forward: 'kernel32.Sleep' },
      { name: 'ByOrd', forward: 'other.#12' },
    ],
    trustletPolicy: {
      trustletId: 1,
      policies: { etw: true, debug: false, scenarioId: '{8B8D2E3F-0000-4000-8000-000000000001}' },
    },
  },
  'x86.exe': { machine: 'I386', imports: { 'kernel32.dll': ['Sleep'] }, tlsCallbacks: 1 },
};

describe.runIf(run)('python3-pefile reads writePe images', () => {
  it('sees the imports, delay imports, exports and TLS callbacks of each spec, and a valid checksum', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntsim-writer-'));
    const files = Object.entries(SPECS).map(([name, spec]) => {
      const path = join(dir, name);
      writeFileSync(path, writePe(spec));
      return path;
    });
    const ref = pefileDump(files);
    const app = ref.get(files[0]!)!;
    expect(app.format).toBe('PE32+');
    expect(app.imports).toEqual([
      {
        dll: 'kernel32.dll',
        functions: [{ name: 'CreateProcessW' }, { name: 'ExitProcess' }, { ordinal: 7 }],
      },
      { dll: 'api-ms-win-core-synch-l1-2-0.dll', functions: [{ name: 'Sleep' }] },
    ]);
    expect(app.delayImports).toEqual([
      { dll: 'user32.dll', functions: [{ name: 'MessageBoxW' }, { ordinal: 3 }] },
    ]);
    expect(app.tlsCallbacks).toBe(2);
    const lib = ref.get(files[1]!)!;
    expect(
      (lib.exports as { ordinal: number; name: string; forwarder: string | null }[]).sort(
        (a, b) => a.ordinal - b.ordinal,
      ),
    ).toEqual([
      { ordinal: 1, name: 'Run', forwarder: null },
      { ordinal: 2, name: 'Sleepy', forwarder: 'kernel32.Sleep' },
      { ordinal: 3, name: 'ByOrd', forwarder: 'other.#12' },
      { ordinal: 4, name: 's_IumPolicyMetadata', forwarder: null },
      { ordinal: 7, name: 'Old', forwarder: null },
    ]);
    const x86 = ref.get(files[2]!)!;
    expect([x86.format, x86.machine, x86.imageBase, x86.tlsCallbacks]).toEqual([
      'PE32',
      'I386',
      '0x400000',
      1,
    ]);
    // pefile's own checksum and relocation walk agree with the image.
    const check = execFileSync(DEBIAN_PYTHON, [
      '-c',
      'import pefile,sys\nfor p in sys.argv[1:]:\n pe=pefile.PE(p)\n print(pe.verify_checksum(), sum(len(b.entries) for b in getattr(pe,"DIRECTORY_ENTRY_BASERELOC",[])), len([w for w in pe.get_warnings() if not w.startswith("Byte 0x00 makes up")]))',
      ...files,
    ])
      .toString()
      .trim()
      .split('\n');
    // app.exe: 4 TLS pointers + 2 callbacks + 2 delay IAT entries = 8 (+0 padding);
    // lib.dll: the ScenarioId string pointer (+1 padding); x86.exe: 4 + 1 (+1 padding). No warnings.
    expect(check).toEqual(['True 8 0', 'True 2 0', 'True 6 0']);
  });
});
