import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePe } from '../../src/pe/index.js';
import { runDeps } from '../../src/tools/cli/commands/deps.js';
import { UsageError } from '../../src/tools/cli/usage-error.js';

describe('ntsim deps --trace-format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-deps-trace-'));
  const exe = join(dir, 'app.exe');
  writeFileSync(exe, writePe({ kind: 'exe', imports: { 'a.dll': ['A'] } }));
  writeFileSync(join(dir, 'a.dll'), writePe({ kind: 'dll', exports: ['A'] }));

  it('prints the start of the image across the layers: the kernel creation, then the loader in the process', () => {
    let text = '';
    const code = runDeps(exe, { traceFormat: 'text' }, (s) => (text += s));
    expect(code).toBe(0);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^kernel {2}nt!NtCreateUserProcess\(ImageName="\\\?\?\\C:\\App\\app\.exe"/);
    expect(text).toContain('ntdll!LdrInitializeThunk() → STATUS_SUCCESS');
    expect(text).toContain('ntdll!LdrpLoadDependentModule(dll="a.dll", importer="app.exe") → STATUS_SUCCESS');
    expect(text).toContain('[syscall] nt!NtOpenSection(name="\\KnownDlls\\kernel32.dll"');
    expect(text).toMatch(/ntdll!LdrpInitializeNode\(module="a\.dll"\) → STATUS_SUCCESS/);
    // Boot is not part of it.
    expect(text).not.toContain('smss.exe');
  });

  it('as a Chrome trace (JSON with traceEvents)', () => {
    let text = '';
    runDeps(exe, { traceFormat: 'chrome' }, (s) => (text += s));
    const doc = JSON.parse(text) as { traceEvents: { name: string }[] };
    expect(doc.traceEvents.some((e) => e.name === 'ntdll!LdrpInitializeProcess')).toBe(true);
  });

  it('an unknown format, or a directory, is bad usage', () => {
    expect(() => runDeps(exe, { traceFormat: 'svg' }, () => {})).toThrow(UsageError);
    expect(() => runDeps(dir, { traceFormat: 'text' }, () => {})).toThrow(
      '--trace-format takes one image, not a directory',
    );
  });
});
