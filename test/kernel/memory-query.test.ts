import { KernelMode } from '../../src/kernel/se/index.js';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { resolveField } from '../../src/base/layout/index.js';
import { PS_PROCESS_FLAGS_BREAK_ON_TERMINATION, PROCESSINFOCLASS } from '../../src/kernel/ps/index.js';
import {
  PROCESS_QUERY_INFORMATION,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_VM_READ,
} from '../../src/kernel/se/index.js';
import { bootedMachine, NtCurrentProcess, out } from './support.js';

describe('NtReadVirtualMemory / NtWriteVirtualMemory', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const child = m.spawn(ex);
  const target = child.process!;
  const L = m.b.kernel.mm.layout;
  const imageBase = resolveField(L, '_PEB', 'ImageBaseAddress').offset;
  const read = (address: number, size: number, handle = child.ProcessHandle) =>
    m.sys(ex, 'NtReadVirtualMemory', { ProcessHandle: handle, BaseAddress: address, BufferSize: size });

  it('reads another process’s PEB bytes', () => {
    const r = read(target.Peb + imageBase, 8);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(out(r, 'NumberOfBytesRead')).toBe(8);
    const bytes = out<Uint8Array>(r, 'Buffer');
    expect(Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true))).toBe(
      target.SectionBaseAddress,
    );
  });
  it('writes them (BeingDebugged) and reads the new value back', () => {
    const at = target.Peb + resolveField(L, '_PEB', 'BeingDebugged').offset;
    const w = m.sys(ex, 'NtWriteVirtualMemory', {
      ProcessHandle: child.ProcessHandle,
      BaseAddress: at,
      Buffer: Uint8Array.of(1),
    });
    expect([w.status, out(w, 'NumberOfBytesWritten')]).toEqual([STATUS.SUCCESS, 1]);
    expect(target.addressSpace!.u8(at)).toBe(1);
    expect(out<Uint8Array>(read(at, 1), 'Buffer')[0]).toBe(1);
  });
  it('STATUS_PARTIAL_COPY with the count at the end of a region; ACCESS_VIOLATION past user space', () => {
    // KUSER_SHARED_DATA is one read-only page at 0x7FFE0000 with nothing after it.
    const r = read(0x7ffe1000 - 4, 8);
    expect([r.status, out(r, 'NumberOfBytesRead')]).toEqual([STATUS.PARTIAL_COPY, 4]);
    const none = read(0x10000000000, 16);
    expect([none.status, out(none, 'NumberOfBytesRead')]).toEqual([STATUS.PARTIAL_COPY, 0]);
    expect(read(0x7fffffff0000 - 4, 8).status).toBe(STATUS.ACCESS_VIOLATION);
    const w = m.sys(ex, 'NtWriteVirtualMemory', {
      ProcessHandle: child.ProcessHandle,
      BaseAddress: target.SectionBaseAddress,
      Buffer: new Uint8Array(4),
    });
    // The image header page is read-only: nothing is written.
    expect([w.status, out(w, 'NumberOfBytesWritten')]).toEqual([STATUS.PARTIAL_COPY, 0]);
  });
  it('needs PROCESS_VM_READ / PROCESS_VM_WRITE; 0 bytes need no handle; nothing left behind', () => {
    const q = m.sys(ex, 'NtOpenProcess', {
      DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: target.UniqueProcessId },
    });
    const before = m.counts();
    expect(read(target.Peb, 8, out(q, 'ProcessHandle')).status).toBe(STATUS.ACCESS_DENIED);
    expect(
      m.sys(ex, 'NtWriteVirtualMemory', {
        ProcessHandle: out(q, 'ProcessHandle'),
        BaseAddress: target.Peb,
        Buffer: new Uint8Array(1),
      }).status,
    ).toBe(STATUS.ACCESS_DENIED);
    expect(read(target.Peb, 0, 0x7ff0).status).toBe(STATUS.SUCCESS);
    expect(read(target.Peb, 8, 0x7ff0).status).toBe(STATUS.INVALID_HANDLE);
    expect(m.counts()).toEqual(before);
    expect(read(ex.Peb, 8, NtCurrentProcess).status).toBe(STATUS.SUCCESS);
    expect(PROCESS_VM_READ).toBe(0x10);
  });
});

describe('NtQueryInformationProcess', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const child = m.spawn(ex);
  const target = child.process!;
  const query = (cls: number, length?: number, handle = child.ProcessHandle) =>
    m.sys(ex, 'NtQueryInformationProcess', {
      ProcessHandle: handle,
      ProcessInformationClass: cls,
      ...(length !== undefined ? { ProcessInformationLength: length } : {}),
    });

  it('ProcessBasicInformation matches the EPROCESS', () => {
    const r = query(PROCESSINFOCLASS.ProcessBasicInformation, 0x30);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(out(r, 'ProcessInformation')).toEqual({
      ExitStatus: 0x103, // STATUS_PENDING: still running (GetExitCodeProcess's STILL_ACTIVE)
      PebBaseAddress: target.Peb,
      AffinityMask: 0xf,
      BasePriority: 8,
      UniqueProcessId: target.UniqueProcessId,
      InheritedFromUniqueProcessId: ex.UniqueProcessId,
    });
    expect(out(r, 'ReturnLength')).toBe(0x30);
  });
  it('image names (NT device path and Win32), session, protection, BreakOnTermination, handle count', () => {
    const nt = query(PROCESSINFOCLASS.ProcessImageFileName, 0x200);
    const name = '\\Device\\HarddiskVolume3\\Windows\\System32\\notepad.exe';
    expect(out(nt, 'ProcessInformation')).toEqual({
      Length: name.length * 2,
      MaximumLength: name.length * 2 + 2,
      Buffer: name,
    });
    expect(out(nt, 'ReturnLength')).toBe(16 + name.length * 2 + 2);
    expect(out(query(PROCESSINFOCLASS.ProcessImageFileNameWin32), 'ProcessInformation')).toMatchObject({
      Buffer: 'C:\\Windows\\System32\\notepad.exe',
    });
    expect(out(query(PROCESSINFOCLASS.ProcessSessionInformation, 4), 'ProcessInformation')).toEqual({
      SessionId: 1,
    });
    expect(out(query(PROCESSINFOCLASS.ProcessProtectionInformation, 1), 'ProcessInformation')).toBe(0);
    expect(out(query(PROCESSINFOCLASS.ProcessBreakOnTermination, 4), 'ProcessInformation')).toBe(0);
    target.Flags |= PS_PROCESS_FLAGS_BREAK_ON_TERMINATION;
    expect(out(query(PROCESSINFOCLASS.ProcessBreakOnTermination, 4), 'ProcessInformation')).toBe(1);
    target.Flags &= ~PS_PROCESS_FLAGS_BREAK_ON_TERMINATION;
    expect(out(query(PROCESSINFOCLASS.ProcessHandleCount, 4), 'ProcessInformation')).toBe(
      target.ObjectTable!.handleCount,
    );
    // The System process: protection 0x72 and an empty image name.
    const sys = m.sys(ex, 'NtOpenProcess', {
      DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: 4 },
    });
    expect(sys.status).toBe(STATUS.ACCESS_DENIED); // explorer may not open System at all
    const k = m.b.kernel;
    const kh = k.services.KiSystemService({
      service: 'NtOpenProcess',
      args: {
        DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: 4 },
      },
      previousMode: KernelMode,
      context: k.caller(ex),
    });
    const h = out(kh, 'ProcessHandle');
    expect(out(query(PROCESSINFOCLASS.ProcessProtectionInformation, 1, h), 'ProcessInformation')).toBe(0x72);
    expect(out(query(PROCESSINFOCLASS.ProcessImageFileName, 16, h), 'ProcessInformation')).toEqual({
      Length: 0,
      MaximumLength: 0,
      Buffer: '',
    });
  });
  it('wrong length, unknown class, missing right: the statuses Windows gives, in its order', () => {
    const q = m.sys(ex, 'NtOpenProcess', {
      DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: target.UniqueProcessId },
    });
    const limited = out(q, 'ProcessHandle');
    const before = m.counts();
    expect(query(PROCESSINFOCLASS.ProcessBasicInformation, 0x2c).status).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(query(PROCESSINFOCLASS.ProcessBasicInformation, 0x2c, 0x7ff0).status).toBe(
      STATUS.INFO_LENGTH_MISMATCH,
    );
    expect(query(9999, 8, 0x7ff0).status).toBe(STATUS.INVALID_INFO_CLASS);
    const short = query(PROCESSINFOCLASS.ProcessImageFileName, 16);
    expect(short.status).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(out(short, 'ReturnLength')).toBeGreaterThan(16);
    expect(query(PROCESSINFOCLASS.ProcessBasicInformation, 0x30, limited).status).toBe(STATUS.SUCCESS);
    // ProcessDebugPort needs PROCESS_QUERY_INFORMATION.
    expect(query(PROCESSINFOCLASS.ProcessDebugPort, 8, limited).status).toBe(STATUS.ACCESS_DENIED);
    expect(query(PROCESSINFOCLASS.ProcessDebugPort, 8).status).toBe(STATUS.SUCCESS);
    expect(query(PROCESSINFOCLASS.ProcessBasicInformation, 0x30, 0x7ff0).status).toBe(STATUS.INVALID_HANDLE);
    expect(m.counts()).toEqual(before);
    expect(PROCESS_QUERY_INFORMATION).toBe(0x400);
  });
  it('the exit status once the process has exited', () => {
    m.sys(ex, 'NtTerminateProcess', { ProcessHandle: child.ProcessHandle, ExitStatus: 0xc0000005 });
    const info = out<{ ExitStatus: number }>(
      query(PROCESSINFOCLASS.ProcessBasicInformation),
      'ProcessInformation',
    );
    expect(info.ExitStatus).toBe(0xc0000005);
  });
});
