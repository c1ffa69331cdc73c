// NtOpenKey / NtQueryValueKey (ps/key-services.ts) through KiSystemService, as a user-mode thread
// calls them: Microsoft Learn "ZwOpenKey function (wdm.h)", "ZwQueryValueKey function (wdm.h)",
// "KEY_VALUE_PARTIAL_INFORMATION", "KEY_VALUE_BASIC_INFORMATION", "KEY_VALUE_FULL_INFORMATION",
// "ZwClose function"; the values are those of the machine's registry (win10-22h2-x64).
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { KEY_QUERY_VALUE, KEY_SET_VALUE } from '../../src/kernel/se/index.js';
import { bootedMachine, out } from './support.js';

const SM = '\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Session Manager';
const REG_DWORD = 4;
const REG_MULTI_SZ = 7;
const KeyValueBasicInformation = 0;
const KeyValueFullInformation = 1;
const KeyValuePartialInformation = 2;

describe('NtOpenKey / NtQueryValueKey / NtClose from user mode', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const open = (name: unknown, access = KEY_QUERY_VALUE) =>
    m.sys(ex, 'NtOpenKey', { DesiredAccess: access, ObjectAttributes: { ObjectName: name } });
  const query = (h: number, value: string, cls = KeyValuePartialInformation) =>
    m.sys(ex, 'NtQueryValueKey', { KeyHandle: h, ValueName: value, KeyValueInformationClass: cls });
  const close = (h: number) => m.sys(ex, 'NtClose', { Handle: h });

  it('reads a REG_DWORD through CurrentControlSet, in each information class, and closes the key', () => {
    const before = m.counts();
    const k = open(SM);
    expect(k.status).toBe(STATUS.SUCCESS);
    const h = out(k, 'KeyHandle');
    expect(ex.ObjectTable!.lookup(h)!.object.type.name).toBe('Key');
    // CriticalSectionTimeout = dword:00278d00 (KB 102985's default), little-endian bytes.
    const data = new Uint8Array([0x00, 0x8d, 0x27, 0x00]);
    const partial = query(h, 'CriticalSectionTimeout');
    expect([partial.status, out(partial, 'KeyValueInformation')]).toEqual([
      STATUS.SUCCESS,
      { TitleIndex: 0, Type: REG_DWORD, DataLength: 4, Data: data },
    ]);
    expect(out(query(h, 'CriticalSectionTimeout', KeyValueBasicInformation), 'KeyValueInformation')).toEqual({
      TitleIndex: 0,
      Type: REG_DWORD,
      Name: 'CriticalSectionTimeout',
    });
    expect(out(query(h, 'CriticalSectionTimeout', KeyValueFullInformation), 'KeyValueInformation')).toEqual({
      TitleIndex: 0,
      Type: REG_DWORD,
      Name: 'CriticalSectionTimeout',
      DataLength: 4,
      Data: data,
    });
    // Value names are case-insensitive; the name given back is the value's own.
    expect(out(query(h, 'bootexecute', KeyValueBasicInformation), 'KeyValueInformation')).toEqual({
      TitleIndex: 0,
      Type: REG_MULTI_SZ,
      Name: 'BootExecute',
    });
    expect(close(h).status).toBe(STATUS.SUCCESS);
    expect(ex.ObjectTable!.lookup(h)).toBeUndefined();
    expect(close(h).status).toBe(STATUS.INVALID_HANDLE);
    expect(m.counts()).toEqual(before);
  });

  it('key names are case-insensitive; a missing key or value is STATUS_OBJECT_NAME_NOT_FOUND', () => {
    const h = out(
      open('\\REGISTRY\\MACHINE\\SYSTEM\\CURRENTCONTROLSET\\CONTROL\\SESSION MANAGER'),
      'KeyHandle',
    );
    expect(h).not.toBe(0);
    const before = m.counts();
    expect(open(`${SM}\\NoSuchKey`)).toEqual({ status: STATUS.OBJECT_NAME_NOT_FOUND });
    expect(query(h, 'NoSuchValue').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(query(h, 'NoSuchValue').out).toBeUndefined();
    expect(m.counts()).toEqual(before);
    expect(close(h).status).toBe(STATUS.SUCCESS);
  });

  it('handle checks: the object type, the access granted, a handle that is not one', () => {
    const key = out(open(SM), 'KeyHandle');
    const setOnly = out(open(SM, KEY_SET_VALUE), 'KeyHandle');
    const process = out(
      m.sys(ex, 'NtOpenProcess', {
        DesiredAccess: 0x1000, // PROCESS_QUERY_LIMITED_INFORMATION
        ObjectAttributes: {},
        ClientId: { UniqueProcess: ex.UniqueProcessId },
      }),
      'ProcessHandle',
    );
    expect(process).not.toBe(0);
    const before = m.counts();
    // ObReferenceObjectByHandle with the key object type.
    expect(query(process, 'CriticalSectionTimeout').status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    // ZwQueryValueKey: "KeyHandle … must have been opened with KEY_QUERY_VALUE access".
    expect(query(setOnly, 'CriticalSectionTimeout').status).toBe(STATUS.ACCESS_DENIED);
    expect(query(0x7ff0, 'CriticalSectionTimeout').status).toBe(STATUS.INVALID_HANDLE);
    expect(m.counts()).toEqual(before);
    for (const h of [key, setOnly, process]) expect(close(h).status).toBe(STATUS.SUCCESS);
  });

  it('bad arguments: an information class out of range, a name that is no key path, no name at all', () => {
    const h = out(open(SM), 'KeyHandle');
    const before = m.counts();
    expect(query(h, 'CriticalSectionTimeout', 99)).toEqual({ status: STATUS.INVALID_PARAMETER });
    expect(query(h, 'CriticalSectionTimeout', -1).status).toBe(STATUS.INVALID_PARAMETER);
    // A relative name with no RootDirectory (ObOpenObjectByName).
    expect(open('Machine\\System').status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
    expect(m.sys(ex, 'NtOpenKey', { DesiredAccess: KEY_QUERY_VALUE }).status).toBe(STATUS.INVALID_PARAMETER);
    expect(m.counts()).toEqual(before);
    expect(close(h).status).toBe(STATUS.SUCCESS);
  });
});
