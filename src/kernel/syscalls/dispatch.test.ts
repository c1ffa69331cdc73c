import { KernelMode, UserMode } from './types.js';
import { describe, expect, it } from 'vitest';
import { ModelError, NtStatusError, STATUS } from '../../base/index.js';
import { SystemServiceTable, type SystemServiceRoute, type SystemServiceTrap } from './dispatch.js';
import { createSyscallGate } from './gate.js';

interface Thread {
  tid: number;
  pico?: boolean;
}
const T8: Thread = { tid: 8 };

function tableWithClose(): SystemServiceTable<Thread> {
  const table = new SystemServiceTable<Thread>();
  table.register<{ Handle?: number }>('NtClose', (call) =>
    call.args.Handle === 4
      ? { status: STATUS.SUCCESS, out: { closed: call.args.Handle } }
      : STATUS.INVALID_HANDLE,
  );
  return table;
}

describe('KiSystemService', () => {
  it('dispatches by number and by name to the registered handler, with mode and caller', () => {
    const table = new SystemServiceTable<Thread>();
    const seen: unknown[] = [];
    table.register('NtClose', (call) => {
      seen.push([call.number, call.name, call.args, call.previousMode, call.context]);
      return STATUS.SUCCESS;
    });
    const args = { Handle: 4 };
    expect(table.KiSystemService({ service: 0x0f, args, previousMode: UserMode, context: T8 })).toEqual({
      status: STATUS.SUCCESS,
    });
    expect(
      table.KiSystemService({ service: 'NtClose', args, previousMode: KernelMode, context: T8 }),
    ).toEqual({
      status: STATUS.SUCCESS,
    });
    expect(seen).toEqual([
      [0x0f, 'NtClose', args, UserMode, T8],
      [0x0f, 'NtClose', args, KernelMode, T8],
    ]);
  });
  it("returns the handler's status and out values", () => {
    const table = tableWithClose();
    const call = (Handle: number) =>
      table.KiSystemService({ service: 0x0f, args: { Handle }, previousMode: UserMode, context: T8 });
    expect(call(4)).toEqual({ status: STATUS.SUCCESS, out: { closed: 4 } });
    expect(call(8)).toEqual({ status: 0xc0000008 });
  });
  it('gives STATUS_INVALID_SYSTEM_SERVICE (0xC000001C) for a number past KiServiceLimit', () => {
    const table = tableWithClose();
    for (const service of [0x1d9, 0x1000, 0xffffffff, -1, 1.5])
      expect(table.KiSystemService({ service, previousMode: UserMode, context: T8 })).toEqual({
        status: 0xc000001c,
      });
    expect(STATUS.INVALID_SYSTEM_SERVICE).toBe(0xc000001c);
  });
  it('gives STATUS_NOT_IMPLEMENTED (0xC0000002) for a service nobody registered yet', () => {
    const table = tableWithClose();
    expect(table.KiSystemService({ service: 0xc9, previousMode: UserMode, context: T8 })).toEqual({
      status: 0xc0000002,
    });
    expect(table.isRegistered('NtCreateUserProcess')).toBe(false);
    expect(table.isRegistered('NtClose')).toBe(true);
    expect(table.registeredServices()).toEqual(['NtClose']);
  });
  it('turns an NtStatusError thrown by a handler into its status and an unsigned status', () => {
    const table = new SystemServiceTable<Thread>();
    table.register('NtOpenProcess', () => {
      throw new NtStatusError(STATUS.ACCESS_DENIED, 'no');
    });
    table.register('NtOpenThread', () => STATUS.INVALID_PARAMETER | 0);
    const r = (service: string) => table.KiSystemService({ service, previousMode: UserMode, context: T8 });
    expect(r('NtOpenProcess')).toEqual({ status: 0xc0000022 });
    expect(r('NtOpenThread')).toEqual({ status: 0xc000000d });
  });
  it('lets a ModelError from a handler propagate', () => {
    const table = new SystemServiceTable<Thread>();
    table.register('NtClose', () => {
      throw new ModelError('BUG', 'broken');
    });
    expect(() => table.KiSystemService({ service: 'NtClose', previousMode: UserMode, context: T8 })).toThrow(
      ModelError,
    );
  });
  it('rejects unknown names and a second registration (model bugs, not statuses)', () => {
    const table = tableWithClose();
    expect(() => table.register('NtFrobnicate', () => 0)).toThrow(/not a system service/);
    expect(() => table.register('NtClose', () => 0)).toThrow(/already has a handler/);
    expect(() =>
      table.KiSystemService({ service: 'ZwClose', previousMode: KernelMode, context: T8 }),
    ).toThrow(/not a system service/);
  });
});

describe('hooks and alternate dispatch', () => {
  it('runs before hooks in order and after hooks in reverse, around the service', () => {
    const table = new SystemServiceTable<Thread>();
    const log: string[] = [];
    table.register('NtClose', () => {
      log.push('nt!NtClose');
      return STATUS.SUCCESS;
    });
    const hook = (id: string) => ({
      before: (t: SystemServiceTrap<Thread>) => log.push(`${id}.before ${t.name} 0x${t.number.toString(16)}`),
      after: (t: SystemServiceTrap<Thread>, r: { status: number }, route: SystemServiceRoute) =>
        log.push(`${id}.after ${t.name} ${r.status} ${route}`),
    });
    table.addHook(hook('A'));
    const removeB = table.addHook(hook('B'));
    table.KiSystemService({ service: 0x0f, previousMode: UserMode, context: T8 });
    expect(log).toEqual([
      'A.before NtClose 0xf',
      'B.before NtClose 0xf',
      'nt!NtClose',
      'B.after NtClose 0 service',
      'A.after NtClose 0 service',
    ]);
    log.length = 0;
    removeB();
    table.KiSystemService({ service: 0x1d9, previousMode: UserMode, context: T8 });
    table.KiSystemService({ service: 'NtCreateUserProcess', previousMode: UserMode, context: T8 });
    expect(log).toEqual([
      'A.before undefined 0x1d9',
      `A.after undefined ${0xc000001c} invalid`,
      'A.before NtCreateUserProcess 0xc9',
      `A.after NtCreateUserProcess ${0xc0000002} not-implemented`,
    ]);
  });
  it('hands the calls an alternate dispatch claims to it, before the number is checked', () => {
    const table = tableWithClose();
    const routes: SystemServiceRoute[] = [];
    table.addHook({ after: (_t, _r, route) => routes.push(route) });
    table.setAltSystemCallDispatch((trap) =>
      trap.context.pico ? { status: STATUS.SUCCESS, out: { linux: trap.number } } : undefined,
    );
    const pico: Thread = { tid: 12, pico: true };
    expect(table.KiSystemService({ service: 0x9999, previousMode: UserMode, context: pico })).toEqual({
      status: STATUS.SUCCESS,
      out: { linux: 0x9999 },
    });
    expect(table.KiSystemService({ service: 0x9999, previousMode: UserMode, context: T8 })).toEqual({
      status: 0xc000001c,
    });
    table.setAltSystemCallDispatch(undefined);
    expect(table.KiSystemService({ service: 0x9999, previousMode: UserMode, context: pico })).toEqual({
      status: 0xc000001c,
    });
    expect(routes).toEqual(['alt', 'invalid', 'invalid']);
  });
});

describe('createSyscallGate', () => {
  it('enters the table from user mode on behalf of the current thread', () => {
    const table = new SystemServiceTable<Thread>();
    const seen: unknown[] = [];
    table.register('NtClose', (call) => {
      seen.push([call.previousMode, call.context.tid, call.args]);
      return STATUS.SUCCESS;
    });
    let current = T8;
    const gate = createSyscallGate(table, () => current);
    gate.syscall(0x0f, { Handle: 4 });
    current = { tid: 16 };
    gate.syscall(0x0f, { Handle: 8 });
    expect(seen).toEqual([
      [UserMode, 8, { Handle: 4 }],
      [UserMode, 16, { Handle: 8 }],
    ]);
  });
});
