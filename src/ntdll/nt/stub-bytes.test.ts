import { describe, expect, it } from 'vitest';
import {
  NTDLL_SYSCALL_STUB_SIZE,
  NTDLL_SYSCALL_STUB_STRIDE,
  ntdllSyscallStub,
  ntdllSyscallStubNumber,
  ntdllSyscallStubPadded,
} from './stub-bytes.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');

describe('ntdll x64 syscall stubs', () => {
  it('are mov r10,rcx; mov eax,n; test [7FFE0308h],1; jne; syscall; ret; int 2Eh; ret', () => {
    expect(NTDLL_SYSCALL_STUB_SIZE).toBe(24);
    expect(hex(ntdllSyscallStub(0x0f))).toBe(
      '4C 8B D1 B8 0F 00 00 00 F6 04 25 08 03 FE 7F 01 75 03 0F 05 C3 CD 2E C3',
    );
    expect(hex(ntdllSyscallStub(0xc9))).toBe(
      '4C 8B D1 B8 C9 00 00 00 F6 04 25 08 03 FE 7F 01 75 03 0F 05 C3 CD 2E C3',
    );
    expect(hex(ntdllSyscallStub(0x1d8)).slice(0, 24)).toBe('4C 8B D1 B8 D8 01 00 00 ');
  });
  it('are 32 bytes apart in .text, padded with nop dword ptr [rax+rax]', () => {
    expect(NTDLL_SYSCALL_STUB_STRIDE).toBe(32);
    expect(hex(ntdllSyscallStubPadded(0x3f))).toBe(
      '4C 8B D1 B8 3F 00 00 00 F6 04 25 08 03 FE 7F 01 75 03 0F 05 C3 CD 2E C3 0F 1F 84 00 00 00 00 00',
    );
  });
  it('give back their number, and nothing for patched code', () => {
    expect(ntdllSyscallStubNumber(ntdllSyscallStub(0x55))).toBe(0x55);
    expect(ntdllSyscallStubNumber(ntdllSyscallStubPadded(0x1d8).subarray(0))).toBe(0x1d8);
    const hooked = ntdllSyscallStub(0x18);
    hooked.set([0xe9, 0xd3, 0x13, 0xfe], 0);
    expect(ntdllSyscallStubNumber(hooked)).toBeUndefined();
    expect(ntdllSyscallStubNumber(ntdllSyscallStub(0x18).subarray(0, 20))).toBeUndefined();
  });
  it('refuse a number that is not a ULONG', () => {
    expect(() => ntdllSyscallStub(-1)).toThrow(/does not fit a ULONG/);
    expect(() => ntdllSyscallStub(0x100000000)).toThrow(/does not fit a ULONG/);
  });
});
