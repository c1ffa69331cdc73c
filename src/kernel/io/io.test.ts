import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { ObjectNamespace } from '../ob/index.js';
import {
  IoCreateDirectory,
  IoListDirectory,
  IoReadFile,
  IoStatFile,
  IoWriteFile,
  IopResolveFile,
} from './io-manager.js';
import { MemoryFileSystem } from './memory-file-system.js';
import { checkComponents } from './names.js';
import { Volume } from './volume.js';

function setup(): { ns: ObjectNamespace; fs: MemoryFileSystem } {
  const ns = new ObjectNamespace();
  const fs = new MemoryFileSystem();
  ns.insert('\\Device\\HarddiskVolume3', Volume.type, new Volume('HarddiskVolume3', fs));
  ns.createSymbolicLink('\\GLOBAL??\\C:', '\\Device\\HarddiskVolume3');
  ns.insert('\\Device\\Null', { name: 'Device' }, {});
  fs.ensureDirectory(['Windows', 'System32']);
  let loads = 0;
  fs.addLazyFile(['Windows', 'System32', 'ntdll.dll'], () => (loads++, Uint8Array.of(0x4d, 0x5a)));
  Object.defineProperty(fs, 'loads', { get: () => loads });
  return { ns, fs };
}

describe('NTFS name rules (Naming Files, Paths, and Namespaces)', () => {
  it('accepts ordinary components, drops ::$DATA, rejects reserved characters, ., .. and empty names', () => {
    expect(checkComponents('\\Windows\\System32\\x.dll')).toEqual({
      status: STATUS.SUCCESS,
      components: ['Windows', 'System32', 'x.dll'],
    });
    expect(checkComponents('\\a.exe::$DATA').components).toEqual(['a.exe']);
    expect(checkComponents('\\dir\\').components).toEqual(['dir']);
    for (const bad of [
      '\\a\\..\\b',
      '\\.',
      '\\a\\\\b',
      '\\a<b',
      '\\a|b',
      '\\a"b',
      '\\a*',
      '\\a?',
      '\\a:b',
      '\\a\u0001',
      'relative',
    ])
      expect(checkComponents(bad).status, bad).toBe(STATUS.OBJECT_NAME_INVALID);
  });
});

describe('the I/O manager over a memory volume', () => {
  it('resolves \\??\\C:\\… to the volume and reads files case-insensitively, making lazy files on first read', () => {
    const { ns, fs } = setup();
    expect((fs as unknown as { loads: number }).loads).toBe(0);
    const f = IopResolveFile(ns, '\\??\\c:\\WINDOWS\\system32\\NTDLL.DLL');
    expect(f.devicePath).toBe('\\Device\\HarddiskVolume3\\WINDOWS\\system32\\NTDLL.DLL');
    expect(IoReadFile(ns, '\\??\\c:\\WINDOWS\\system32\\NTDLL.DLL')).toEqual({
      status: STATUS.SUCCESS,
      data: Uint8Array.of(0x4d, 0x5a),
    });
    expect(IoStatFile(ns, '\\??\\C:\\Windows\\System32\\ntdll.dll').entry).toEqual({
      name: 'ntdll.dll',
      isDirectory: false,
      size: 2,
      version: 0,
    });
    expect((fs as unknown as { loads: number }).loads).toBe(1);
  });
  it('statuses of misses, and of paths that are not files', () => {
    const { ns } = setup();
    expect(IoReadFile(ns, '\\??\\C:\\Windows\\nope.dll').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(IoReadFile(ns, '\\??\\C:\\Nope\\x.dll').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(IoReadFile(ns, '\\??\\C:\\Windows').status).toBe(STATUS.FILE_IS_A_DIRECTORY);
    expect(IoListDirectory(ns, '\\??\\C:\\Windows\\System32\\ntdll.dll').status).toBe(STATUS.NOT_A_DIRECTORY);
    expect(IoReadFile(ns, '\\??\\C:\\Windows\\..\\x').status).toBe(STATUS.OBJECT_NAME_INVALID);
    expect(IoReadFile(ns, '\\Device\\Null').status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(IoReadFile(ns, '\\??\\Q:\\x').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
  });
  it('writes and creates directories, keeping the stored case; snapshot and restore', () => {
    const { ns, fs } = setup();
    expect(IoCreateDirectory(ns, '\\??\\C:\\Acme')).toBe(STATUS.SUCCESS);
    expect(IoCreateDirectory(ns, '\\??\\C:\\ACME')).toBe(STATUS.OBJECT_NAME_COLLISION);
    expect(IoWriteFile(ns, '\\??\\C:\\Acme\\App.exe', Uint8Array.of(1, 2))).toBe(STATUS.SUCCESS);
    expect(IoWriteFile(ns, '\\??\\C:\\acme\\APP.EXE', Uint8Array.of(3))).toBe(STATUS.SUCCESS);
    expect(IoListDirectory(ns, '\\??\\C:\\acme').entries).toEqual([
      { name: 'App.exe', isDirectory: false, size: 1, version: 2 },
    ]);
    expect(IoWriteFile(ns, '\\??\\C:\\Missing\\a', Uint8Array.of(1))).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    const snap = fs.snapshot();
    expect(snap).toEqual({ dirs: ['Acme'], files: [['Acme\\App.exe', [3]]] });
    const other = new MemoryFileSystem();
    other.restore(JSON.parse(JSON.stringify(snap)));
    expect(other.read(['ACME', 'app.exe']).value).toEqual(Uint8Array.of(3));
  });
  it('a mount point hands the rest of the path to another backend', () => {
    const { ns, fs } = setup();
    const sys = new MemoryFileSystem();
    sys.write(['kernel32.dll'], Uint8Array.of(7));
    fs.mount(['Windows', 'System32'], sys);
    expect(IoReadFile(ns, '\\??\\C:\\Windows\\System32\\KERNEL32.dll').data).toEqual(Uint8Array.of(7));
    expect(IoReadFile(ns, '\\??\\C:\\Windows\\System32\\ntdll.dll').status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
  });
});

describe('OverlayFileSystem (--system-root over the embedded System32)', () => {
  it('upper names hide lower ones; lower-only names stay; listings merge; writes go where the name lives', async () => {
    const { OverlayFileSystem } = await import('./overlay-file-system.js');
    const upper = new MemoryFileSystem();
    const lower = new MemoryFileSystem();
    upper.write(['KERNEL32.dll'], Uint8Array.of(1));
    lower.write(['kernel32.dll'], Uint8Array.of(2));
    lower.write(['smss.exe'], Uint8Array.of(3));
    const o = new OverlayFileSystem(upper, lower);
    expect(o.read(['kernel32.dll']).value).toEqual(Uint8Array.of(1));
    expect(o.read(['smss.exe']).value).toEqual(Uint8Array.of(3));
    expect(o.read(['nope.dll']).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(o.list([]).value!.map((e) => e.name)).toEqual(['KERNEL32.dll', 'smss.exe']);
    expect(o.write(['new.txt'], Uint8Array.of(9))).toBe(STATUS.SUCCESS);
    expect(lower.read(['new.txt']).value).toEqual(Uint8Array.of(9));
    expect(o.mkdir(['kernel32.dll'])).toBe(STATUS.OBJECT_NAME_COLLISION);
  });
});
