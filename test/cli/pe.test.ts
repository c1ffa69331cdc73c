import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePe } from '../../src/pe/index.js';

/** `ntsim pe` as users run it: the built bin, its stdout, stderr and exit status (cli.md). */
const BIN = new URL('../../bin/ntsim.js', import.meta.url).pathname;
function ntsim(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const dir = mkdtempSync(join(tmpdir(), 'ntsim-cli-'));
mkdirSync(join(dir, 'sub'));
const dll = join(dir, 'k.dll');
writeFileSync(
  dll,
  writePe({
    kind: 'dll',
    imports: { 'ntdll.dll': ['NtClose', '#5'] },
    exports: [{ name: 'Acquire', forward: 'ntdll.RtlAcquire' }, 'Run'],
    tlsCallbacks: 1,
  }),
);
writeFileSync(join(dir, 'sub', 'app.exe'), writePe({ imports: { 'k.dll': ['Run'] } }));
writeFileSync(join(dir, 'notes.txt'), 'hello');

describe('ntsim pe', () => {
  it('--json prints exactly the cli.md object, keys in contract order', () => {
    const r = ntsim('pe', dll, '--json');
    expect(r.status).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(Object.keys(v)).toEqual([
      'path',
      'format',
      'machine',
      'characteristics',
      'timeDateStamp',
      'imageBase',
      'entryPoint',
      'sizeOfImage',
      'sectionAlignment',
      'fileAlignment',
      'checksum',
      'subsystem',
      'dllCharacteristics',
      'sections',
      'imports',
      'delayImports',
      'exports',
      'tls',
      'relocations',
      'debug',
      'loadConfig',
      'clr',
      'signature',
      'apiSetSchema',
      'trustletPolicy',
      'error',
    ]);
    expect(v).toMatchObject({
      path: dll,
      format: 'PE32+',
      machine: 'AMD64',
      characteristics: ['EXECUTABLE_IMAGE', 'LARGE_ADDRESS_AWARE', 'DLL'],
      imageBase: '0x180000000',
      sectionAlignment: 4096,
      fileAlignment: 512,
      subsystem: 'WINDOWS_CUI',
      dllCharacteristics: ['HIGH_ENTROPY_VA', 'DYNAMIC_BASE', 'NX_COMPAT'],
      imports: [{ dll: 'ntdll.dll', functions: [{ name: 'NtClose', hint: 0 }, { ordinal: 5 }] }],
      delayImports: [],
      exports: {
        dllName: 'image.dll',
        ordinalBase: 1,
        functions: [
          { ordinal: 1, name: 'Acquire', rva: null, forwarder: 'ntdll.RtlAcquire' },
          { ordinal: 2, name: 'Run', rva: expect.any(Number), forwarder: null },
        ],
      },
      tls: { callbacks: [expect.stringMatching(/^0x18000[0-9a-f]{4}$/)] },
      relocations: { blocks: 1, entries: 5 },
      debug: [],
      loadConfig: null,
      clr: false,
      signature: { present: false },
      apiSetSchema: null,
      trustletPolicy: null,
      error: null,
    });
    expect(v.sections[0]).toEqual({
      name: '.text',
      virtualAddress: 4096,
      virtualSize: 48,
      pointerToRawData: 1024,
      sizeOfRawData: 512,
      characteristics: '0x60000020',
    });
  });

  it('a directory means every regular file under it; --jsonl gives one line each, failures as error lines, exit 1', () => {
    const r = ntsim('pe', dir, '--jsonl');
    expect(r.status).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.path)).toEqual([
      join(dir, 'k.dll'),
      join(dir, 'notes.txt'),
      join(dir, 'sub', 'app.exe'),
    ]);
    expect(lines[1]).toEqual({
      path: join(dir, 'notes.txt'),
      error: {
        status: '0xC000012F',
        statusName: 'STATUS_INVALID_IMAGE_NOT_MZ',
        message: "IMAGE_DOS_HEADER.e_magic: 0x6568 is not 'MZ'",
      },
    });
    expect(lines[2].imports).toEqual([{ dll: 'k.dll', functions: [{ name: 'Run', hint: 0 }] }]);
  });

  it('the default view is dumpbin-style text', () => {
    const r = ntsim('pe', dll);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Dump of file ${dll}`);
    expect(r.stdout).toContain('File Type: DLL');
    expect(r.stdout).toMatch(/ {6}1 {9} Acquire \(forwarded to ntdll\.RtlAcquire\)/);
    expect(r.stdout).toMatch(/SECTION HEADER #1\n {3}\.text name/);
  });

  it('bad usage exits 2 with a message on stderr; --help works', () => {
    const r = ntsim('pe', '--bogus', dll);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(ntsim('pe').status).toBe(2);
    const help = ntsim('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: ntsim/);
    expect(ntsim('pe', '--help').stdout).toMatch(/--jsonl/);
  });

  it('a missing file is an error line, not a crash', () => {
    const r = ntsim('pe', join(dir, 'nope.exe'), '--jsonl');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).error.statusName).toBe('STATUS_OBJECT_NAME_NOT_FOUND');
  });
});
