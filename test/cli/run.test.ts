import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePe } from '../../src/pe/index.js';
import { runRun } from '../../src/tools/cli/commands/run.js';

const capture = (f: (out: (s: string) => void) => number): { code: number; text: string } => {
  let text = '';
  const code = f((s) => (text += s));
  return { code, text };
};

// cli.md `ntsim run`: boot, CreateProcessW from the shell, to the entry point; the trace and the process.
describe('ntsim run', () => {
  it('starts a program of the embedded image: the trace from kernel32 through the kernel, CSRSS and the loader', () => {
    const { code, text } = capture((out) => runRun('C:\\Windows\\System32\\notepad.exe', ['a.txt'], {}, out));
    expect(code).toBe(0);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^user {4}kernel32!CreateProcessW\(commandLine="C:\\Windows\\System32\\notepad\.exe a\.txt"\) → STATUS_SUCCESS/,
    );
    expect(lines[1]).toMatch(/kernelbase!CreateProcessInternalW\(/);
    const at = (s: string): number => text.indexOf(s);
    // The order of the stages (Windows Internals 7 ch. 3, "Flow of CreateProcess").
    const order = [
      '[syscall] nt!NtCreateUserProcess(',
      'nt!PspAllocateProcess(',
      'nt!PspInsertProcess(',
      'nt!PspCreateThread(',
      'basesrv!BaseSrvCreateProcess(',
      'ntdll!NtResumeThread(',
      'ntdll!LdrInitializeThunk(',
      'ntdll!LdrpLoadDll(name="kernel32.dll")',
      'ntdll!LdrpInitializeNode(module="notepad.exe")',
    ].map(at);
    expect(order.every((x) => x >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('notepad.exe (pid ');
    expect(text).toContain('  command     C:\\Windows\\System32\\notepad.exe a.txt');
    expect(text).toContain('  csrss       registered (CSR_PROCESS)');
    expect(text).toMatch(/ {2}modules {5}notepad\.exe, ntdll\.dll, kernel32\.dll, kernelbase\.dll, /);
  });

  it('places a host file on the Desktop and runs it; --json gives the result and the ProcessView', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntsim-run-'));
    const exe = join(dir, 'hello.exe');
    writeFileSync(
      exe,
      writePe({
        kind: 'exe',
        subsystem: 'console',
        imports: { 'kernel32.dll': ['ExitProcess'] },
        exitCode: 3,
      }),
    );
    const { code, text } = capture((out) => runRun(exe, [], { json: true }, out));
    const r = JSON.parse(text) as { created: Record<string, unknown>; process: Record<string, unknown> };
    expect(r.created).toMatchObject({ call: 'CreateProcessW', ok: true, returnValue: 1, lastError: 0 });
    expect(r.process).toMatchObject({
      imageName: 'hello.exe',
      imagePath: 'C:\\Users\\user\\Desktop\\hello.exe',
      state: 'terminated',
      exitStatus: '0x00000003',
      user: 'DESKTOP\\user',
      integrityLevel: 'Medium',
    });
    expect(code).toBe(0);
  });

  it('a program that is not there: exit 1 with the last error', () => {
    const { code, text } = capture((out) => runRun('C:\\Nope\\none.exe', [], {}, out));
    expect(code).toBe(1);
    expect(text).toContain('CreateProcessW failed: lastError 3 (ERROR_PATH_NOT_FOUND)');
  });

  it('a failed loader ends the process with its status: exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntsim-run-'));
    const exe = join(dir, 'broken.exe');
    writeFileSync(exe, writePe({ kind: 'exe', subsystem: 'console', imports: { 'nothere.dll': ['X'] } }));
    const { code, text } = capture((out) => runRun(exe, [], {}, out));
    expect(code).toBe(1);
    expect(text).toContain('— terminated, exit 0xC0000135');
  });
});

describe('ntsim run --sysmon', () => {
  it('a Sysmon-like driver sees the creation (Event ID 1) and the images (ID 7); --json carries them', () => {
    const { code, text } = capture((out) =>
      runRun('C:\\Windows\\System32\\notepad.exe', [], { json: true, sysmon: true }, out),
    );
    expect(code).toBe(0);
    const r = JSON.parse(text) as { process: { pid: number }; sysmon: Record<string, unknown>[] };
    const create = r.sysmon.filter((e) => e.EventID === 1);
    expect(create).toHaveLength(1);
    expect(create[0]).toMatchObject({
      ProcessId: r.process.pid,
      Image: 'C:\\Windows\\System32\\notepad.exe',
      ParentImage: 'C:\\Windows\\explorer.exe',
      IntegrityLevel: 'Medium',
    });
    const images = r.sysmon.filter((e) => e.EventID === 7).map((e) => String(e.ImageLoaded).toLowerCase());
    expect(images.slice(0, 3)).toEqual([
      'c:\\windows\\system32\\notepad.exe',
      'c:\\windows\\system32\\ntdll.dll',
      'c:\\windows\\system32\\kernel32.dll',
    ]);
  });
});
