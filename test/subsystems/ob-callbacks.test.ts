import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  OB_FLT_REGISTRATION_VERSION,
  OB_OPERATION_HANDLE_CREATE,
  OB_PREOP_SUCCESS,
  ObRegisterCallbacks,
  ObUnRegisterCallbacks,
  OBJ_KERNEL_HANDLE,
  STATUS_FLT_INSTANCE_ALTITUDE_COLLISION,
  type OB_OPERATION_REGISTRATION,
} from '../../src/kernel/ob/index.js';
import { NtOpenProcess } from '../../src/kernel/ps/index.js';
import { KernelMode } from '../../src/kernel/se/index.js';
import { bootedMachine } from '../kernel/support.js';

const PROCESS_VM_READ = 0x10;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;

function setup() {
  const m = bootedMachine();
  const k = m.b.kernel;
  const child = m.spawn(m.b.explorer).process!;
  const open = (access: number) =>
    m.sys(m.b.explorer, 'NtOpenProcess', {
      DesiredAccess: access,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: child.UniqueProcessId },
    });
  const granted = (handle: number) => m.b.explorer.ObjectTable!.lookup(handle)!.grantedAccess;
  const register = (altitude: string, ops: Partial<OB_OPERATION_REGISTRATION>) =>
    ObRegisterCallbacks(k.ob, {
      Version: OB_FLT_REGISTRATION_VERSION,
      Altitude: altitude,
      RegistrationContext: altitude,
      OperationRegistration: [
        { ObjectType: k.ps.processType, Operations: OB_OPERATION_HANDLE_CREATE, ...ops },
      ],
    });
  return { m, k, child, open, granted, register };
}

describe('ObRegisterCallbacks on process handles (NtOpenProcess)', () => {
  it('a pre-operation callback strips rights; post-operation callbacks see the grant, in altitude order', () => {
    const { child, open, granted, register } = setup();
    const seen: string[] = [];
    expect(
      register('400000', {
        PreOperation: (ctx, info) => {
          seen.push(
            `pre ${String(ctx)} ${info.Parameters.CreateHandleInformation.OriginalDesiredAccess.toString(16)}`,
          );
          expect(info.Object).toBe(child);
          info.Parameters.CreateHandleInformation.DesiredAccess &= ~PROCESS_VM_READ;
          info.CallContext = 'mine';
          return OB_PREOP_SUCCESS;
        },
        PostOperation: (ctx, info) => {
          seen.push(`post ${String(ctx)} ${info.CallContext as string}`);
        },
      }).status,
    ).toBe(STATUS.SUCCESS);
    expect(
      register('300000', {
        PreOperation: (ctx, info) => {
          seen.push(
            `pre ${String(ctx)} ${info.Parameters.CreateHandleInformation.DesiredAccess.toString(16)}`,
          );
          return OB_PREOP_SUCCESS;
        },
        PostOperation: (ctx, info) => {
          seen.push(
            `post ${String(ctx)} ${info.Parameters.CreateHandleInformation.GrantedAccess.toString(16)}`,
          );
        },
      }).status,
    ).toBe(STATUS.SUCCESS);
    const r = open(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(granted((r.out as { ProcessHandle: number }).ProcessHandle)).toBe(
      PROCESS_QUERY_LIMITED_INFORMATION,
    );
    expect(seen).toEqual(['pre 400000 1010', 'pre 300000 1000', 'post 300000 1000', 'post 400000 mine']);
  });

  it('kernel handles keep their rights; a refused open calls no callback', () => {
    const { m, k, child, register } = setup();
    const seen: number[] = [];
    register('400000', {
      PreOperation: (_c, info) => {
        expect(info.KernelHandle).toBe(true);
        info.Parameters.CreateHandleInformation.DesiredAccess = 0;
        return OB_PREOP_SUCCESS;
      },
      PostOperation: (_c, info) => seen.push(info.Parameters.CreateHandleInformation.GrantedAccess),
    });
    const r = NtOpenProcess(k.ps, k.caller(m.b.explorer, KernelMode), {
      DesiredAccess: PROCESS_VM_READ,
      ObjectAttributes: { Attributes: OBJ_KERNEL_HANDLE },
      ClientId: { UniqueProcess: child.UniqueProcessId },
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(seen).toEqual([PROCESS_VM_READ]);
    // explorer (medium) may not read lsass: the access check refuses before any callback.
    const denied = m.sys(m.b.explorer, 'NtOpenProcess', {
      DesiredAccess: PROCESS_VM_READ,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: m.byName('lsass.exe').UniqueProcessId },
    });
    expect(denied.status).toBe(STATUS.ACCESS_DENIED);
    expect(seen).toHaveLength(1);
  });

  it('checks the registration: version, type, callbacks, altitude; unregistering stops the calls', () => {
    const { k, open, register } = setup();
    const post = () => undefined;
    expect(
      ObRegisterCallbacks(k.ob, {
        Version: 0x200,
        Altitude: '1',
        RegistrationContext: null,
        OperationRegistration: [{ ObjectType: k.ps.processType, Operations: 1, PostOperation: post }],
      }).status,
    ).toBe(STATUS.INVALID_PARAMETER);
    expect(register('1', { ObjectType: k.ps.tokenType, PostOperation: post }).status).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(register('1', {}).status).toBe(STATUS.INVALID_PARAMETER);
    const calls: number[] = [];
    const a = register('385201', { PostOperation: () => calls.push(1) });
    expect(a.status).toBe(STATUS.SUCCESS);
    expect(register('385201', { PostOperation: post }).status).toBe(STATUS_FLT_INSTANCE_ALTITUDE_COLLISION);
    open(PROCESS_QUERY_LIMITED_INFORMATION);
    ObUnRegisterCallbacks(k.ob, a.RegistrationHandle!);
    open(PROCESS_QUERY_LIMITED_INFORMATION);
    expect(calls).toEqual([1]);
    expect(register('385201', { PostOperation: post }).status).toBe(STATUS.SUCCESS);
  });
});
