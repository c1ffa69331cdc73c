import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/ntsim.js', import.meta.url).pathname;
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

describe('ntsim ps', () => {
  it('--json lists the booted processes with the cli.md fields', () => {
    const r = run('ps', '--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'pid',
      'parentPid',
      'sessionId',
      'imageName',
      'user',
      'integrityLevel',
      'protection',
      'kind',
    ]);
    expect(rows[0]).toEqual({
      pid: 4,
      parentPid: 0,
      sessionId: 0,
      imageName: 'System',
      user: 'NT AUTHORITY\\SYSTEM',
      integrityLevel: 'System',
      protection: '0x72',
      kind: 'system',
    });
    expect(rows.find((x) => x.imageName === 'explorer.exe')).toMatchObject({
      sessionId: 1,
      user: 'DESKTOP\\user',
      integrityLevel: 'Medium',
      kind: 'win32',
    });
    expect(rows.find((x) => x.imageName === 'smss.exe')).toMatchObject({ parentPid: 4, kind: 'native' });
  });
  it('--tree shows orphans whose parent exited, as tlist /t does', () => {
    const r = run('ps', '--tree', '--boot', 'minimal');
    expect(r.stdout.split('\n')[0]).toBe('System (4)  session 0  NT AUTHORITY\\SYSTEM  System');
    expect(r.stdout).toMatch(/^csrss\.exe \(\d+\) \[parent \d+ exited\]/m);
  });
  it('--trace-format gives the boot trace in each format', () => {
    const text = run('ps', '--boot', 'minimal', '--trace-format', 'text').stdout;
    expect(text).toMatch(
      /ntdll {3}ntdll!RtlCreateUserProcess\(caller="System", image="\\\?\?\\C:\\Windows\\System32\\smss\.exe"\) → STATUS_SUCCESS/,
    );
    expect(text).toMatch(
      /\[syscall\] nt!NtCreateUserProcess\(ImageName="\\\?\?\\C:\\Windows\\explorer\.exe"/,
    );
    const chrome = JSON.parse(run('ps', '--boot', 'minimal', '--trace-format', 'chrome').stdout);
    expect(
      chrome.traceEvents.some(
        (e: { name: string; ph: string }) => e.name === 'nt!PspAllocateProcess' && e.ph === 'X',
      ),
    ).toBe(true);
    expect(
      run('ps', '--boot', 'minimal', '--trace-format', 'mermaid').stdout.startsWith('sequenceDiagram'),
    ).toBe(true);
    expect(
      JSON.parse(run('ps', '--boot', 'minimal', '--trace-format', 'json').stdout).spans.length,
    ).toBeGreaterThan(10);
    expect(run('ps', '--trace-format', 'svg').status).toBe(2);
  });
});
