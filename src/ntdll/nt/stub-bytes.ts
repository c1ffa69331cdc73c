import { ModelError } from '../../base/index.js';

/**
 * The x64 code of an Nt* export of ntdll on Windows 10 1511 and later, as a disassembler shows it:
 *
 *   00  4C 8B D1                  mov  r10, rcx
 *   03  B8 nn nn nn nn            mov  eax, <service number>
 *   08  F6 04 25 08 03 FE 7F 01   test byte ptr [7FFE0308h], 1   ; KUSER_SHARED_DATA.SystemCall
 *   10  75 03                     jne  15
 *   12  0F 05                     syscall
 *   14  C3                        ret
 *   15  CD 2E                     int  2Eh
 *   17  C3                        ret
 *
 * Sources: Wine include/wine/asm.h (__ASM_SYSCALL_FUNC, which reproduces the Windows form byte for
 * byte because Chromium checks it, with these offsets); reverseengineering.stackexchange.com
 * q. 19333 (NtClose on Windows 10 x64: mov eax, 0Fh; test byte ptr ds:7FFE0308h, 1; jnz; int 2Eh);
 * Geoff Chappell, KUSER_SHARED_DATA (SystemCall at 0x308 from 1511).
 */
const STUB_HEAD = [0x4c, 0x8b, 0xd1, 0xb8] as const;
const STUB_TAIL = [
  0xf6, 0x04, 0x25, 0x08, 0x03, 0xfe, 0x7f, 0x01, 0x75, 0x03, 0x0f, 0x05, 0xc3, 0xcd, 0x2e, 0xc3,
] as const;

/** The stub's length: 24 bytes. */
export const NTDLL_SYSCALL_STUB_SIZE = STUB_HEAD.length + 4 + STUB_TAIL.length;

/**
 * The distance between consecutive stubs in ntdll's .text: 32 bytes, the stub followed by the
 * 8-byte `nop dword ptr [rax+rax]` (0F 1F 84 00 00 00 00 00), as WinDbg dumps of Windows 10 ntdll
 * show (e.g. ntdll!NtReadVirtualMemory, mov eax, 3Fh, then the nop, then the next export).
 */
export const NTDLL_SYSCALL_STUB_STRIDE = 32;
const STUB_PAD = [0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00] as const;

/** The 24 bytes of the stub that loads `number` (a service number, 0–0xFFFFFFFF). */
export function ntdllSyscallStub(number: number): Uint8Array {
  if (!Number.isInteger(number) || number < 0 || number > 0xffffffff)
    throw new ModelError('BAD_SERVICE_NUMBER', `service number ${number} does not fit a ULONG`, { number });
  const bytes = new Uint8Array(NTDLL_SYSCALL_STUB_SIZE);
  bytes.set(STUB_HEAD, 0);
  new DataView(bytes.buffer).setUint32(STUB_HEAD.length, number, true);
  bytes.set(STUB_TAIL, STUB_HEAD.length + 4);
  return bytes;
}

/** The stub padded to NTDLL_SYSCALL_STUB_STRIDE with the multi-byte nop, as laid out in .text. */
export function ntdllSyscallStubPadded(number: number): Uint8Array {
  const bytes = new Uint8Array(NTDLL_SYSCALL_STUB_STRIDE);
  bytes.set(ntdllSyscallStub(number), 0);
  bytes.set(STUB_PAD, NTDLL_SYSCALL_STUB_SIZE);
  return bytes;
}

/**
 * The service number in the stub at the start of `code`, or undefined when the bytes are not an
 * unmodified stub (a patched or hooked export, or not a system service at all).
 */
export function ntdllSyscallStubNumber(code: Uint8Array): number | undefined {
  if (code.length < NTDLL_SYSCALL_STUB_SIZE) return undefined;
  if (STUB_HEAD.some((b, i) => code[i] !== b)) return undefined;
  const tail = STUB_HEAD.length + 4;
  if (STUB_TAIL.some((b, i) => code[tail + i] !== b)) return undefined;
  return new DataView(code.buffer, code.byteOffset, code.byteLength).getUint32(STUB_HEAD.length, true);
}
