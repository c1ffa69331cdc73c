import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  IoListDirectory,
  IoReadFile,
  IoWriteFile,
  IoCreateDirectory,
  MemoryFileSystem,
  Volume,
} from '../../src/kernel/io/index.js';
import { ObjectNamespace } from '../../src/kernel/ob/index.js';
import { HostFolderFileSystem } from '../../src/host/index.js';

/** A host folder mounted at C:\Mnt, next to a secret outside it. */
function setup(writable = false): { ns: ObjectNamespace; dir: string; outside: string } {
  const top = mkdtempSync(join(tmpdir(), 'ntsim-host-'));
  const dir = join(top, 'mnt');
  const outside = join(top, 'secret.txt');
  mkdirSync(join(dir, 'Sub'), { recursive: true });
  writeFileSync(outside, 'secret');
  writeFileSync(join(dir, 'Kernel32.DLL'), 'k32');
  writeFileSync(join(dir, 'Sub', 'a.txt'), 'a');
  writeFileSync(join(dir, 'bad:name'), 'x');
  symlinkSync(outside, join(dir, 'escape.txt'));
  symlinkSync(top, join(dir, 'up'));
  symlinkSync(join(dir, 'Sub', 'a.txt'), join(dir, 'inside.txt'));
  const ns = new ObjectNamespace();
  const c = new MemoryFileSystem();
  c.mount(['Mnt'], new HostFolderFileSystem(dir, { writable }));
  ns.insert('\\Device\\HarddiskVolume3', Volume.type, new Volume('HarddiskVolume3', c));
  ns.insert('\\Device\\Null', { name: 'Device' }, {});
  ns.createSymbolicLink('\\GLOBAL??\\C:', '\\Device\\HarddiskVolume3');
  ns.createSymbolicLink('\\GLOBAL??\\GLOBALROOT', '');
  return { ns, dir, outside };
}

describe('host folder mounts', () => {
  it('reads case-insensitively and lists what a Windows path can name', () => {
    const { ns } = setup();
    expect(new TextDecoder().decode(IoReadFile(ns, '\\??\\C:\\Mnt\\KERNEL32.dll').data)).toBe('k32');
    expect(IoListDirectory(ns, '\\??\\C:\\mnt').entries!.map((e) => e.name)).toEqual([
      'inside.txt',
      'Kernel32.DLL',
      'Sub',
    ]);
  });
  it('escape: .. never reaches the host (STATUS_OBJECT_NAME_INVALID)', () => {
    const { ns } = setup();
    expect(IoReadFile(ns, '\\??\\C:\\Mnt\\..\\..\\secret.txt').status).toBe(STATUS.OBJECT_NAME_INVALID);
    expect(IoReadFile(ns, '\\??\\C:\\Mnt\\Sub\\..\\..\\..\\secret.txt').status).toBe(
      STATUS.OBJECT_NAME_INVALID,
    );
  });
  it('escape: host symlinks that leave the folder are invisible; ones that stay inside work', () => {
    const { ns } = setup();
    expect(IoReadFile(ns, '\\??\\C:\\Mnt\\escape.txt').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(IoReadFile(ns, '\\??\\C:\\Mnt\\up\\secret.txt').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(new TextDecoder().decode(IoReadFile(ns, '\\??\\C:\\Mnt\\inside.txt').data)).toBe('a');
  });
  it('escape: \\??\\GLOBALROOT and device paths reach only the simulated namespace', () => {
    const { ns } = setup();
    expect(
      new TextDecoder().decode(
        IoReadFile(ns, '\\??\\GLOBALROOT\\Device\\HarddiskVolume3\\Mnt\\Sub\\a.txt').data,
      ),
    ).toBe('a');
    expect(IoReadFile(ns, '\\??\\GLOBALROOT\\etc\\passwd').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(IoReadFile(ns, '\\??\\PhysicalDrive0').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(IoReadFile(ns, '\\Device\\Null').status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
  });
  it('read-only unless asked: writes fail with STATUS_MEDIA_WRITE_PROTECTED and change nothing', () => {
    const { ns, dir } = setup();
    expect(IoWriteFile(ns, '\\??\\C:\\Mnt\\kernel32.dll', Uint8Array.of(1))).toBe(
      STATUS.MEDIA_WRITE_PROTECTED,
    );
    expect(IoCreateDirectory(ns, '\\??\\C:\\Mnt\\New')).toBe(STATUS.MEDIA_WRITE_PROTECTED);
    expect(readFileSync(join(dir, 'Kernel32.DLL'), 'utf8')).toBe('k32');
  });
  it('writable when asked, keeping the stored name; never writes through a link', () => {
    const { ns, dir, outside } = setup(true);
    expect(IoWriteFile(ns, '\\??\\C:\\Mnt\\KERNEL32.DLL', new TextEncoder().encode('new'))).toBe(
      STATUS.SUCCESS,
    );
    expect(readFileSync(join(dir, 'Kernel32.DLL'), 'utf8')).toBe('new');
    expect(IoWriteFile(ns, '\\??\\C:\\Mnt\\inside.txt', Uint8Array.of(1))).toBe(STATUS.ACCESS_DENIED);
    // An escaping link is invisible to reads, and a write to its name is refused, not followed.
    expect(IoWriteFile(ns, '\\??\\C:\\Mnt\\escape.txt', Uint8Array.of(1))).toBe(STATUS.ACCESS_DENIED);
    expect(readFileSync(outside, 'utf8')).toBe('secret');
  });
});
