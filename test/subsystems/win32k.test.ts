import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  PsConvertToGuiThread,
  PsEstablishWin32Callouts,
  PsGetThreadWin32Thread,
  PsIsGuiThread,
  STATUS_ALREADY_WIN32,
} from '../../src/kernel/ps/index.js';
import { KernelMode, UserMode } from '../../src/kernel/se/index.js';
import { Win32k } from '../../src/subsystems/index.js';
import { bootedMachine } from '../kernel/support.js';

function gui() {
  const m = bootedMachine();
  const k = m.b.kernel;
  const win32k = new Win32k({ trace: k.trace });
  PsEstablishWin32Callouts(k.ps, win32k.callouts());
  const child = m.spawn(m.b.explorer).process!;
  return { m, k, win32k, child };
}

describe('PsConvertToGuiThread and win32k’s W32pProcessCallout', () => {
  it('makes the W32PROCESS and DXGPROCESS once, and gives the thread its W32THREAD', () => {
    const { k, win32k, child } = gui();
    expect(child.Win32Process).toBeNull();
    const thread = child.threads[0]!;
    expect(PsConvertToGuiThread(k.ps, { process: child, thread, previousMode: UserMode })).toBe(
      STATUS.SUCCESS,
    );
    expect(win32k.processInitializations).toBe(1);
    const [w32] = win32k.processes();
    expect(child.Win32Process).toBe(w32);
    expect(w32).toMatchObject({ W32Pid: child.UniqueProcessId, SessionId: 1, RefCount: 1 });
    expect(child.DxgProcess).toBe(win32k.dxgProcesses()[0]);
    expect(child.DxgProcess).toMatchObject({ ProcessId: child.UniqueProcessId, SessionId: 1 });
    expect(PsIsGuiThread(thread)).toBe(true);
    const w32thread = PsGetThreadWin32Thread(thread);
    expect(w32thread).toMatchObject({ pEThread: thread, ppi: w32 });
    expect(w32!.threads).toEqual([w32thread]);
    expect(win32k.processes(0)).toEqual([]);
    expect(win32k.processes(1)).toEqual([w32]);
  });

  it('a second conversion does nothing: the same thread is ALREADY_WIN32, a new thread skips the process callout', () => {
    const { m, k, win32k, child } = gui();
    const first = child.threads[0]!;
    const caller = { process: child, thread: first, previousMode: UserMode } as const;
    expect(PsConvertToGuiThread(k.ps, caller)).toBe(STATUS.SUCCESS);
    const w32 = child.Win32Process;
    const dxg = child.DxgProcess;
    expect(PsConvertToGuiThread(k.ps, caller)).toBe(STATUS_ALREADY_WIN32);
    expect(
      m.sys(child, 'NtCreateThreadEx', {
        DesiredAccess: 0x1fffff,
        ProcessHandle: -1,
        StartRoutine: 1,
        CreateFlags: 1,
      }).status,
    ).toBe(STATUS.SUCCESS);
    const second = child.threads[1]!;
    expect(PsConvertToGuiThread(k.ps, { process: child, thread: second, previousMode: UserMode })).toBe(
      STATUS.SUCCESS,
    );
    expect(win32k.processInitializations).toBe(1);
    expect(child.Win32Process).toBe(w32);
    expect(child.DxgProcess).toBe(dxg);
    expect((w32 as { threads: unknown[] }).threads).toHaveLength(2);
    expect(PsGetThreadWin32Thread(second)).not.toBe(PsGetThreadWin32Thread(first));
  });

  it('refuses kernel-mode callers, and fails without win32k', () => {
    const m = bootedMachine();
    const k = m.b.kernel;
    const child = m.spawn(m.b.explorer).process!;
    const thread = child.threads[0]!;
    expect(PsConvertToGuiThread(k.ps, { process: child, thread, previousMode: UserMode })).toBe(
      STATUS.ACCESS_DENIED,
    );
    const win32k = new Win32k({ trace: k.trace });
    PsEstablishWin32Callouts(k.ps, win32k.callouts());
    expect(PsConvertToGuiThread(k.ps, { process: child, thread, previousMode: KernelMode })).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(child.Win32Process).toBeNull();
    expect(PsIsGuiThread(thread)).toBe(false);
  });

  it('a failing process callout leaves the process and thread as they were', () => {
    const m = bootedMachine();
    const k = m.b.kernel;
    PsEstablishWin32Callouts(k.ps, {
      ProcessCallout: () => ({ status: STATUS.NO_MEMORY }),
      ThreadCallout: () => ({ status: STATUS.SUCCESS }),
    });
    const child = m.spawn(m.b.explorer).process!;
    const thread = child.threads[0]!;
    expect(PsConvertToGuiThread(k.ps, { process: child, thread, previousMode: UserMode })).toBe(
      STATUS.NO_MEMORY,
    );
    expect(child.Win32Process).toBeNull();
    expect(PsIsGuiThread(thread)).toBe(false);
  });

  it('a failing thread callout puts the thread back on the plain service table', () => {
    const m = bootedMachine();
    const k = m.b.kernel;
    const win32k = new Win32k({ trace: k.trace });
    const callouts = win32k.callouts();
    PsEstablishWin32Callouts(k.ps, { ...callouts, ThreadCallout: () => ({ status: STATUS.NO_MEMORY }) });
    const child = m.spawn(m.b.explorer).process!;
    const thread = child.threads[0]!;
    expect(PsConvertToGuiThread(k.ps, { process: child, thread, previousMode: UserMode })).toBe(
      STATUS.NO_MEMORY,
    );
    expect(PsIsGuiThread(thread)).toBe(false);
    expect(PsGetThreadWin32Thread(thread)).toBeNull();
    // The process part stays done (as on Windows: Win32Process is not undone).
    expect(child.Win32Process).not.toBeNull();
  });

  it('W32pProcessCallout(Initialize = FALSE) frees the records', () => {
    const { k, win32k, child } = gui();
    PsConvertToGuiThread(k.ps, { process: child, thread: child.threads[0]!, previousMode: UserMode });
    expect(win32k.W32pProcessCallout(child, false).status).toBe(STATUS.SUCCESS);
    expect(win32k.processes()).toEqual([]);
    expect(win32k.dxgProcesses()).toEqual([]);
  });
});
