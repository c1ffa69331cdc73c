import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  CmLoadKey,
  REG_CREATED_NEW_KEY,
  REG_OPENED_EXISTING_KEY,
  cmKeyPath,
  createRegistry,
  createWin32Key,
  deleteWin32KeyTree,
  deleteWin32Value,
  enumerateWin32Subkeys,
  enumerateWin32Values,
  openWin32Key,
  parseWin32KeyPath,
  queryWin32Value,
  readRegSz,
  regSz,
  setWin32Value,
  win32PathToNative,
  type CmRegistry,
} from './index.js';

const SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';

describe('Win32 paths (Microsoft Learn "Predefined Keys"; ReactOS RtlFormatCurrentUserKeyPath)', () => {
  it('maps each predefined key and its abbreviation to the native key', () => {
    expect(win32PathToNative('HKLM\\SOFTWARE\\Microsoft', SID).nativePath).toBe(
      '\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft',
    );
    expect(win32PathToNative('HKEY_CURRENT_USER\\Environment', SID).nativePath).toBe(
      `\\REGISTRY\\USER\\${SID}\\Environment`,
    );
    expect(win32PathToNative('hku\\.DEFAULT', SID).nativePath).toBe('\\REGISTRY\\USER\\.DEFAULT');
    expect(win32PathToNative('HKCR\\.exe', SID).nativePath).toBe(
      '\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\.exe',
    );
    expect(win32PathToNative('HKEY_CURRENT_CONFIG', SID).nativePath).toBe(
      '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current',
    );
    expect(win32PathToNative('HKCU').nativePath).toBe('\\REGISTRY\\USER\\.DEFAULT');
    expect(win32PathToNative('HKEY_LOCAL_MACHINE').nativePath).toBe('\\REGISTRY\\MACHINE');
  });
  it('refuses a path that names no predefined key', () => {
    expect(parseWin32KeyPath('HKEY_LOCAL_MACHIN\\X').status).toBe(STATUS.INVALID_HANDLE);
    expect(win32PathToNative('SOFTWARE\\Microsoft').status).toBe(STATUS.INVALID_HANDLE);
    expect(parseWin32KeyPath('HKLM\\A\\B').path).toEqual({ root: 'HKEY_LOCAL_MACHINE', subKey: 'A\\B' });
  });
});

function machine(): CmRegistry {
  const reg = createRegistry(1);
  CmLoadKey(reg, '\\Registry\\Machine\\SOFTWARE', { time: 1 });
  CmLoadKey(reg, `\\Registry\\User\\${SID}`, { time: 1 });
  CmLoadKey(reg, `\\Registry\\User\\${SID}_Classes`, { time: 1 });
  CmLoadKey(reg, '\\Registry\\User\\.DEFAULT', { time: 1 });
  createWin32Key(reg, 'HKLM\\SOFTWARE\\Classes\\txtfile\\shell\\open\\command', { time: 1 });
  setWin32Value(reg, 'HKLM\\SOFTWARE\\Classes\\txtfile', '', regSz('Text Document'), { time: 1 });
  setWin32Value(reg, 'HKLM\\SOFTWARE\\Classes\\txtfile', 'EditFlags', regSz('machine'), { time: 1 });
  createWin32Key(reg, 'HKLM\\SOFTWARE\\Classes\\exefile', { time: 1 });
  createWin32Key(reg, `HKU\\${SID}_Classes\\txtfile\\shell\\edit`, { time: 1 });
  setWin32Value(reg, `HKU\\${SID}_Classes\\txtfile`, '', regSz('My Text'), { time: 1 });
  createWin32Key(reg, `HKU\\${SID}_Classes\\userfile`, { time: 1 });
  return reg;
}

const o = { userSid: SID };

describe('HKEY_CURRENT_USER (ReactOS RtlOpenCurrentUser)', () => {
  it('is the user hive when loaded, else .DEFAULT', () => {
    const reg = machine();
    expect(cmKeyPath(openWin32Key(reg, 'HKCU', o).key!)).toBe(`\\REGISTRY\\USER\\${SID}`);
    expect(cmKeyPath(openWin32Key(reg, 'HKCU', { userSid: 'S-1-5-21-1-2-3-1002' }).key!)).toBe(
      '\\REGISTRY\\USER\\.DEFAULT',
    );
  });
});

describe('HKEY_CLASSES_ROOT merged view (Microsoft Learn "HKEY_CLASSES_ROOT Key"; ReactOS advapi32 reg/hkcr.c)', () => {
  it('opens the user key when it exists, else the machine key', () => {
    const reg = machine();
    expect(cmKeyPath(openWin32Key(reg, 'HKCR\\txtfile', o).key!)).toBe(
      `\\REGISTRY\\USER\\${SID}_Classes\\txtfile`,
    );
    expect(cmKeyPath(openWin32Key(reg, 'HKCR\\exefile', o).key!)).toBe(
      '\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\exefile',
    );
    expect(openWin32Key(reg, 'HKCR\\nothing', o).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    // Without a user, HKCR is the machine's classes only.
    expect(cmKeyPath(openWin32Key(reg, 'HKCR\\txtfile').key!)).toBe(
      '\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\txtfile',
    );
  });
  it("reads the user's value first, then the machine's", () => {
    const reg = machine();
    expect(readRegSz(queryWin32Value(reg, 'HKCR\\txtfile', '', o).value!)).toBe('My Text');
    expect(readRegSz(queryWin32Value(reg, 'HKCR\\txtfile', 'EditFlags', o).value!)).toBe('machine');
    expect(queryWin32Value(reg, 'HKCR\\txtfile', 'none', o).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
  });
  it("creates new keys in HKLM\\SOFTWARE\\Classes unless the key is already the user's", () => {
    const reg = machine();
    const n = createWin32Key(reg, 'HKCR\\.new\\ShellNew', { ...o, time: 2 });
    expect([n.disposition, cmKeyPath(n.key!)]).toEqual([
      REG_CREATED_NEW_KEY,
      '\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\.new\\ShellNew',
    ]);
    const u = createWin32Key(reg, 'HKCR\\txtfile\\shell\\edit', { ...o, time: 2 });
    expect([u.disposition, cmKeyPath(u.key!)]).toEqual([
      REG_OPENED_EXISTING_KEY,
      `\\REGISTRY\\USER\\${SID}_Classes\\txtfile\\shell\\edit`,
    ]);
    // txtfile\shell\open exists only on the machine side: created there.
    const m = createWin32Key(reg, 'HKCR\\txtfile\\shell\\open\\ddeexec', { ...o, time: 2 });
    expect(cmKeyPath(m.key!)).toBe('\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\txtfile\\shell\\open\\ddeexec');
  });
  it("writes values to the user's key when it exists, else to the machine's", () => {
    const reg = machine();
    expect(setWin32Value(reg, 'HKCR\\txtfile', 'New', regSz('u'), { ...o, time: 3 })).toBe(STATUS.SUCCESS);
    expect(queryWin32Value(reg, `HKU\\${SID}_Classes\\txtfile`, 'New').status).toBe(STATUS.SUCCESS);
    expect(setWin32Value(reg, 'HKCR\\exefile', 'New', regSz('m'), { ...o, time: 3 })).toBe(STATUS.SUCCESS);
    expect(queryWin32Value(reg, 'HKLM\\SOFTWARE\\Classes\\exefile', 'New').status).toBe(STATUS.SUCCESS);
    expect(setWin32Value(reg, 'HKCR\\missing', 'x', regSz('m'), { ...o, time: 3 })).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
  });
  it("enumerates the user's subkeys and values first, then the machine's it does not have", () => {
    const reg = machine();
    expect(enumerateWin32Subkeys(reg, 'HKCR', o).names).toEqual(['txtfile', 'userfile', 'exefile']);
    expect(enumerateWin32Subkeys(reg, 'HKCR\\txtfile\\shell', o).names).toEqual(['edit', 'open']);
    expect(enumerateWin32Values(reg, 'HKCR\\txtfile', o).values!.map((v) => [v.name, readRegSz(v)])).toEqual([
      ['', 'My Text'],
      ['EditFlags', 'machine'],
    ]);
  });
  it('deletes from the user side first; deleting a value falls back to the machine side', () => {
    const reg = machine();
    expect(deleteWin32Value(reg, 'HKCR\\txtfile', 'EditFlags', { ...o, time: 4 })).toBe(STATUS.SUCCESS);
    expect(queryWin32Value(reg, 'HKLM\\SOFTWARE\\Classes\\txtfile', 'EditFlags').status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
    expect(deleteWin32KeyTree(reg, 'HKCR\\txtfile', { ...o, time: 4 })).toBe(STATUS.SUCCESS);
    expect(cmKeyPath(openWin32Key(reg, 'HKCR\\txtfile', o).key!)).toBe(
      '\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\txtfile',
    );
  });
});
