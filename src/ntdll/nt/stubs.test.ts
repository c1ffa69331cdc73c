import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  SystemServiceTable,
  createSyscallGate,
  type ServiceArgs,
  type SyscallGate,
} from '../../kernel/syscalls/index.js';
import { NT_STUB_DECLARATIONS, type NtStubName } from './declarations.js';
import { createNtStubs, ntStubServiceNumber, ntStubTraceLabel } from './stubs.js';

function recordingGate(): { gate: SyscallGate; calls: [number, ServiceArgs][] } {
  const calls: [number, ServiceArgs][] = [];
  return { calls, gate: { syscall: (n, a) => (calls.push([n, a]), { status: STATUS.SUCCESS }) } };
}

describe('NtStubs', () => {
  it('declares only services of KiServiceTable, each parameter once', () => {
    for (const [name, params] of Object.entries(NT_STUB_DECLARATIONS)) {
      expect(() => ntStubServiceNumber(name as NtStubName)).not.toThrow();
      expect(new Set(params).size).toBe(params.length);
    }
  });
  it('loads the 22H2 service number and passes the argument record through the gate', () => {
    const { gate, calls } = recordingGate();
    const nt = createNtStubs(gate);
    nt.NtClose({ Handle: 4 });
    nt.NtCreateUserProcess({ ProcessFlags: 0, ThreadFlags: 1 });
    nt.NtCreateThreadEx({ ProcessHandle: -1 });
    nt.NtOpenProcessToken();
    expect(calls).toEqual([
      [0x0f, { Handle: 4 }],
      [0xc9, { ProcessFlags: 0, ThreadFlags: 1 }],
      [0xc2, { ProcessHandle: -1 }],
      [0x129, {}],
    ]);
  });
  it('calls the hook before and after the crossing, with the label the trace prints', () => {
    const log: string[] = [];
    const gate: SyscallGate = {
      syscall: (n) => (log.push(`syscall 0x${n.toString(16)}`), { status: STATUS.ACCESS_DENIED }),
    };
    const nt = createNtStubs(gate, {
      before: (e) => log.push(`before ${e.name} ${e.number}`),
      after: (e, r) => log.push(`after ${e.name} 0x${r.status.toString(16)}`),
    });
    expect(nt.NtOpenProcess({ DesiredAccess: 0x1000 })).toEqual({ status: 0xc0000022 });
    expect(log).toEqual(['before NtOpenProcess 38', 'syscall 0x26', 'after NtOpenProcess 0xc0000022']);
    expect(ntStubTraceLabel('NtCreateUserProcess')).toBe(
      'ntdll!NtCreateUserProcess → syscall 0x0C9 → nt!NtCreateUserProcess',
    );
    expect(ntStubTraceLabel('NtClose')).toBe('ntdll!NtClose → syscall 0x00F → nt!NtClose');
  });
  it('reaches a kernel handler through the real table and gate', () => {
    const table = new SystemServiceTable<{ tid: number }>();
    table.register<{ Handle?: number }>('NtClose', (call) =>
      call.args.Handle === 4 ? STATUS.SUCCESS : STATUS.INVALID_HANDLE,
    );
    const nt = createNtStubs(createSyscallGate(table, () => ({ tid: 8 })));
    expect(nt.NtClose({ Handle: 4 })).toEqual({ status: 0 });
    expect(nt.NtClose({ Handle: 5 })).toEqual({ status: 0xc0000008 });
    expect(nt.NtCreateUserProcess()).toEqual({ status: 0xc0000002 });
  });
});
