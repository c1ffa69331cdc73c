import { describe, expect, it } from 'vitest';
import {
  GENERIC_ALL,
  GENERIC_EXECUTE,
  GENERIC_READ,
  GENERIC_WRITE,
  MAXIMUM_ALLOWED,
  PROCESS_ACCESS_NAMES,
  PROCESS_ALL_ACCESS,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_VM_READ,
  PspProcessMapping,
  PspThreadMapping,
  RtlMapGenericMask,
  STANDARD_RIGHTS_REQUIRED,
  SYNCHRONIZE,
  SepTokenMapping,
  THREAD_ALL_ACCESS,
  TOKEN_ACCESS_NAMES,
  TOKEN_ALL_ACCESS,
  formatFlags,
  parseFlags,
} from './index.js';

describe('access masks (winnt.h)', () => {
  it('PROCESS_ALL_ACCESS and THREAD_ALL_ACCESS are STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF', () => {
    expect(PROCESS_ALL_ACCESS).toBe(STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xffff);
    expect(THREAD_ALL_ACCESS).toBe(0x1fffff);
    expect(TOKEN_ALL_ACCESS).toBe(0xf01ff);
    expect(MAXIMUM_ALLOWED).toBe(0x02000000);
  });
});

describe('generic mappings of the object types (nt-object-types, Windows 10 2004)', () => {
  it('Process: 0x20410 / 0x20BEA / 0x121001 / 0x1FFFFF', () => {
    expect(PspProcessMapping).toEqual({
      GenericRead: 0x20410,
      GenericWrite: 0x20bea,
      GenericExecute: 0x121001,
      GenericAll: 0x1fffff,
    });
  });
  it('Thread: 0x20048 / 0x20437 / 0x121800 / 0x1FFFFF; Token: 0x2001A / 0x201E0 / 0x20005 / 0xF01FF', () => {
    expect(Object.values(PspThreadMapping)).toEqual([0x20048, 0x20437, 0x121800, 0x1fffff]);
    expect(Object.values(SepTokenMapping)).toEqual([0x2001a, 0x201e0, 0x20005, 0xf01ff]);
  });
  it('RtlMapGenericMask replaces generic bits and keeps the rest', () => {
    expect(RtlMapGenericMask(GENERIC_READ | SYNCHRONIZE, PspProcessMapping)).toBe(0x120410);
    expect(RtlMapGenericMask(GENERIC_ALL, PspProcessMapping)).toBe(0x1fffff);
    expect(RtlMapGenericMask(GENERIC_READ | GENERIC_EXECUTE, PspProcessMapping)).toBe(0x121411);
    expect(RtlMapGenericMask(GENERIC_WRITE | MAXIMUM_ALLOWED, PspThreadMapping)).toBe(0x2020437);
  });
});

describe('flag names', () => {
  it('prints a mask as names, composite names first, leftovers in hex', () => {
    expect(formatFlags(PROCESS_VM_READ | PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_ACCESS_NAMES)).toBe(
      'PROCESS_VM_READ | PROCESS_QUERY_LIMITED_INFORMATION',
    );
    expect(formatFlags(0x1fffff, PROCESS_ACCESS_NAMES)).toBe('PROCESS_ALL_ACCESS');
    expect(formatFlags(0x121001, PROCESS_ACCESS_NAMES)).toBe(
      'PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION | READ_CONTROL | SYNCHRONIZE',
    );
    expect(formatFlags(0x4000, PROCESS_ACCESS_NAMES)).toBe('0x4000');
    expect(formatFlags(GENERIC_READ, TOKEN_ACCESS_NAMES)).toBe('GENERIC_READ');
    expect(formatFlags(0, TOKEN_ACCESS_NAMES)).toBe('0');
  });
  it('parses lists of names and numbers, naming the first unknown one', () => {
    expect(parseFlags(['PROCESS_VM_READ', 'SYNCHRONIZE', 0x1000], PROCESS_ACCESS_NAMES)).toEqual({
      value: 0x101010,
    });
    expect(parseFlags(['GENERIC_READ'], PROCESS_ACCESS_NAMES)).toEqual({ value: 0x80000000 });
    expect(parseFlags(['PROCESS_VM_RAED'], PROCESS_ACCESS_NAMES)).toEqual({ unknown: 'PROCESS_VM_RAED' });
  });
});
