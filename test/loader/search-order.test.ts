import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { LoadLibraryExW } from '../../src/kernelbase/index.js';
import { LOAD_LIBRARY } from '../../src/ntdll/index.js';
import { dll, loaderLab } from './support.js';

const APP = 'C:\\App\\app.exe';
const app = { kind: 'exe' as const, imports: { 'x.dll': ['X'] } };

// Microsoft Learn, "Dynamic-link library search order" — standard search order for unpackaged apps.
describe('DLL search order on process start', () => {
  it('the application folder wins over System32, and nothing was probed before it', () => {
    const s = loaderLab({
      [APP]: app,
      'C:\\App\\x.dll': dll(['X']),
      'C:\\Windows\\System32\\x.dll': dll(['X']),
    }).start(APP);
    const x = s.g.byName.get('x.dll')!;
    expect([x.fullName, x.resolvedBy, x.probed]).toEqual(['C:\\App\\x.dll', 'appDir', []]);
  });

  it('a DLL only in the current folder is found after System32, System and Windows: each probe recorded', () => {
    const s = loaderLab({ [APP]: app, 'C:\\Work\\x.dll': dll(['X']) }).start(APP, {
      currentDirectory: 'C:\\Work',
    });
    const x = s.g.byName.get('x.dll')!;
    expect(x.resolvedBy).toBe('cwd');
    expect(x.probed).toEqual([
      { step: 'appDir', path: 'C:\\App\\x.dll' },
      { step: 'system32', path: 'C:\\Windows\\System32\\x.dll' },
      { step: 'system', path: 'C:\\Windows\\System\\x.dll' },
      { step: 'windows', path: 'C:\\Windows\\x.dll' },
    ]);
  });

  it('PATH folders come last, in order', () => {
    const s = loaderLab({ [APP]: app, 'C:\\P2\\x.dll': dll(['X']), 'C:\\P3\\x.dll': dll(['X']) }).start(APP, {
      environment: { Path: 'C:\\P1;C:\\P2;C:\\P3' },
      currentDirectory: 'C:\\Work',
    });
    const x = s.g.byName.get('x.dll')!;
    expect([x.fullName, x.resolvedBy]).toEqual(['C:\\P2\\x.dll', 'path']);
    expect(x.probed.map((p) => p.step)).toEqual(['appDir', 'system32', 'system', 'windows', 'cwd', 'path']);
  });

  it('SafeDllSearchMode = 0 moves the current folder before System32 (a planted copy there wins)', () => {
    const files = { [APP]: app, 'C:\\Work\\x.dll': dll(['X']), 'C:\\Windows\\System32\\x.dll': dll(['X']) };
    const safe = loaderLab(files).start(APP, { currentDirectory: 'C:\\Work' });
    expect(safe.g.byName.get('x.dll')!.resolvedBy).toBe('system32');
    const unsafe = loaderLab(files, { settings: { safeDllSearchMode: false } }).start(APP, {
      currentDirectory: 'C:\\Work',
    });
    expect(unsafe.g.byName.get('x.dll')!.resolvedBy).toBe('cwd');
  });

  it('KnownDLLs beat the application folder: a planted advapi32.dll beside the exe is not loaded', () => {
    const s = loaderLab({
      [APP]: { kind: 'exe', imports: { 'advapi32.dll': ['RegOpenKeyExW'] } },
      'C:\\App\\advapi32.dll': dll(['RegOpenKeyExW']),
    }).start(APP);
    const a = s.g.byName.get('advapi32.dll')!;
    expect([a.fullName, a.resolvedBy]).toEqual(['C:\\Windows\\System32\\advapi32.dll', 'knownDll']);
  });

  it('a module already loaded is reused, whatever folder holds another copy', () => {
    const s = loaderLab({
      [APP]: { kind: 'exe', imports: { 'a.dll': ['A'], 'x.dll': ['X'] } },
      'C:\\App\\a.dll': dll(['A'], { 'x.dll': ['X'] }),
      'C:\\Windows\\System32\\x.dll': dll(['X']),
    }).start(APP);
    expect(s.status).toBe(STATUS.SUCCESS);
    expect(s.g.modules.filter((m) => m.baseName === 'x.dll')).toHaveLength(1);
    expect(s.g.byName.get('x.dll')!.importedBy).toEqual(['app.exe', 'a.dll']);
  });

  it('DLL redirection: with DevOverrideEnable, app.exe.local\\ is searched first', () => {
    const files = {
      [APP]: { kind: 'exe' as const, imports: { 'advapi32.dll': ['RegOpenKeyExW'] } },
      'C:\\App\\app.exe.local\\advapi32.dll': dll(['RegOpenKeyExW']),
    };
    const reg = `Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options]
"DevOverrideEnable"=dword:00000001
`;
    const off = loaderLab(files).start(APP);
    expect(off.g.byName.get('advapi32.dll')!.resolvedBy).toBe('knownDll');
    const on = loaderLab(files, { registry: reg }).start(APP);
    const a = on.g.byName.get('advapi32.dll')!;
    expect([a.fullName, a.resolvedBy]).toEqual(['C:\\App\\app.exe.local\\advapi32.dll', 'local']);
  });

  it('LOAD_WITH_ALTERED_SEARCH_PATH: one search path for the whole load, dependencies of dependencies included', () => {
    const lab = loaderLab({
      [APP]: { kind: 'exe', imports: {} },
      'C:\\Plugins\\p.dll': dll(['P'], { 'a.dll': ['A'] }),
      'C:\\Windows\\System32\\a.dll': dll(['A'], { 'b.dll': ['B'] }),
      'C:\\Windows\\System32\\b.dll': dll(['B']),
      'C:\\Plugins\\b.dll': dll(['B']),
    });
    const s = lab.start(APP);
    const r = LoadLibraryExW(s.ctx, 'C:\\Plugins\\p.dll', 0, LOAD_LIBRARY.LOAD_WITH_ALTERED_SEARCH_PATH);
    expect(r.lastError).toBe(0);
    expect(s.g.byName.get('a.dll')!.fullName).toBe('C:\\Windows\\System32\\a.dll');
    // b.dll is a.dll's import, searched with the load's path: the plug-in's folder first.
    expect([s.g.byName.get('b.dll')!.fullName, s.g.byName.get('b.dll')!.resolvedBy]).toEqual([
      'C:\\Plugins\\b.dll',
      'dllLoadDir',
    ]);
  });
});
