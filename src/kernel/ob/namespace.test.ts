import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { ObjectDirectory, SymbolicLink } from './directory.js';
import { ObjectNamespace } from './namespace.js';

const DEVICE = { name: 'Device' };

function machineLike(): ObjectNamespace {
  const ns = new ObjectNamespace();
  ns.insert('\\Device\\HarddiskVolume3', DEVICE, { volume: 'C' });
  ns.insert('\\Device\\Null', DEVICE, { null: true });
  ns.createSymbolicLink('\\GLOBAL??\\C:', '\\Device\\HarddiskVolume3');
  ns.createSymbolicLink('\\GLOBAL??\\NUL', '\\Device\\Null');
  ns.createSymbolicLink('\\GLOBAL??\\GLOBALROOT', '');
  ns.createSymbolicLink('\\GLOBAL??\\Global', '\\GLOBAL??');
  ns.createSymbolicLink('\\DosDevices', '\\??');
  ns.createSymbolicLink('\\GLOBAL??\\Loop', '\\GLOBAL??\\Loop');
  ns.ensureDirectory('\\KnownDlls');
  return ns;
}

describe('ObpLookupObjectName', () => {
  const ns = machineLike();
  it('follows \\??\\C: to the volume device and hands it the rest of the path', () => {
    const r = ns.lookup('\\??\\C:\\Windows\\System32\\ntdll.dll');
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.object!.body).toEqual({ volume: 'C' });
    expect(r.remaining).toBe('\\Windows\\System32\\ntdll.dll');
    expect(r.resolvedPath).toBe('\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll');
  });
  it('compares names case-insensitively and keeps their case', () => {
    expect(ns.lookup('\\global??\\c:\\x').resolvedPath).toBe('\\Device\\HarddiskVolume3\\x');
    expect(ns.root.lookup('device')!.name).toBe('Device');
  });
  it('\\??\\GLOBALROOT reaches the root, \\??\\Global the global directory, \\DosDevices is \\??', () => {
    expect(ns.lookup('\\??\\GLOBALROOT\\Device\\Null').object!.body).toEqual({ null: true });
    expect(ns.lookup('\\??\\Global\\C:\\a').resolvedPath).toBe('\\Device\\HarddiskVolume3\\a');
    expect(ns.lookup('\\DosDevices\\C:\\a').resolvedPath).toBe('\\Device\\HarddiskVolume3\\a');
  });
  it('OBJ_OPENLINK opens the link itself when it is the last component', () => {
    const r = ns.lookup('\\GLOBAL??\\C:', { openLink: true });
    expect(r.object!.body).toBeInstanceOf(SymbolicLink);
    expect((r.object!.body as SymbolicLink).target).toBe('\\Device\\HarddiskVolume3');
  });
  it('misses: the last component → OBJECT_NAME_NOT_FOUND, an earlier one → OBJECT_PATH_NOT_FOUND', () => {
    expect(ns.lookup('\\KnownDlls\\kernel32.dll').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(ns.lookup('\\Nope\\x').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(ns.lookup('\\??\\D:\\x').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
  });
  it('bad syntax and link loops fail with a status, never a hang', () => {
    expect(ns.lookup('relative').status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
    expect(ns.lookup('\\Device\\\\Null').status).toBe(STATUS.OBJECT_NAME_INVALID);
    expect(ns.lookup('\\GLOBAL??\\Loop\\x').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
  });
  it('a directory as the last component is the object itself', () => {
    const r = ns.lookup('\\KnownDlls');
    expect(r.object!.body).toBeInstanceOf(ObjectDirectory);
    expect(ns.lookup('\\').object!.body).toBe(ns.root);
  });
});
