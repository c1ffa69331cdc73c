import { KernelMode, UserMode } from '../../src/kernel/se/index.js';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { resolveField } from '../../src/base/layout/index.js';
import {
  PROCESS_QUERY_LIMITED_INFORMATION,
  THREAD_QUERY_LIMITED_INFORMATION,
  THREAD_SUSPEND_RESUME,
} from '../../src/kernel/se/index.js';
import { bootedMachine, NtCurrentProcess, NtCurrentThread, out } from './support.js';

describe('NtSuspendThread / NtResumeThread', () => {
  it('counts suspensions (previous count out) up to MAXIMUM_SUSPEND_COUNT, then SUSPEND_COUNT_EXCEEDED', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const child = m.spawn(ex);
    const thread = child.process!.threads[0]!;
    const suspend = () => m.sys(ex, 'NtSuspendThread', { ThreadHandle: child.ThreadHandle });
    const resume = () => m.sys(ex, 'NtResumeThread', { ThreadHandle: child.ThreadHandle });
    expect(thread.SuspendCount).toBe(1); // created suspended
    expect(out(suspend(), 'PreviousSuspendCount')).toBe(1);
    expect(out(suspend(), 'PreviousSuspendCount')).toBe(2);
    expect(out(resume(), 'PreviousSuspendCount')).toBe(3);
    while (thread.SuspendCount < 127) expect(suspend().status).toBe(STATUS.SUCCESS);
    const over = suspend();
    expect(over.status).toBe(STATUS.SUSPEND_COUNT_EXCEEDED);
    expect(thread.SuspendCount).toBe(127);
    while (thread.SuspendCount > 0) expect(resume().status).toBe(STATUS.SUCCESS);
    expect(thread.State).toBe('Ready');
    const again = resume();
    expect([again.status, out(again, 'PreviousSuspendCount')]).toEqual([STATUS.SUCCESS, 0]);
  });
  it('needs THREAD_SUSPEND_RESUME; a terminated thread cannot be suspended', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const child = m.spawn(ex);
    const tid = child.process!.threads[0]!.Cid.UniqueThread;
    const limited = m.sys(ex, 'NtOpenThread', {
      DesiredAccess: THREAD_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: 0, UniqueThread: tid },
    });
    const before = m.counts();
    expect(m.sys(ex, 'NtSuspendThread', { ThreadHandle: out(limited, 'ThreadHandle') }).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(m.sys(ex, 'NtResumeThread', { ThreadHandle: 0x7ff0 }).status).toBe(STATUS.INVALID_HANDLE);
    expect(m.sys(ex, 'NtSuspendThread', { ThreadHandle: child.ProcessHandle }).status).toBe(
      STATUS.OBJECT_TYPE_MISMATCH,
    );
    expect(m.counts()).toEqual(before);
    expect(m.sys(ex, 'NtTerminateThread', { ThreadHandle: child.ThreadHandle, ExitStatus: 3 }).status).toBe(
      STATUS.SUCCESS,
    );
    const r = m.sys(ex, 'NtSuspendThread', { ThreadHandle: child.ThreadHandle });
    expect([r.status, out(r, 'PreviousSuspendCount')]).toEqual([STATUS.THREAD_IS_TERMINATING, 0]);
    // The last thread's exit ended the process with its status.
    expect(child.process!.exited).toBe(true);
    expect(child.process!.ExitStatus).toBe(3);
    expect(THREAD_SUSPEND_RESUME).toBe(2);
  });
});

describe('NtCreateThreadEx', () => {
  it('makes a thread with a TEB, a TID and a handle, suspended on request', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const child = m.spawn(ex);
    const process = child.process!;
    const attributes: Record<string, unknown> = {};
    const r = m.sys(ex, 'NtCreateThreadEx', {
      DesiredAccess: 0x1fffff,
      ObjectAttributes: null,
      ProcessHandle: child.ProcessHandle,
      StartRoutine: process.SectionBaseAddress + 0x1000,
      CreateFlags: 1,
      AttributeList: attributes,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const thread = process.threads[1]!;
    expect(attributes.ClientId).toEqual(thread.Cid);
    expect(attributes.TebAddress).toBe(thread.Teb);
    expect(thread.SuspendCount).toBe(1);
    expect(thread.Win32StartAddress).toBe(process.SectionBaseAddress + 0x1000);
    const L = m.b.kernel.mm.layout;
    const as = process.addressSpace!;
    expect(as.ptr(thread.Teb + resolveField(L, '_TEB', 'ProcessEnvironmentBlock').offset)).toBe(process.Peb);
    expect(as.ptr(thread.Teb + resolveField(L, '_TEB', 'ClientId').offset + 8)).toBe(thread.Cid.UniqueThread);
    // In its own process through NtCurrentProcess().
    expect(
      m.sys(ex, 'NtCreateThreadEx', {
        DesiredAccess: 0x1fffff,
        ProcessHandle: NtCurrentProcess,
        StartRoutine: 1,
      }).status,
    ).toBe(STATUS.SUCCESS);
    expect(ex.threads.length).toBe(2);
  });
  it('validates flags and PROCESS_CREATE_THREAD, and leaves nothing behind on failure', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const child = m.spawn(ex);
    const limited = m.sys(ex, 'NtOpenProcess', {
      DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: child.process!.UniqueProcessId },
    });
    const before = m.counts();
    const create = (args: Record<string, unknown>) =>
      m.sys(ex, 'NtCreateThreadEx', { DesiredAccess: 0x1fffff, ProcessHandle: child.ProcessHandle, ...args })
        .status;
    expect(create({ CreateFlags: 0x80 })).toBe(STATUS.INVALID_PARAMETER);
    expect(create({ ProcessHandle: out(limited, 'ProcessHandle') })).toBe(STATUS.ACCESS_DENIED);
    expect(create({ ProcessHandle: child.ThreadHandle })).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(create({ ProcessHandle: 0 })).toBe(STATUS.INVALID_HANDLE);
    expect(create({ ObjectAttributes: { Attributes: 0x80000 } })).toBe(STATUS.INVALID_PARAMETER);
    expect(m.counts()).toEqual(before);
    // An exited process takes no more threads.
    m.sys(ex, 'NtTerminateProcess', { ProcessHandle: child.ProcessHandle, ExitStatus: 0 });
    const after = m.counts();
    expect(create({})).toBe(STATUS.PROCESS_IS_TERMINATING);
    expect(m.counts()).toEqual(after);
  });
});

describe('NtTerminateThread / NtTerminateProcess', () => {
  it('NULL handle: the caller is its process’s last thread → STATUS_CANT_TERMINATE_SELF', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    expect(m.sys(ex, 'NtTerminateThread', { ThreadHandle: 0, ExitStatus: 1 }).status).toBe(
      STATUS.CANT_TERMINATE_SELF,
    );
    expect(ex.exited).toBe(false);
    // With a second thread the NULL handle ends the caller only.
    m.sys(ex, 'NtCreateThreadEx', {
      DesiredAccess: 0x1fffff,
      ProcessHandle: NtCurrentProcess,
      StartRoutine: 1,
    });
    expect(m.sys(ex, 'NtTerminateThread', { ThreadHandle: 0, ExitStatus: 5 }).status).toBe(STATUS.SUCCESS);
    expect(ex.threads.map((t) => t.State)).toEqual(['Terminated', 'Ready']);
    expect(ex.exited).toBe(false);
    // NtCurrentThread() from the last thread ends the process with that status.
    expect(m.sys(ex, 'NtTerminateThread', { ThreadHandle: NtCurrentThread, ExitStatus: 9 }).status).toBe(
      STATUS.SUCCESS,
    );
    expect([ex.exited, ex.ExitStatus]).toEqual([true, 9]);
  });
  it('terminates by handle (PROCESS_TERMINATE); a second time is STATUS_PROCESS_IS_TERMINATING', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const child = m.spawn(ex);
    const query = m.sys(ex, 'NtOpenProcess', {
      DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: child.process!.UniqueProcessId },
    });
    expect(
      m.sys(ex, 'NtTerminateProcess', { ProcessHandle: out(query, 'ProcessHandle'), ExitStatus: 1 }).status,
    ).toBe(STATUS.ACCESS_DENIED);
    const active = m.b.kernel.ps.activeProcesses.length;
    expect(
      m.sys(ex, 'NtTerminateProcess', { ProcessHandle: child.ProcessHandle, ExitStatus: 0x2a }).status,
    ).toBe(STATUS.SUCCESS);
    expect(m.b.kernel.ps.activeProcesses.length).toBe(active - 1);
    expect(child.process!.threads[0]!.State).toBe('Terminated');
    expect(
      m.sys(ex, 'NtTerminateProcess', { ProcessHandle: child.ProcessHandle, ExitStatus: 0 }).status,
    ).toBe(STATUS.PROCESS_IS_TERMINATING);
    // System threads cannot be terminated from outside, even with the right.
    const k = m.b.kernel;
    const sys = k.systemProcess;
    const t = k.services.KiSystemService({
      service: 'NtOpenThread',
      args: { DesiredAccess: 0x1fffff, ObjectAttributes: {}, ClientId: { UniqueThread: 8 } },
      previousMode: KernelMode,
      context: k.caller(ex),
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    expect(sys.threads[0]!.Cid.UniqueThread).toBe(8);
    expect(
      k.services.KiSystemService({
        service: 'NtTerminateThread',
        args: { ThreadHandle: out(t, 'ThreadHandle'), ExitStatus: 0 },
        previousMode: UserMode,
        context: k.caller(ex),
      }).status,
    ).toBe(STATUS.ACCESS_DENIED);
  });
  it('NULL process handle: the caller’s other threads end, the caller goes on', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    m.sys(ex, 'NtCreateThreadEx', {
      DesiredAccess: 0x1fffff,
      ProcessHandle: NtCurrentProcess,
      StartRoutine: 1,
    });
    expect(m.sys(ex, 'NtTerminateProcess', { ProcessHandle: 0, ExitStatus: 4 }).status).toBe(STATUS.SUCCESS);
    expect(ex.threads.map((t) => t.State)).toEqual(['Ready', 'Terminated']);
    expect(ex.exited).toBe(false);
  });
});
