import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  CmCreateKey,
  CmDeleteKey,
  CmEnumerateKey,
  CmLoadKey,
  CmOpenKey,
  CmQueryKey,
  CmQueryKeyName,
  CmSetValueKey,
  REG_CREATED_NEW_KEY,
  REG_OPENED_EXISTING_KEY,
  REG_OPTION_VOLATILE,
  cmKeyPath,
  createKeyRecursive,
  createRegistry,
  regSz,
  type CmKey,
  type CmRegistry,
} from './index.js';

function machine(): CmRegistry {
  const reg = createRegistry(1);
  for (const hive of ['SYSTEM', 'SOFTWARE'])
    expect(CmLoadKey(reg, `\\Registry\\Machine\\${hive}`, { time: 1 }).status).toBe(STATUS.SUCCESS);
  return reg;
}

function open(reg: CmRegistry, name: string): CmKey {
  const r = CmOpenKey(reg, { name });
  expect(r.status, name).toBe(STATUS.SUCCESS);
  return r.key!;
}

function subkeyNames(key: CmKey): string[] {
  const names: string[] = [];
  for (let i = 0; ; i++) {
    const r = CmEnumerateKey(key, i);
    if (r.status === STATUS.NO_MORE_ENTRIES) return names;
    expect(r.status).toBe(STATUS.SUCCESS);
    names.push(r.info!.name);
  }
}

describe('the master keys (ReactOS cmsysini.c CmpCreateRegistryRoot)', () => {
  it('has \\REGISTRY, \\REGISTRY\\MACHINE and \\REGISTRY\\USER, named in upper case', () => {
    const reg = createRegistry(5);
    expect(CmQueryKeyName(open(reg, '\\Registry\\Machine')).name).toBe('\\REGISTRY\\MACHINE');
    expect(subkeyNames(open(reg, '\\registry'))).toEqual(['MACHINE', 'USER']);
  });
  it('refuses non-volatile keys directly under the volatile master hive', () => {
    const reg = createRegistry(5);
    expect(CmCreateKey(reg, { name: '\\Registry\\Machine\\Foo', time: 6 }).status).toBe(
      STATUS.CHILD_MUST_BE_VOLATILE,
    );
  });
  it('cannot delete the master keys or a hive root (KEY_NO_DELETE: STATUS_CANNOT_DELETE)', () => {
    const reg = machine();
    expect(CmDeleteKey(reg.root, 2)).toBe(STATUS.CANNOT_DELETE);
    expect(CmDeleteKey(open(reg, '\\Registry\\User'), 2)).toBe(STATUS.CANNOT_DELETE);
    expect(CmDeleteKey(open(reg, '\\Registry\\Machine\\SOFTWARE'), 2)).toBe(STATUS.CANNOT_DELETE);
  });
  it('links a hive once (NtLoadKey on a used name: STATUS_OBJECT_NAME_COLLISION)', () => {
    const reg = machine();
    expect(CmLoadKey(reg, '\\Registry\\Machine\\software', { time: 2 }).status).toBe(
      STATUS.OBJECT_NAME_COLLISION,
    );
    expect(CmLoadKey(reg, '\\Registry\\Nowhere\\X', { time: 2 }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
  });
});

describe('NtCreateKey / NtOpenKey names (ReactOS cmparse.c CmpParseKey, ob/obname.c)', () => {
  it('creates only the last component: a missing parent is STATUS_OBJECT_NAME_NOT_FOUND', () => {
    const reg = machine();
    const r = CmCreateKey(reg, { name: '\\Registry\\Machine\\SOFTWARE\\A\\B', time: 2 });
    expect(r).toEqual({ status: STATUS.OBJECT_NAME_NOT_FOUND });
    expect(CmOpenKey(reg, { name: '\\Registry\\Machine\\SOFTWARE\\A' }).status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
  });
  it('reports REG_CREATED_NEW_KEY, then REG_OPENED_EXISTING_KEY for the same key in any case', () => {
    const reg = machine();
    const a = CmCreateKey(reg, { name: '\\Registry\\Machine\\SOFTWARE\\Wine', time: 2 });
    const b = CmCreateKey(reg, { name: '\\REGISTRY\\MACHINE\\software\\WINE', time: 3 });
    expect([a.status, a.disposition, b.status, b.disposition]).toEqual([
      STATUS.SUCCESS,
      REG_CREATED_NEW_KEY,
      STATUS.SUCCESS,
      REG_OPENED_EXISTING_KEY,
    ]);
    expect(b.key).toBe(a.key);
    expect(cmKeyPath(b.key!)).toBe('\\REGISTRY\\MACHINE\\SOFTWARE\\Wine');
  });
  it('RegCreateKeyEx-style creation makes the missing parents (Wine kernelbase create_key)', () => {
    const reg = machine();
    const r = createKeyRecursive(reg, { name: '\\Registry\\Machine\\SOFTWARE\\A\\\\B\\C\\', time: 2 });
    expect([r.status, r.disposition]).toEqual([STATUS.SUCCESS, REG_CREATED_NEW_KEY]);
    expect(cmKeyPath(r.key!)).toBe('\\REGISTRY\\MACHINE\\SOFTWARE\\A\\B\\C');
    const again = createKeyRecursive(reg, { name: '\\Registry\\Machine\\SOFTWARE\\A\\B\\C', time: 3 });
    expect(again.disposition).toBe(REG_OPENED_EXISTING_KEY);
  });
  it('opens relative to a root key; a relative name may not start with a separator', () => {
    const reg = machine();
    const soft = open(reg, '\\Registry\\Machine\\SOFTWARE');
    expect(CmCreateKey(reg, { root: soft, name: 'X', time: 2 }).status).toBe(STATUS.SUCCESS);
    expect(CmOpenKey(reg, { root: soft, name: 'x' }).key).toBe(open(reg, '\\Registry\\Machine\\SOFTWARE\\X'));
    expect(CmOpenKey(reg, { root: soft, name: '' }).key).toBe(soft);
    expect(CmOpenKey(reg, { root: soft, name: '\\X' }).status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
  });
  it('gives the object manager statuses for names outside \\REGISTRY', () => {
    const reg = machine();
    expect(CmOpenKey(reg, { name: 'Registry\\Machine' }).status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
    expect(CmOpenKey(reg, { name: '\\' }).status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(CmOpenKey(reg, { name: '\\Foo' }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(CmOpenKey(reg, { name: '\\Foo\\Bar' }).status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(CmOpenKey(reg, { name: '\\\\Registry' }).status).toBe(STATUS.OBJECT_NAME_INVALID);
  });
  it('drops trailing separators but refuses an empty middle component and a 256-character one', () => {
    const reg = machine();
    expect(CmOpenKey(reg, { name: '\\Registry\\Machine\\SYSTEM\\\\' }).status).toBe(STATUS.SUCCESS);
    expect(CmOpenKey(reg, { name: '\\Registry\\Machine\\\\SYSTEM' }).status).toBe(STATUS.INVALID_PARAMETER);
    const base = '\\Registry\\Machine\\SOFTWARE\\';
    expect(CmCreateKey(reg, { name: base + 'k'.repeat(255), time: 2 }).status).toBe(STATUS.SUCCESS);
    expect(CmCreateKey(reg, { name: base + 'k'.repeat(256), time: 2 }).status).toBe(STATUS.INVALID_PARAMETER);
  });
  it('refuses create options outside REG_LEGAL_OPTION', () => {
    const reg = machine();
    expect(
      CmCreateKey(reg, { name: '\\Registry\\Machine\\SOFTWARE\\O', options: 0x20, time: 2 }).status,
    ).toBe(STATUS.INVALID_PARAMETER);
  });
});

describe('volatile keys (ReactOS cmparse.c CmpDoCreate)', () => {
  it('requires the children of a volatile key to be volatile', () => {
    const reg = machine();
    const v = CmCreateKey(reg, {
      name: '\\Registry\\Machine\\SOFTWARE\\V',
      options: REG_OPTION_VOLATILE,
      time: 2,
    });
    expect(CmQueryKey(v.key!).info!.volatile).toBe(true);
    expect(CmCreateKey(reg, { root: v.key!, name: 'Stable', time: 3 }).status).toBe(
      STATUS.CHILD_MUST_BE_VOLATILE,
    );
    expect(
      CmCreateKey(reg, { root: v.key!, name: 'Also', options: REG_OPTION_VOLATILE, time: 3 }).status,
    ).toBe(STATUS.SUCCESS);
  });
});

describe('NtEnumerateKey order (ReactOS cmlib/cmindex.c)', () => {
  it('sorts subkeys by upper-cased name, stable ones before volatile ones', () => {
    const reg = machine();
    const soft = open(reg, '\\Registry\\Machine\\SOFTWARE');
    for (const name of ['b', 'Zeta', '_x', 'A', 'ab', 'c']) CmCreateKey(reg, { root: soft, name, time: 2 });
    CmCreateKey(reg, { root: soft, name: 'AAA', options: REG_OPTION_VOLATILE, time: 2 });
    // '_' (0x5F) sorts after 'Z' (0x5A) once letters are upper-cased; a prefix sorts first.
    expect(subkeyNames(soft)).toEqual(['A', 'ab', 'b', 'c', 'Zeta', '_x', 'AAA']);
    expect(CmEnumerateKey(soft, 7).status).toBe(STATUS.NO_MORE_ENTRIES);
    expect(CmEnumerateKey(soft, -1).status).toBe(STATUS.NO_MORE_ENTRIES);
  });
});

describe('NtDeleteKey (ReactOS cmapi.c CmDeleteKey; WRK cmapi2.c)', () => {
  it('refuses a key with subkeys, deletes a leaf, and stamps the parent', () => {
    const reg = machine();
    const a = createKeyRecursive(reg, { name: '\\Registry\\Machine\\SOFTWARE\\A\\B', time: 2 });
    const parent = open(reg, '\\Registry\\Machine\\SOFTWARE\\A');
    expect(CmDeleteKey(parent, 3)).toBe(STATUS.CANNOT_DELETE);
    expect(CmDeleteKey(a.key!, 4)).toBe(STATUS.SUCCESS);
    expect(CmQueryKey(parent).info).toMatchObject({ subKeys: 0, lastWriteTime: 4, maxNameLen: 0 });
    expect(CmDeleteKey(parent, 5)).toBe(STATUS.SUCCESS);
  });
  it('leaves a deleted key holdable: deleting again succeeds, everything else is STATUS_KEY_DELETED', () => {
    const reg = machine();
    const k = CmCreateKey(reg, { name: '\\Registry\\Machine\\SOFTWARE\\Gone', time: 2 }).key!;
    expect(CmDeleteKey(k, 3)).toBe(STATUS.SUCCESS);
    expect(k.deleted).toBe(true);
    expect(CmDeleteKey(k, 4)).toBe(STATUS.SUCCESS);
    expect(CmQueryKey(k).status).toBe(STATUS.KEY_DELETED);
    expect(CmEnumerateKey(k, 0).status).toBe(STATUS.KEY_DELETED);
    expect(CmSetValueKey(k, 'v', regSz('x'), 5)).toBe(STATUS.KEY_DELETED);
    expect(CmCreateKey(reg, { root: k, name: 'child', time: 5 }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(CmOpenKey(reg, { name: '\\Registry\\Machine\\SOFTWARE\\Gone' }).status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
  });
});

describe('NtQueryKey (KEY_FULL_INFORMATION; ReactOS cmparse.c CmpDoCreate keeps the high-water marks)', () => {
  it('counts subkeys and values and keeps name lengths in bytes', () => {
    const reg = machine();
    const k = CmCreateKey(reg, { name: '\\Registry\\Machine\\SOFTWARE\\Q', className: 'Cls', time: 7 }).key!;
    CmCreateKey(reg, { root: k, name: 'abcd', className: 'xy', time: 8 });
    CmCreateKey(reg, { root: k, name: 'ab', time: 9 });
    CmSetValueKey(k, 'Name', regSz('value'), 10);
    expect(CmQueryKey(k).info).toEqual({
      name: 'Q',
      lastWriteTime: 10,
      className: 'Cls',
      subKeys: 2,
      maxNameLen: 8,
      maxClassLen: 4,
      values: 1,
      maxValueNameLen: 8,
      maxValueDataLen: 12,
      volatile: false,
      symbolicLink: false,
    });
  });
});
