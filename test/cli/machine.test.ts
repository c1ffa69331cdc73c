import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/ntsim.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('ntsim path', () => {
  it('shows each layer of a path conversion (JSON)', () => {
    const r = run('path', 'C:\\Windows\\..\\Windows\\System32\\ntdll.dll', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      type: 'RtlPathTypeDriveAbsolute',
      fullPath: 'C:\\Windows\\System32\\ntdll.dll',
      ntPath: '\\??\\C:\\Windows\\System32\\ntdll.dll',
      devicePath: '\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll',
      statusName: 'STATUS_SUCCESS',
      entry: { name: 'ntdll.dll', isDirectory: false },
    });
  });
  it('relative paths use --cwd; misses exit 1 with the status', () => {
    const r = run('path', '..\\..\\Windows\\notepad.exe', '--cwd', 'C:\\Users\\user', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({
      fullPath: 'C:\\Windows\\notepad.exe',
      statusName: 'STATUS_OBJECT_NAME_NOT_FOUND',
    });
    expect(r.status).toBe(1);
    expect(JSON.parse(run('path', '\\\\srv\\share\\x', '--json').stdout).statusName).toBe(
      'STATUS_BAD_NETWORK_PATH',
    );
  });
  it('a bad --system-root is a usage error', () => {
    const r = run('path', 'C:\\x', '--system-root', '/nonexistent/dir');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('ntsim: --system-root /nonexistent/dir: not a directory\n');
  });
});

describe('ntsim ls, reg, machine', () => {
  it('ls lists System32 of the embedded image', () => {
    const v = JSON.parse(run('ls', 'C:\\Windows\\System32', '--json').stdout);
    expect(v.statusName).toBe('STATUS_SUCCESS');
    expect(v.entries.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['ntdll.dll', 'kernel32.dll', 'smss.exe', 'csrss.exe', 'apisetschema.dll']),
    );
  });
  it('reg query shows KnownDLLs; --import applies a .reg file first, all or nothing', () => {
    const q = JSON.parse(
      run('reg', 'query', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs', '--json')
        .stdout,
    );
    expect(q.values).toEqual(
      expect.arrayContaining([{ name: 'kernel32', type: 'REG_SZ', data: 'kernel32.dll' }]),
    );
    const dir = mkdtempSync(join(tmpdir(), 'ntsim-reg-'));
    const good = join(dir, 'ifeo.reg');
    writeFileSync(
      good,
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe]\r\n"Debugger"="C:\\\\Tools\\\\dbg.exe"\r\n',
    );
    const r = JSON.parse(
      run(
        'reg',
        'query',
        'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe',
        '--import',
        good,
        '--json',
      ).stdout,
    );
    expect(r.values).toEqual([{ name: 'Debugger', type: 'REG_SZ', data: 'C:\\Tools\\dbg.exe' }]);
    const bad = join(dir, 'bad.reg');
    writeFileSync(
      bad,
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n"A"=dword:nothex\r\n',
    );
    const e = run('reg', 'query', 'HKLM\\SOFTWARE', '--import', bad);
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(new RegExp(`^ntsim: ${bad.replace(/[/.]/g, '\\$&')}: line 4: `));
    expect(run('reg', 'query', 'HKLM\\SOFTWARE\\Nope').status).toBe(1);
  });
  it('reg export writes regedit format', () => {
    const r = run('reg', 'export', 'HKCR\\.txt');
    expect(r.status).toBe(0);
    expect(
      r.stdout.startsWith(
        'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CLASSES_ROOT\\.txt]\r\n@="txtfile"\r\n',
      ),
    ).toBe(true);
  });
  it('machine summarizes the embedded image', () => {
    const v = JSON.parse(run('machine', '--json').stdout);
    expect(v.image).toBe('win10-22h2-x64');
    expect(v.apiSetSchema).toEqual({
      source: 'embedded win10-22h2-x64',
      status: 'STATUS_SUCCESS',
      contracts: 504,
    });
    expect(v.knownDlls).toContain('kernel32.dll');
  });
});
