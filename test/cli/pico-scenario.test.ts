import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenarioCommand } from '../../src/tools/cli/commands/scenario.js';
import { UsageError } from '../../src/tools/cli/usage-error.js';

// scenario.md: an invalid file exits 2 before anything runs and names the place. The pico and
// minimal-process extensions (CreateLxProcess, syscall, NtCreateProcessEx, settings.wsl) validate
// like every other call.
const dir = mkdtempSync(join(tmpdir(), 'ntsim-pico-'));
const invalid = (text: string): string => {
  const p = join(dir, 'bad.yaml');
  writeFileSync(p, text);
  try {
    runScenarioCommand(p, { json: true }, () => {});
  } catch (e) {
    if (e instanceof UsageError) return e.message.replace(/^.*?bad\.yaml: /, '');
    throw e;
  }
  throw new Error('the scenario was accepted');
};

describe('ntsim scenario: pico and minimal-process steps', () => {
  it('an unknown Linux system call name, with a suggestion', () => {
    expect(invalid('steps:\n  - call: syscall\n    args: { processId: 4, number: wirte }\n')).toBe(
      'steps[0].args.number: unknown Linux system call "wirte" (did you mean write?)',
    );
  });
  it('a missing argument, an unknown one', () => {
    expect(invalid('steps:\n  - call: syscall\n    args: { number: getpid }\n')).toBe(
      'steps[0].args.processId: required',
    );
    expect(invalid('steps:\n  - call: CreateLxProcess\n    args: { fileName: /bin/sh }\n')).toBe(
      'steps[0].args.fileName: unknown argument (did you mean filename?)',
    );
  });
  it('an unknown PROCESS_CREATE_FLAGS_ name, an unknown setting', () => {
    expect(
      invalid(
        'steps:\n  - call: NtCreateProcessEx\n    args: { flags: [PROCESS_CREATE_FLAGS_MINIMAL_PROCES] }\n',
      ),
    ).toBe(
      'steps[0].args.flags[0]: unknown flag "PROCESS_CREATE_FLAGS_MINIMAL_PROCES" (did you mean PROCESS_CREATE_FLAGS_MINIMAL_PROCESS?)',
    );
    expect(invalid('machine:\n  settings: { wsll: true }\n')).toBe(
      'machine.settings.wsll: unknown field (did you mean wsl?)',
    );
  });
});
