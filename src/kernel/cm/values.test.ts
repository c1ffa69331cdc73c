import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  CmCreateKey,
  CmDeleteValueKey,
  CmEnumerateValueKey,
  CmLoadKey,
  CmQueryKey,
  CmQueryValueKey,
  CmSetValueKey,
  REG_BINARY,
  REG_DWORD,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_QWORD,
  REG_SZ,
  cmListValues,
  createRegistry,
  readRegDword,
  readRegLink,
  readRegMultiSz,
  readRegQword,
  readRegSz,
  regBinary,
  regDword,
  regDwordBigEndian,
  regExpandSz,
  regLink,
  regMultiSz,
  regQword,
  regSz,
  regTypeName,
  type CmKey,
} from './index.js';

function key(): CmKey {
  const reg = createRegistry(1);
  CmLoadKey(reg, '\\Registry\\Machine\\SOFTWARE', { time: 1 });
  return CmCreateKey(reg, { name: '\\Registry\\Machine\\SOFTWARE\\Values', time: 1 }).key!;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('value data as Windows stores it (RegSetValueExW documentation: strings include the NUL)', () => {
  it('encodes REG_SZ/REG_EXPAND_SZ as UTF-16LE with a terminating NUL', () => {
    expect(regSz('Hi')).toEqual({ type: REG_SZ, data: Uint8Array.from([0x48, 0, 0x69, 0, 0, 0]) });
    expect(regExpandSz('%A%').type).toBe(REG_EXPAND_SZ);
    expect(hex(regExpandSz('%A%').data)).toBe('250041002500' + '0000');
  });
  it('encodes REG_MULTI_SZ as NUL-terminated strings plus a final NUL', () => {
    expect(hex(regMultiSz(['a', 'b']).data)).toBe('6100' + '0000' + '6200' + '0000' + '0000');
    expect(hex(regMultiSz([]).data)).toBe('0000');
    expect(regMultiSz([]).type).toBe(REG_MULTI_SZ);
  });
  it('encodes the number types little-endian (REG_DWORD_BIG_ENDIAN big-endian)', () => {
    expect(hex(regDword(0x0a).data)).toBe('0a000000');
    expect(hex(regDwordBigEndian(0x0a).data)).toBe('0000000a');
    expect(hex(regQword(0x1122334455667788n).data)).toBe('8877665544332211');
    expect(regQword(-1n).data).toEqual(new Uint8Array(8).fill(0xff));
    expect(hex(regLink('\\R').data)).toBe('5c005200');
  });
  it('reads back what it writes, and null for data of another type or size', () => {
    expect(readRegSz(regSz('x'))).toBe('x');
    expect(readRegSz({ type: REG_SZ, data: Uint8Array.from([0x41, 0, 0, 0, 0x42, 0]) })).toBe('A');
    expect(readRegSz({ type: REG_SZ, data: Uint8Array.from([0x41, 0, 0x42]) })).toBe('A');
    expect(readRegSz(regDword(1))).toBeNull();
    expect(readRegMultiSz(regMultiSz(['a', 'bc']))).toEqual(['a', 'bc']);
    expect(readRegMultiSz({ type: REG_MULTI_SZ, data: Uint8Array.from([0x61, 0]) })).toEqual(['a']);
    expect(readRegDword(regDword(0xffffffff))).toBe(0xffffffff);
    expect(readRegDword(regDwordBigEndian(7))).toBe(7);
    expect(readRegDword({ type: REG_DWORD, data: new Uint8Array(3) })).toBeNull();
    expect(readRegQword(regQword(5n))).toBe(5n);
    expect(readRegQword({ type: REG_QWORD, data: new Uint8Array(4) })).toBeNull();
    expect(readRegLink(regLink('\\Registry\\X'))).toBe('\\Registry\\X');
    expect(regTypeName(REG_BINARY)).toBe('REG_BINARY');
    expect(regTypeName(0x20)).toBe('0x20');
  });
});

describe('NtSetValueKey / NtQueryValueKey / NtDeleteValueKey / NtEnumerateValueKey (ReactOS cmapi.c)', () => {
  it('keeps values in creation order; a changed value keeps its place and first name', () => {
    const k = key();
    CmSetValueKey(k, 'First', regSz('1'), 2);
    CmSetValueKey(k, '', regSz('default'), 3);
    CmSetValueKey(k, 'Third', regDword(3), 4);
    CmSetValueKey(k, 'FIRST', regDword(1), 5);
    expect(cmListValues(k).map((v) => [v.name, v.type])).toEqual([
      ['First', REG_DWORD],
      ['', REG_SZ],
      ['Third', REG_DWORD],
    ]);
    expect(CmQueryKey(k).info!.lastWriteTime).toBe(5);
    expect(CmQueryValueKey(k, 'first').value).toMatchObject({ name: 'First', type: REG_DWORD });
  });
  it('moves the later values down when one is deleted, and appends a re-created one', () => {
    const k = key();
    for (const n of ['a', 'b', 'c']) CmSetValueKey(k, n, regSz(n), 2);
    expect(CmDeleteValueKey(k, 'A', 3)).toBe(STATUS.SUCCESS);
    expect(CmEnumerateValueKey(k, 0).value!.name).toBe('b');
    CmSetValueKey(k, 'a', regSz('again'), 4);
    expect(cmListValues(k).map((v) => v.name)).toEqual(['b', 'c', 'a']);
    expect(CmEnumerateValueKey(k, 3).status).toBe(STATUS.NO_MORE_ENTRIES);
  });
  it('reports a missing value as STATUS_OBJECT_NAME_NOT_FOUND', () => {
    const k = key();
    expect(CmQueryValueKey(k, 'nope').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(CmDeleteValueKey(k, 'nope', 2)).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
  });
  it('stores a copy: changing the caller buffer later changes nothing', () => {
    const k = key();
    const data = Uint8Array.from([1, 2, 3]);
    CmSetValueKey(k, 'bin', regBinary(data), 2);
    const v = { type: REG_BINARY, data };
    CmSetValueKey(k, 'raw', v, 2);
    data[0] = 9;
    expect([...CmQueryValueKey(k, 'raw').value!.data]).toEqual([1, 2, 3]);
    CmQueryValueKey(k, 'raw').value!.data[1] = 7;
    expect([...CmQueryValueKey(k, 'raw').value!.data]).toEqual([1, 2, 3]);
  });
  it('resets the value high-water marks when the last value goes', () => {
    const k = key();
    CmSetValueKey(k, 'long name', regBinary(new Uint8Array(40)), 2);
    CmSetValueKey(k, 'x', regBinary(new Uint8Array(1)), 2);
    CmDeleteValueKey(k, 'long name', 3);
    expect(CmQueryKey(k).info).toMatchObject({ values: 1, maxValueNameLen: 18, maxValueDataLen: 40 });
    CmDeleteValueKey(k, 'x', 4);
    expect(CmQueryKey(k).info).toMatchObject({ values: 0, maxValueNameLen: 0, maxValueDataLen: 0 });
  });
  it('refuses a value name over 16,383 characters (STATUS_NAME_TOO_LONG)', () => {
    const k = key();
    expect(CmSetValueKey(k, 'v'.repeat(16383), regSz(''), 2)).toBe(STATUS.SUCCESS);
    expect(CmSetValueKey(k, 'v'.repeat(16384), regSz(''), 2)).toBe(STATUS.NAME_TOO_LONG);
  });
});
