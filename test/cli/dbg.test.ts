import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `ntsim dbg` (cli.md): `-c` runs commands after the kd prompt and exits; `--scenario` inspects after a scenario. */
const BIN = new URL('../../bin/ntsim.js', import.meta.url).pathname;
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

describe('ntsim dbg', () => {
  it('-c echoes the line after `0: kd> ` and prints each command’s output', () => {
    const r = run('dbg', '-c', '!process 0 0 System; r $tpid');
    expect(r.status).toBe(0);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('0: kd> !process 0 0 System; r $tpid');
    expect(out[1]).toBe('**** NT ACTIVE PROCESS DUMP ****');
    expect(out[2]).toMatch(/^PROCESS [0-9a-f]{16}$/);
    expect(out[3]).toBe('    SessionId: none  Cid: 0004    Peb: 00000000  ParentCid: 0000');
    expect(out[5]).toBe('    Image: System');
    expect(out[7]).toBe('$tpid=0000000000000004');
  });
  it('a bad command prints WinDbg’s error and the exit status stays 0 (no stack trace)', () => {
    const r = run('dbg', '-c', 'bogus; ? nope');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      "0: kd> bogus; ? nope\n       ^ Syntax error in 'bogus'\nCouldn't resolve error at 'nope'\n",
    );
    expect(r.stderr).toBe('');
  });
  it('--scenario inspects the machine after the scenario’s steps (its process is there)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntsim-dbg-'));
    const file = join(dir, 's.yaml');
    writeFileSync(
      file,
      [
        'machine:',
        '  files:',
        "    'C:\\Acme\\app.exe': { pe: { kind: exe, subsystem: console, imports: { 'kernel32.dll': [ExitProcess] } } }",
        'steps:',
        '  - call: CreateProcessW',
        '    args: { commandLine: \'"C:\\Acme\\app.exe"\', creationFlags: [CREATE_SUSPENDED] }',
      ].join('\n'),
    );
    const r = run('dbg', '--scenario', file, '-c', '!process 0 0 app.exe');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[5]).toBe('    Image: app.exe');
  });
  it('a missing scenario file is a usage error (exit 2)', () => {
    const r = run('dbg', '--scenario', '/nonexistent/x.yaml', '-c', 'r $peb');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('ntsim: /nonexistent/x.yaml: cannot read the file\n');
  });
});
