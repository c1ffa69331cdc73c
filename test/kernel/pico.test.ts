import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  PS_PICO_PROVIDER_ROUTINES_SIZE,
  PS_PICO_ROUTINES_SIZE,
  PS_PROCESS_FLAGS2_PICO_CREATED,
  PS_PROCESS_FLAGS3_MINIMAL,
  PsGetPicoProviderRoutines,
  PsIsPicoProcess,
  PsRegisterPicoProvider,
  PspDisablePicoProviderRegistration,
  type PS_PICO_PROVIDER_ROUTINES,
  type PS_PICO_ROUTINES,
} from '../../src/kernel/ps/index.js';
import { KernelMode, UserMode } from '../../src/kernel/se/index.js';
import { Kernel } from '../../src/kernel/kernel.js';
import { bootMachine } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';
import {
  LX_OPEN_PROCESS_ALLOWED,
  LX_SYSCALL,
  LxCreateProcess,
  LxGetDriver,
  LxProcessView,
} from '../../src/system/drivers/index.js';

// Reference §6 (PS_PICO_PROVIDER_ROUTINES / PS_PICO_ROUTINES, PsRegisterPicoProvider's rules);
// lxmonika picosupport.cpp (the order of the checks, the member names, STATUS_TOO_LATE).

function provider(over: Partial<PS_PICO_PROVIDER_ROUTINES> = {}): PS_PICO_PROVIDER_ROUTINES {
  return {
    Size: PS_PICO_PROVIDER_ROUTINES_SIZE,
    DispatchSystemCall: (info) => {
      info.TrapFrame.Rax = 7;
    },
    ExitThread: () => {},
    ExitProcess: () => {},
    DispatchException: () => false,
    TerminateProcess: () => STATUS.SUCCESS,
    WalkUserStack: () => 0,
    ProtectedRanges: [],
    GetAllocatedProcessImageName: null,
    OpenProcess: 0x1fffff,
    OpenThread: 0x1fffff,
    SubsystemInformationType: 1,
    ...over,
  };
}

function freshKernel(): Kernel {
  const m = Machine.assemble();
  return new Kernel({ namespace: m.namespace, registry: m.registry, apiSetSchema: null });
}

describe('PsRegisterPicoProvider', () => {
  it('checks both sizes (0x58, 0x60): STATUS_INFO_LENGTH_MISMATCH, and nothing is registered', () => {
    const k = freshKernel();
    const routines: { Size: number } & Partial<PS_PICO_ROUTINES> = { Size: PS_PICO_ROUTINES_SIZE };
    expect(PsRegisterPicoProvider(k.ps, provider({ Size: 0x40 }), routines)).toBe(
      STATUS.INFO_LENGTH_MISMATCH,
    );
    expect(PsRegisterPicoProvider(k.ps, provider(), { Size: 0x58 })).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(routines.CreateProcess).toBeUndefined();
    expect(PsGetPicoProviderRoutines(k.ps)).toBeNull();
  });

  it('OpenProcess/OpenThread outside PROCESS_ALL_ACCESS/THREAD_ALL_ACCESS: STATUS_INVALID_PARAMETER', () => {
    const k = freshKernel();
    const r = { Size: PS_PICO_ROUTINES_SIZE };
    expect(PsRegisterPicoProvider(k.ps, provider({ OpenProcess: 0x10000000 }), r)).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(PsRegisterPicoProvider(k.ps, provider({ OpenThread: 0x00200000 }), r)).toBe(
      STATUS.INVALID_PARAMETER,
    );
  });

  it('fills PS_PICO_ROUTINES; a second provider, or one after the window, gets STATUS_TOO_LATE', () => {
    const k = freshKernel();
    const r: { Size: number } & Partial<PS_PICO_ROUTINES> = { Size: PS_PICO_ROUTINES_SIZE };
    expect(PsRegisterPicoProvider(k.ps, provider(), r)).toBe(STATUS.SUCCESS);
    for (const f of [
      'CreateProcess',
      'CreateThread',
      'GetProcessContext',
      'GetThreadContext',
      'GetContextThreadInternal',
      'SetContextThreadInternal',
      'TerminateThread',
      'ResumeThread',
      'SetThreadDescriptorBase',
      'SuspendThread',
      'TerminateProcess',
    ] as const)
      expect(typeof r[f]).toBe('function');
    expect(PsRegisterPicoProvider(k.ps, provider(), { Size: PS_PICO_ROUTINES_SIZE })).toBe(STATUS.TOO_LATE);
    const late = freshKernel();
    PspDisablePicoProviderRegistration(late.ps);
    expect(PsRegisterPicoProvider(late.ps, provider(), { Size: PS_PICO_ROUTINES_SIZE })).toBe(
      STATUS.TOO_LATE,
    );
    // The sizes are checked before the window (lxmonika probes the sizes on a closed window).
    expect(PsRegisterPicoProvider(late.ps, provider({ Size: 0 }), { Size: 0x60 })).toBe(
      STATUS.INFO_LENGTH_MISMATCH,
    );
  });

  it('after boot the window is closed', () => {
    const b = bootMachine(Machine.assemble(), { mode: 'minimal' });
    expect(PsRegisterPicoProvider(b.kernel.ps, provider(), { Size: PS_PICO_ROUTINES_SIZE })).toBe(
      STATUS.TOO_LATE,
    );
    expect(LxGetDriver(b.kernel)).toBeNull(); // no WSL on the default machine
  });
});

describe('pico processes (PspCreatePicoProcess, PspCreatePicoThread, system calls)', () => {
  const setup = () => {
    const k = freshKernel();
    let seen: number[] = [];
    const r: { Size: number } & Partial<PS_PICO_ROUTINES> = { Size: PS_PICO_ROUTINES_SIZE };
    expect(
      PsRegisterPicoProvider(
        k.ps,
        provider({
          DispatchSystemCall: (info) => {
            seen = [info.TrapFrame.Rax, info.TrapFrame.Rdi];
            info.TrapFrame.Rax = -38;
          },
        }),
        r,
      ),
    ).toBe(STATUS.SUCCESS);
    return { k, routines: r as PS_PICO_ROUTINES, seen: () => seen };
  };

  it('a minimal process with the provider context, Flags2.PicoCreated and kind pico; its thread is minimal', () => {
    const { k, routines } = setup();
    const caller = k.caller(k.systemProcess, KernelMode);
    const ctx = { mine: true };
    const p = routines.CreateProcess(
      caller,
      { ParentProcess: -1, Context: ctx },
      { ImageName: '/usr/bin/hello' },
    );
    expect(p.status).toBe(STATUS.SUCCESS);
    const proc = p.process!;
    expect([proc.kind, proc.ImageFileName, proc.Peb, proc.ntdllView]).toEqual(['pico', 'hello', 0, null]);
    expect(proc.Flags2 & PS_PROCESS_FLAGS2_PICO_CREATED).toBe(1 << 10);
    expect(proc.Flags3 & PS_PROCESS_FLAGS3_MINIMAL).toBe(1);
    expect(PsIsPicoProcess(proc)).toBe(true);
    expect(routines.GetProcessContext(proc)).toBe(ctx);
    const tctx = { thread: 1 };
    const t = routines.CreateThread(caller, {
      Process: p.ProcessHandle!,
      StartRoutine: 0x1000,
      Context: tctx,
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    const thread = t.thread!;
    expect([thread.Minimal, thread.Teb, thread.State, thread.SuspendCount]).toEqual([true, 0, 'Waiting', 1]);
    expect(routines.GetThreadContext(thread)).toBe(tctx);
    expect(routines.ResumeThread(thread)).toEqual({ status: STATUS.SUCCESS, PreviousSuspendCount: 1 });
    expect(routines.SuspendThread(thread)).toEqual({ status: STATUS.SUCCESS, PreviousSuspendCount: 0 });
    expect(routines.GetContextThreadInternal(thread)).toBe(STATUS.NOT_IMPLEMENTED);
    expect(routines.TerminateProcess(proc, 3)).toBe(STATUS.SUCCESS);
    expect([proc.exited, proc.ExitStatus]).toEqual([true, 3]);
    expect(routines.TerminateProcess(proc, 3)).toBe(STATUS.PROCESS_IS_TERMINATING);
  });

  it('checks its arguments: flags, CLONE_PARENT, the parent handle, a non-pico process for threads', () => {
    const { k, routines } = setup();
    const caller = k.caller(k.systemProcess, KernelMode);
    expect(routines.CreateProcess(caller, { ParentProcess: -1, Context: null, Flags: 0x20 }).status).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(routines.CreateProcess(caller, { ParentProcess: -1, Context: null, Flags: 0x1 }).status).toBe(
      STATUS.NOT_IMPLEMENTED,
    );
    expect(routines.CreateProcess(caller, { ParentProcess: 0x7ff0, Context: null }).status).toBe(
      STATUS.INVALID_HANDLE,
    );
    expect(routines.CreateThread(caller, { Process: -1, StartRoutine: 0, Context: null }).status).toBe(
      STATUS.INVALID_PARAMETER,
    );
  });

  it('system calls of a pico thread go to DispatchSystemCall; other threads reach KiServiceTable', () => {
    const { k, routines, seen } = setup();
    const caller = k.caller(k.systemProcess, KernelMode);
    const p = routines.CreateProcess(caller, { ParentProcess: -1, Context: null }, { ImageName: '/bin/x' });
    const t = routines.CreateThread(caller, { Process: p.ProcessHandle!, StartRoutine: 0, Context: null });
    const r = k.services.KiSystemService({
      service: 1,
      args: { Rdi: 2 },
      previousMode: UserMode,
      context: { process: p.process!, thread: t.thread!, previousMode: UserMode },
    });
    expect(r).toEqual({ status: STATUS.SUCCESS, out: { Rax: -38 } });
    expect(seen()).toEqual([1, 2]);
  });
});

describe('lxcore (WSL 1 in miniature)', () => {
  it('registers at boot with settings.wsl, starts init and the program as pico processes', () => {
    const b = bootMachine(Machine.assemble({ settings: { wsl: true } }));
    const lx = LxGetDriver(b.kernel)!;
    expect(lx).not.toBeNull();
    const r = LxCreateProcess(lx, b.explorer, '/bin/hello', ['hello']);
    expect(r.status).toBe(STATUS.SUCCESS);
    const init = b.kernel.ps.activeProcesses.find((p) => p.ImageFileName === 'init')!;
    expect(init.InheritedFromUniqueProcessId).toBe(b.explorer.UniqueProcessId);
    expect(r.process!.InheritedFromUniqueProcessId).toBe(init.UniqueProcessId);
    expect(LxProcessView(r.process!)).toMatchObject({ linuxPid: 2, linuxParentPid: 1, stdout: '' });
    // Windows code opening it from user mode gets at most lxcore's allowed rights.
    const open = (access: number) =>
      b.kernel.services.KiSystemService({
        service: 'NtOpenProcess',
        args: {
          DesiredAccess: access,
          ObjectAttributes: {},
          ClientId: { UniqueProcess: r.process!.UniqueProcessId },
        },
        previousMode: UserMode,
        context: b.kernel.caller(b.explorer),
      });
    expect(open(0x1000).status).toBe(STATUS.SUCCESS);
    expect(open(0x10).status).toBe(STATUS.ACCESS_DENIED); // PROCESS_VM_READ
    const max = open(0x02000000);
    expect(max.status).toBe(STATUS.SUCCESS);
    const h = (max.out as { ProcessHandle: number }).ProcessHandle;
    expect(b.explorer.ObjectTable!.lookup(h)!.grantedAccess & ~LX_OPEN_PROCESS_ALLOWED).toBe(0);
  });
});

describe('lxcore system calls (property)', () => {
  it('any number and registers from a pico thread: lxcore answers, unknown numbers -ENOSYS, nothing else changes', () => {
    const b = bootMachine(Machine.assemble({ settings: { wsl: true } }), { mode: 'minimal' });
    const lx = LxGetDriver(b.kernel)!;
    const r = LxCreateProcess(lx, b.explorer, '/bin/prop', ['prop']);
    const known = new Set(Object.values(LX_SYSCALL));
    const handles = () => b.kernel.ps.activeProcesses.map((p) => p.ObjectTable?.handleCount ?? -1);
    const before = handles();
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 0xffff })
          .filter((n) => !known.has(n) || n === 39 || n === 110 || n === 186),
        fc.array(fc.integer({ min: -1, max: 0x7fffffff }), { maxLength: 6 }),
        (number, regs) => {
          const names = ['Rdi', 'Rsi', 'Rdx', 'R10', 'R8', 'R9'];
          const args = Object.fromEntries(regs.map((v, i) => [names[i]!, v]));
          const out = b.kernel.services.KiSystemService({
            service: number,
            args,
            previousMode: UserMode,
            context: { process: r.process!, thread: r.thread!, previousMode: UserMode },
          });
          const rax = (out.out as { Rax: number }).Rax;
          expect(out.status).toBe(STATUS.SUCCESS);
          if (!known.has(number)) expect(rax).toBe(-38);
          else expect(rax).toBeGreaterThan(0);
          expect(handles()).toEqual(before);
        },
      ),
      { seed: 8, numRuns: 300 },
    );
  });
});
