import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenarioCommand } from '../../src/tools/cli/commands/scenario.js';
import { UsageError } from '../../src/tools/cli/usage-error.js';

const dir = mkdtempSync(join(tmpdir(), 'ntsim-scenario-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const invalid = (text: string): string => {
  try {
    runScenarioCommand(file('bad.yaml', text), { json: true }, () => {});
  } catch (e) {
    if (e instanceof UsageError) return e.message.replace(/^.*?bad\.yaml: /, '');
    throw e;
  }
  throw new Error('the scenario was accepted');
};

// scenario.md: exit 2 when the file is invalid — then nothing runs — and stderr names the place.
describe('ntsim scenario: validation', () => {
  it('an unknown flag, with a suggestion', () => {
    expect(
      invalid(`steps:
  - call: LoadLibraryExW
    args: { libFileName: a.dll, flags: [LOAD_LIBRARY_SEARCH_SYSTEM3] }
`),
    ).toBe(
      'steps[0].args.flags[0]: unknown flag "LOAD_LIBRARY_SEARCH_SYSTEM3" (did you mean LOAD_LIBRARY_SEARCH_SYSTEM32?)',
    );
  });
  it('an unknown call, an unknown argument, a missing one', () => {
    expect(invalid('steps:\n  - call: LoadLibraryX\n')).toBe(
      'steps[0].call: unknown call "LoadLibraryX" (did you mean LoadLibraryW?)',
    );
    expect(invalid('steps:\n  - call: LoadLibraryW\n    args: { libFilename: a.dll }\n')).toBe(
      'steps[0].args.libFilename: unknown argument (did you mean libFileName?)',
    );
    expect(invalid('steps:\n  - call: LoadLibraryW\n    args: {}\n')).toBe(
      'steps[0].args.libFileName: required',
    );
  });
  it('a reference to a step that does not come before', () => {
    expect(invalid("steps:\n  - call: FreeLibrary\n    args: { libModule: '$lib.handle' }\n")).toBe(
      'steps[0].args.libModule: no earlier step has id "lib"',
    );
  });
  it('machine errors: a bad PeSpec, an unknown setting, a bad registry value', () => {
    expect(invalid("machine:\n  files:\n    'C:\\a.exe': { pe: { machine: AMD46 } }\n")).toBe(
      'machine.files["C:\\\\a.exe"].pe.machine: unknown value "AMD46" (one of AMD64 | I386 | ARM64; did you mean AMD64?)',
    );
    expect(invalid('machine:\n  settings: { safeDllSearchMod: false }\n')).toBe(
      'machine.settings.safeDllSearchMod: unknown field (did you mean safeDllSearchMode?)',
    );
    expect(
      invalid("machine:\n  registry:\n    'HKLM\\SOFTWARE\\X': { v: { type: REG_DWORD, data: nope } }\n"),
    ).toBe('machine.registry["HKLM\\\\SOFTWARE\\\\X"].v.data: not a valid REG_DWORD');
  });
  it('exactly one of call, query, run; run takes untilIdle', () => {
    expect(invalid('steps:\n  - query: process\n    call: LoadLibraryW\n')).toBe(
      'steps[0]: exactly one of call, query, run',
    );
    expect(invalid('steps:\n  - run: forever\n')).toBe(
      'steps[0].run: unknown value "forever" (one of untilIdle)',
    );
  });
});

describe('ntsim scenario: running', () => {
  it('prints the Result; an expect that does not hold makes the exit status 1', () => {
    let out = '';
    const ok = file(
      'ok.yaml',
      'machine: { boot: minimal }\nsteps:\n  - call: LoadLibraryW\n    args: { libFileName: nothere.dll }\n    expect: { lastError: 126 }\n',
    );
    expect(runScenarioCommand(ok, { json: true }, (s) => (out += s))).toBe(0);
    const result = JSON.parse(out) as { scenario: string; steps: Record<string, unknown>[] };
    expect(result.scenario).toBe('ok.yaml');
    expect(result.steps[0]).toEqual({
      index: 0,
      call: 'LoadLibraryW',
      ok: false,
      returnValue: '0x0',
      lastError: 126,
      lastErrorName: 'ERROR_MOD_NOT_FOUND',
      status: '0xC0000135',
      statusName: 'STATUS_DLL_NOT_FOUND',
    });
    const bad = file(
      'bad-expect.yaml',
      'machine: { boot: minimal }\nsteps:\n  - call: LoadLibraryW\n    args: { libFileName: nothere.dll }\n    expect: { lastError: 2 }\n',
    );
    expect(runScenarioCommand(bad, { json: true }, () => {})).toBe(1);
  });
});
