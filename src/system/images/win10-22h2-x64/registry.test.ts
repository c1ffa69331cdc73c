import { describe, expect, it } from 'vitest';
import { STATUS } from '../../../base/index.js';
import {
  CmOpenKey,
  CmQueryKey,
  REG_EXPAND_SZ,
  REG_SZ,
  cmKeyPath,
  enumerateWin32Subkeys,
  enumerateWin32Values,
  exportRegFile,
  importRegFile,
  openWin32Key,
  parseRegFile,
  queryWin32Value,
  readRegDword,
  readRegMultiSz,
  readRegSz,
  saveRegistry,
  type CmRegistry,
} from '../../../kernel/cm/index.js';
import { WIN10_22H2_REGISTRY_REG, WIN10_22H2_USER_SID, createWin10Registry } from './registry.js';

const SID = WIN10_22H2_USER_SID;
const o = { userSid: SID };

function machine(): CmRegistry {
  const r = createWin10Registry(100);
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(STATUS.SUCCESS);
  return r.registry!;
}

function str(reg: CmRegistry, path: string, name: string): string | null {
  const r = queryWin32Value(reg, path, name, o);
  expect(r.status, `${path} "${name}"`).toBe(STATUS.SUCCESS);
  return readRegSz(r.value!);
}

const SM = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

describe('the default registry of win10-22h2-x64', () => {
  it('is a well-formed .reg file that imports cleanly', () => {
    const parsed = parseRegFile(WIN10_22H2_REGISTRY_REG);
    expect(parsed.error).toBeUndefined();
    expect(parsed.file!.version).toBe('5.00');
    expect(WIN10_22H2_REGISTRY_REG.startsWith('Windows Registry Editor Version 5.00\r\n\r\n[')).toBe(true);
    machine();
  });
  it('reaches ControlSet001 through the CurrentControlSet link', () => {
    const reg = machine();
    const ccs = CmOpenKey(reg, { name: '\\Registry\\Machine\\System\\CurrentControlSet', openLink: true });
    expect(CmQueryKey(ccs.key!).info).toMatchObject({ symbolicLink: true, volatile: true });
    expect(cmKeyPath(openWin32Key(reg, SM).key!)).toBe(
      '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager',
    );
    expect(enumerateWin32Subkeys(reg, 'HKLM\\SYSTEM').names).toEqual([
      'ControlSet001',
      'Select',
      'CurrentControlSet',
    ]);
    expect(enumerateWin32Subkeys(reg, 'HKLM').names).toEqual([
      'HARDWARE',
      'SAM',
      'SECURITY',
      'SOFTWARE',
      'SYSTEM',
    ]);
  });
  it('lists the KnownDLLs, with the directories as REG_EXPAND_SZ', () => {
    const reg = machine();
    const values = enumerateWin32Values(reg, `${SM}\\KnownDLLs`).values!;
    const names = values.map((v) => v.name);
    expect(names).toEqual([
      '_wow64cpu',
      '_wowarmhw',
      '_xtajit',
      'advapi32',
      'clbcatq',
      'combase',
      'COMDLG32',
      'coml2',
      'DifxApi',
      'DllDirectory',
      'DllDirectory32',
      'gdi32',
      'gdiplus',
      'IMAGEHLP',
      'IMM32',
      'kernel32',
      'MSCTF',
      'MSVCRT',
      'NORMALIZ',
      'NSI',
      'ole32',
      'OLEAUT32',
      'PSAPI',
      'rpcrt4',
      'sechost',
      'Setupapi',
      'SHCORE',
      'SHELL32',
      'SHLWAPI',
      'user32',
      'WLDAP32',
      'wow64',
      'wow64win',
      'WS2_32',
    ]);
    // ntdll and kernelbase are not among the registry's values (\KnownDlls still gets them otherwise).
    expect(names).not.toContain('ntdll');
    expect(names).not.toContain('kernelbase');
    expect(str(reg, `${SM}\\KnownDLLs`, 'kernel32')).toBe('kernel32.dll');
    expect(str(reg, `${SM}\\KnownDLLs`, 'PSAPI')).toBe('PSAPI.DLL');
    const dir = queryWin32Value(reg, `${SM}\\KnownDLLs`, 'DllDirectory').value!;
    expect([dir.type, readRegSz(dir)]).toEqual([REG_EXPAND_SZ, '%SystemRoot%\\system32']);
    expect(str(reg, `${SM}\\KnownDLLs`, 'DllDirectory32')).toBe('%SystemRoot%\\syswow64');
  });
  it('leaves SafeDllSearchMode and CWDIllegalInDllSearch absent (safe search on, no CWD restriction)', () => {
    const reg = machine();
    expect(queryWin32Value(reg, SM, 'SafeDllSearchMode').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(queryWin32Value(reg, SM, 'CWDIllegalInDllSearch').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(queryWin32Value(reg, 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa', 'RunAsPPL').status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
  });
  it('has the system environment', () => {
    const reg = machine();
    const env = `${SM}\\Environment`;
    expect(queryWin32Value(reg, env, 'Path').value!.type).toBe(REG_EXPAND_SZ);
    expect(str(reg, env, 'Path')).toBe(
      '%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem;%SYSTEMROOT%\\System32\\WindowsPowerShell\\v1.0\\;%SYSTEMROOT%\\System32\\OpenSSH\\',
    );
    expect(str(reg, env, 'ComSpec')).toBe('%SystemRoot%\\system32\\cmd.exe');
    expect(str(reg, env, 'PATHEXT')).toBe('.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC');
    expect(str(reg, env, 'NUMBER_OF_PROCESSORS')).toBe('2');
    expect(queryWin32Value(reg, env, 'NUMBER_OF_PROCESSORS').value!.type).toBe(REG_SZ);
    expect(str(reg, env, 'windir')).toBe('%SystemRoot%');
    expect(str(reg, env, 'OS')).toBe('Windows_NT');
    expect(str(reg, env, 'PROCESSOR_ARCHITECTURE')).toBe('AMD64');
  });
  it('starts csrss from SubSystems\\Windows', () => {
    const reg = machine();
    const sub = `${SM}\\SubSystems`;
    expect(readRegMultiSz(queryWin32Value(reg, sub, 'Required').value!)).toEqual(['Debug', 'Windows']);
    expect(str(reg, sub, 'Windows')).toMatch(
      /^%SystemRoot%\\system32\\csrss\.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 .* ServerDll=basesrv,1 /,
    );
  });
  it('identifies Windows 10 22H2, build 19045', () => {
    const reg = machine();
    const cv = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
    expect(str(reg, cv, 'CurrentBuild')).toBe('19045');
    expect(str(reg, cv, 'DisplayVersion')).toBe('22H2');
    expect(str(reg, cv, 'SystemRoot')).toBe('C:\\Windows');
    expect(readRegDword(queryWin32Value(reg, cv, 'CurrentMajorVersionNumber').value!)).toBe(10);
    expect(enumerateWin32Subkeys(reg, `${cv}\\Image File Execution Options`).names).toEqual([]);
  });
  it('has the profiles, the seclogon service and the file associations', () => {
    const reg = machine();
    const pl = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';
    expect(enumerateWin32Subkeys(reg, pl).names).toEqual(['S-1-5-18', 'S-1-5-19', 'S-1-5-20', SID]);
    expect(str(reg, `${pl}\\${SID}`, 'ProfileImagePath')).toBe('C:\\Users\\user');
    expect([...queryWin32Value(reg, `${pl}\\S-1-5-18`, 'Sid').value!.data]).toEqual([
      1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0,
    ]);
    const svc = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\seclogon';
    expect(str(reg, svc, 'ImagePath')).toBe('%windir%\\system32\\svchost.exe -k netsvcs -p');
    expect(readRegDword(queryWin32Value(reg, svc, 'Type').value!)).toBe(0x20);
    expect(str(reg, `${svc}\\Parameters`, 'ServiceDll')).toBe('%windir%\\system32\\seclogon.dll');
    expect(str(reg, 'HKCR\\.exe', '')).toBe('exefile');
    expect(str(reg, 'HKCR\\exefile\\shell\\open\\command', '')).toBe('"%1" %*');
    expect(str(reg, 'HKCR\\exefile\\shell\\runas\\command', '')).toBe('"%1" %*');
    expect(str(reg, 'HKCR\\batfile\\shell\\runas\\command', '')).toBe(
      '%SystemRoot%\\System32\\cmd.exe /C "%1" %*',
    );
    expect(str(reg, 'HKCR\\txtfile\\shell\\open\\command', '')).toBe(
      '%SystemRoot%\\system32\\NOTEPAD.EXE %1',
    );
    expect(str(reg, 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\wordpad.exe', '')).toBe(
      '"%ProgramFiles%\\Windows NT\\Accessories\\WORDPAD.EXE"',
    );
  });
  it("has the user's environment, a volatile Volatile Environment, and HKU\\S-1-5-18 as .DEFAULT", () => {
    const reg = machine();
    expect(str(reg, 'HKCU\\Environment', 'TEMP')).toBe('%USERPROFILE%\\AppData\\Local\\Temp');
    expect(str(reg, 'HKCU\\Volatile Environment', 'USERNAME')).toBe('user');
    expect(str(reg, 'HKCU\\Volatile Environment', 'LOGONSERVER')).toBe('\\\\DESKTOP');
    expect(CmQueryKey(openWin32Key(reg, 'HKCU\\Volatile Environment', o).key!).info!.volatile).toBe(true);
    expect(cmKeyPath(openWin32Key(reg, 'HKU\\S-1-5-18\\Environment').key!)).toBe(
      '\\REGISTRY\\USER\\.DEFAULT\\Environment',
    );
    expect(cmKeyPath(openWin32Key(reg, 'HKCU\\Software\\Classes', o).key!)).toBe(
      `\\REGISTRY\\USER\\${SID}_Classes`,
    );
    expect(cmKeyPath(openWin32Key(reg, 'HKEY_CURRENT_CONFIG').key!)).toBe(
      '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Hardware Profiles\\0001',
    );
  });
  it('exports its machine data back to the same .reg blocks', () => {
    const reg = machine();
    const text = exportRegFile(reg, 'HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\KnownDLLs').text!;
    expect(WIN10_22H2_REGISTRY_REG).toContain(
      text.slice('Windows Registry Editor Version 5.00\r\n\r\n'.length, -2),
    );
    // Importing the defaults again changes nothing but times.
    const before = saveRegistry(reg);
    expect(importRegFile(reg, WIN10_22H2_REGISTRY_REG, { userSid: SID, time: 100 }).status).toBe(
      STATUS.SUCCESS,
    );
    expect(saveRegistry(reg)).toEqual(before);
  });
});
