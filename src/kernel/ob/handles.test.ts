import { describe, expect, it } from 'vitest';
import { Clock, STATUS, Trace } from '../../base/index.js';
import { ObInitSystem } from './boot-namespace.js';
import { ObReferenceObjectByHandle } from './by-handle.js';
import { ObCloseHandle, ObKillProcess, ObSetHandleAttributes } from './close.js';
import {
  DUPLICATE_CLOSE_SOURCE,
  DUPLICATE_SAME_ACCESS,
  DUPLICATE_SAME_ATTRIBUTES,
  GENERIC_READ,
  KernelMode,
  MAXIMUM_ALLOWED,
  NtCurrentProcess,
  OBJ_INHERIT,
  OBJ_KERNEL_EXCLUSIVE,
  OBJ_KERNEL_HANDLE,
  OBJ_PROTECT_CLOSE,
  UserMode,
  type KPROCESSOR_MODE,
} from './constants.js';
import { ObCreateObject } from './create.js';
import { ObDuplicateObject, type ObDuplicateObjectParameters } from './duplicate.js';
import type { HandleTableOwner } from './handle-create.js';
import { handleToPointer } from './handle-table.js';
import { ObInsertObject } from './insert.js';
import { ObjectManager } from './object-manager.js';
import { ObCreateObjectType } from './object-type.js';
import type { ObjectType } from './object-types.js';
import { ObOpenObjectByName, ObOpenObjectByPointer } from './open.js';
import { ObInitProcess } from './process.js';
import { ObEnumerateHandles, ObSnapshotCounts } from './query.js';
import { ObDereferenceObject, ObReferenceObjectByPointer } from './reference.js';

// EVENT_QUERY_STATE 1, EVENT_MODIFY_STATE 2, EVENT_ALL_ACCESS 0x1F0003 (winnt.h).
const EVENT_ALL_ACCESS = 0x1f0003;
const EVENT: ObjectType<{ id: string }> = {
  name: 'Event',
  validAccessMask: EVENT_ALL_ACCESS,
  genericMapping: {
    GenericRead: 0x20001,
    GenericWrite: 0x20002,
    GenericExecute: 0x120000,
    GenericAll: EVENT_ALL_ACCESS,
  },
};
const MUTANT: ObjectType<{ id: string }> = { name: 'Mutant', validAccessMask: 0x1f0001 };

function setup() {
  const ob = new ObjectManager();
  ObInitSystem(ob);
  ObCreateObjectType(ob, EVENT);
  ObCreateObjectType(ob, MUTANT);
  const proc = (): HandleTableOwner => {
    const p: HandleTableOwner = { ObjectTable: null };
    ObInitProcess(ob, null, p);
    return p;
  };
  const a = proc();
  const b = proc();
  const event = (
    owner: HandleTableOwner | null,
    opts: {
      access?: number;
      attributes?: number;
      mode?: KPROCESSOR_MODE;
      name?: string;
      type?: ObjectType<{ id: string }>;
    } = {},
  ) => {
    const c = ObCreateObject(ob, {
      type: opts.type ?? EVENT,
      body: { id: 'e' },
      attributes: opts.attributes ?? 0,
      accessMode: opts.mode ?? UserMode,
      name: opts.name ?? null,
    });
    if (!c.object) return { status: c.status, handle: undefined, object: undefined as never };
    const r = ObInsertObject(ob, c.object, {
      desiredAccess: opts.access ?? EVENT_ALL_ACCESS,
      process: owner,
    });
    return { ...r, object: c.object };
  };
  const ref = (
    owner: HandleTableOwner | null,
    handle: number,
    desiredAccess = 0,
    type: ObjectType | null = null,
    mode: KPROCESSOR_MODE = UserMode,
  ) => {
    const r = ObReferenceObjectByHandle(ob, {
      handle,
      desiredAccess,
      type,
      accessMode: mode,
      process: owner,
    });
    if (r.object) ObDereferenceObject(ob, r.object);
    return r;
  };
  const dup = (p: Partial<ObDuplicateObjectParameters> & { sourceHandle: number }) =>
    ObDuplicateObject(ob, {
      sourceProcess: a,
      targetProcess: a,
      desiredAccess: 0,
      handleAttributes: 0,
      options: 0,
      previousMode: UserMode,
      ...p,
    });
  return { ob, a, b, event, ref, dup };
}

describe('ObReferenceObjectByHandle', () => {
  it('checks in order: a valid handle, then the type, then (user mode) the granted access', () => {
    const { a, event, ref } = setup();
    const { handle } = event(a, { access: 0x00100001 }); // SYNCHRONIZE | EVENT_QUERY_STATE
    expect(ref(a, 0x40).status).toBe(STATUS.INVALID_HANDLE);
    expect(ref(a, 0).status).toBe(STATUS.INVALID_HANDLE);
    expect(ref(a, handle!, 0x2, MUTANT).status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(ref(a, handle!, 0x2, EVENT).status).toBe(STATUS.ACCESS_DENIED);
    expect(ref(a, handle!, 0x2, EVENT, KernelMode).status).toBe(STATUS.SUCCESS);
    const ok = ref(a, handle!, 0x100001, EVENT);
    expect([ok.status, ok.grantedAccess, ok.handleAttributes]).toEqual([STATUS.SUCCESS, 0x100001, 0]);
  });

  it('maps generic rights and MAXIMUM_ALLOWED for the creator, cut to the type’s valid rights', () => {
    const { a, event, ref } = setup();
    expect(ref(a, event(a, { access: GENERIC_READ }).handle!).grantedAccess).toBe(0x20001);
    expect(ref(a, event(a, { access: MAXIMUM_ALLOWED }).handle!).grantedAccess).toBe(EVENT_ALL_ACCESS);
    expect(ref(a, event(a, { access: 0xffff }).handle!).grantedAccess).toBe(0x3);
  });

  it('NtCurrentProcess() names the caller’s process object when it is supplied', () => {
    const { ob, a, event } = setup();
    const me = event(null, { mode: KernelMode, attributes: OBJ_KERNEL_HANDLE }).object;
    const r = ObReferenceObjectByHandle(ob, {
      handle: NtCurrentProcess,
      desiredAccess: 0x1000,
      type: null,
      accessMode: UserMode,
      process: a,
      currentProcess: { object: me, grantedAccess: 0x1fffff },
    });
    expect([r.status, r.object]).toEqual([STATUS.SUCCESS, me]);
    expect(
      ObReferenceObjectByHandle(ob, {
        handle: NtCurrentProcess,
        desiredAccess: 0,
        type: null,
        accessMode: UserMode,
        process: a,
      }).status,
    ).toBe(STATUS.INVALID_HANDLE);
  });
});

describe('NtClose (ObCloseHandle) and handle attributes', () => {
  it('a bad handle is STATUS_INVALID_HANDLE; a closed one too', () => {
    const { ob, a, event } = setup();
    const { handle } = event(a);
    expect(ObCloseHandle(ob, a, 0x1234)).toBe(STATUS.INVALID_HANDLE);
    expect(ObCloseHandle(ob, a, handle!)).toBe(STATUS.SUCCESS);
    expect(ObCloseHandle(ob, a, handle!)).toBe(STATUS.INVALID_HANDLE);
  });

  it('OBJ_PROTECT_CLOSE refuses the close (STATUS_HANDLE_NOT_CLOSABLE) until it is cleared', () => {
    const { ob, a, event, ref } = setup();
    const { handle } = event(a, { attributes: OBJ_INHERIT });
    expect(ObSetHandleAttributes(ob, a, handle!, { inherit: true, protectFromClose: true })).toBe(
      STATUS.SUCCESS,
    );
    expect(ref(a, handle!).handleAttributes).toBe(OBJ_INHERIT | OBJ_PROTECT_CLOSE);
    expect(ObCloseHandle(ob, a, handle!)).toBe(STATUS.HANDLE_NOT_CLOSABLE);
    expect(ref(a, handle!).status).toBe(STATUS.SUCCESS);
    ObSetHandleAttributes(ob, a, handle!, { inherit: false, protectFromClose: false });
    expect(ObCloseHandle(ob, a, handle!)).toBe(STATUS.SUCCESS);
    expect(ObSetHandleAttributes(ob, a, handle!, { inherit: false, protectFromClose: false })).toBe(
      STATUS.INVALID_HANDLE,
    );
  });

  it('the type’s OkayToCloseProcedure can refuse a close', () => {
    const ob = new ObjectManager();
    ObInitSystem(ob);
    const sticky: ObjectType = {
      name: 'Desktop',
      okayToClose: ({ accessMode }) => accessMode === KernelMode,
    };
    ObCreateObjectType(ob, sticky);
    const p: HandleTableOwner = { ObjectTable: null };
    ObInitProcess(ob, null, p);
    const c = ObCreateObject(ob, { type: sticky, body: {} });
    const { handle } = ObInsertObject(ob, c.object!, { desiredAccess: 0, process: p });
    expect(ObCloseHandle(ob, p, handle!, UserMode)).toBe(STATUS.HANDLE_NOT_CLOSABLE);
    expect(ObCloseHandle(ob, p, handle!, KernelMode)).toBe(STATUS.SUCCESS);
  });
});

describe('kernel handles (the System process’s table)', () => {
  it('OBJ_KERNEL_HANDLE from kernel mode goes in the kernel table, with the kernel bit in the value', () => {
    const { ob, a, event, ref } = setup();
    const system: HandleTableOwner = { ObjectTable: null };
    ObInitProcess(ob, null, system, { systemProcess: true });
    expect(system.ObjectTable).toBe(ob.kernelHandleTable);
    const k = event(null, { attributes: OBJ_KERNEL_HANDLE, mode: KernelMode });
    expect(handleToPointer(k.handle!)).toBe(0xffffffff80000004n);
    expect(ob.kernelHandleTable.handleCount).toBe(1);
    // From kernel mode in any process context it names the kernel table's entry; user mode cannot use it.
    expect(ref(a, k.handle!, 0, null, KernelMode).status).toBe(STATUS.SUCCESS);
    expect(ref(a, k.handle!, 0, null, UserMode).status).toBe(STATUS.INVALID_HANDLE);
    expect(ObCloseHandle(ob, a, k.handle!, UserMode)).toBe(STATUS.INVALID_HANDLE);
    expect(ObCloseHandle(ob, a, k.handle!, KernelMode)).toBe(STATUS.SUCCESS);
    // From user mode the attribute is ignored: the handle is the caller's.
    expect(event(a, { attributes: OBJ_KERNEL_HANDLE }).handle).toBe(4);
  });

  it('an OBJ_KERNEL_EXCLUSIVE object refuses user-mode handles', () => {
    const { ob, a, event } = setup();
    const k = event(null, { attributes: OBJ_KERNEL_EXCLUSIVE | OBJ_KERNEL_HANDLE, mode: KernelMode });
    const open = ObOpenObjectByPointer(ob, k.object, { desiredAccess: 0, accessMode: UserMode, process: a });
    expect(open.status).toBe(STATUS.ACCESS_DENIED);
    expect(k.object.handleCount).toBe(1);
    expect(event(a, { attributes: OBJ_KERNEL_EXCLUSIVE }).status).toBe(STATUS.INVALID_PARAMETER);
  });
});

describe('ObDuplicateObject', () => {
  it('DUPLICATE_SAME_ACCESS copies the rights; the attributes are the caller’s unless DUPLICATE_SAME_ATTRIBUTES', () => {
    const { ob, a, event, ref, dup } = setup();
    const { handle } = event(a, { access: 0x100001 });
    ObSetHandleAttributes(ob, a, handle!, { inherit: true, protectFromClose: true });
    const plain = dup({ sourceHandle: handle!, options: DUPLICATE_SAME_ACCESS });
    expect(plain.targetHandle).toBe(8);
    expect([ref(a, 8).grantedAccess, ref(a, 8).handleAttributes]).toEqual([0x100001, 0]);
    const same = dup({ sourceHandle: handle!, options: DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES });
    expect(ref(a, same.targetHandle!).handleAttributes).toBe(OBJ_INHERIT | OBJ_PROTECT_CLOSE);
    const inherit = dup({ sourceHandle: handle!, desiredAccess: 0x1, handleAttributes: OBJ_INHERIT });
    expect([
      ref(a, inherit.targetHandle!).grantedAccess,
      ref(a, inherit.targetHandle!).handleAttributes,
    ]).toEqual([0x1, OBJ_INHERIT]);
  });

  it('into another process: its own lowest handle, the object’s handle count up', () => {
    const { a, b, event, ref, dup } = setup();
    event(a);
    const { handle, object } = event(a);
    const r = dup({ sourceHandle: handle!, targetProcess: b, desiredAccess: GENERIC_READ });
    expect(r).toEqual({ status: STATUS.SUCCESS, targetHandle: 4 });
    expect(ref(b, 4).grantedAccess).toBe(0x20001);
    expect(ref(b, 4).object).toBe(object);
    expect([object.handleCount, object.pointerCount]).toEqual([2, 2]);
  });

  it('more rights than the source has need the access decision', () => {
    const { ob, a, b, event, dup } = setup();
    const { handle, object } = event(a, { access: 0x100000 });
    ob.accessCheck = ({ desiredAccess }) =>
      desiredAccess & 0x2
        ? { status: STATUS.ACCESS_DENIED, grantedAccess: 0 }
        : { status: STATUS.SUCCESS, grantedAccess: desiredAccess };
    expect(dup({ sourceHandle: handle!, targetProcess: b, desiredAccess: 0x2 }).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(dup({ sourceHandle: handle!, targetProcess: b, desiredAccess: 0x1 }).status).toBe(STATUS.SUCCESS);
    expect([object.handleCount, object.pointerCount]).toEqual([2, 2]);
  });

  it('DUPLICATE_CLOSE_SOURCE closes the source first, so in one process the value comes back', () => {
    const { a, event, ref, dup } = setup();
    event(a);
    const { handle, object } = event(a); // 8
    const r = dup({ sourceHandle: handle!, options: DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS });
    expect(r.targetHandle).toBe(8);
    expect(ref(a, 8).object).toBe(object);
    expect(object.handleCount).toBe(1);
  });

  it('DUPLICATE_CLOSE_SOURCE ignores a protected source: it stays open and the duplicate succeeds', () => {
    const { ob, a, b, event, ref, dup } = setup();
    const { handle, object } = event(a);
    ObSetHandleAttributes(ob, a, handle!, { inherit: false, protectFromClose: true });
    const r = dup({
      sourceHandle: handle!,
      targetProcess: b,
      options: DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(ref(a, handle!).status).toBe(STATUS.SUCCESS);
    expect(object.handleCount).toBe(2);
  });

  it('statuses: bad source, no target, a run-down process — and nothing leaks', () => {
    const { ob, a, b, event, ref, dup } = setup();
    const { handle } = event(a);
    const before = ObSnapshotCounts(ob);
    expect(dup({ sourceHandle: 0x44 }).status).toBe(STATUS.INVALID_HANDLE);
    expect(dup({ sourceHandle: handle!, targetProcess: null }).status).toBe(STATUS.INVALID_PARAMETER);
    ObKillProcess(ob, b);
    expect(dup({ sourceHandle: handle!, targetProcess: b }).status).toBe(STATUS.PROCESS_IS_TERMINATING);
    expect(dup({ sourceProcess: b, sourceHandle: 4 }).status).toBe(STATUS.PROCESS_IS_TERMINATING);
    expect(ObSnapshotCounts(ob)).toEqual(before);
    // With no target, DUPLICATE_CLOSE_SOURCE just closes the source.
    expect(dup({ sourceHandle: handle!, targetProcess: null, options: DUPLICATE_CLOSE_SOURCE }).status).toBe(
      STATUS.SUCCESS,
    );
    expect(ref(a, handle!).status).toBe(STATUS.INVALID_HANDLE);
  });
});

describe('ObOpenObjectByName / ObOpenObjectByPointer', () => {
  it('opens a named object; misses and other types fail with the lookup’s or a type status', () => {
    const { ob, a, b, event } = setup();
    ob.namespace.ensureDirectory('\\BaseNamedObjects');
    const { object } = event(a, { name: '\\BaseNamedObjects\\Ready' });
    const open = ObOpenObjectByName(ob, '\\BaseNamedObjects\\ready', {
      desiredAccess: 0x100000,
      type: EVENT,
      accessMode: UserMode,
      process: b,
    });
    expect([open.status, open.handle, open.object]).toEqual([STATUS.SUCCESS, 4, object]);
    const opts = { desiredAccess: 0, accessMode: UserMode, process: b } as const;
    expect(ObOpenObjectByName(ob, '\\BaseNamedObjects\\Ready', { ...opts, type: MUTANT }).status).toBe(
      STATUS.OBJECT_TYPE_MISMATCH,
    );
    expect(ObOpenObjectByName(ob, '\\BaseNamedObjects\\Nope', opts).status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
    expect(ObOpenObjectByName(ob, '\\Nope\\X', opts).status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(ObOpenObjectByPointer(ob, object, { ...opts, type: MUTANT }).status).toBe(
      STATUS.OBJECT_TYPE_MISMATCH,
    );
    expect([object.handleCount, object.pointerCount]).toEqual([2, 3]);
  });

  it('the access decision is the caller’s callback; a refusal leaves no handle or reference', () => {
    const { ob, a, b, event } = setup();
    const { object } = event(a, { name: '\\Locked' });
    const asked: number[] = [];
    const r = ObOpenObjectByName(ob, '\\Locked', {
      desiredAccess: GENERIC_READ,
      accessMode: UserMode,
      process: b,
      accessCheck: ({ desiredAccess }) => {
        asked.push(desiredAccess);
        return { status: STATUS.ACCESS_DENIED, grantedAccess: 0 };
      },
    });
    expect([r.status, asked]).toEqual([STATUS.ACCESS_DENIED, [0x20001]]);
    expect([object.handleCount, object.pointerCount, b.ObjectTable!.handleCount]).toEqual([1, 2, 0]);
  });

  it('objects placed with ObjectNamespace.insert get one header, on first open', () => {
    const { ob, a } = setup();
    ob.namespace.insert('\\Device\\Null', { name: 'Device' }, { device: 'Null' });
    const opts = { desiredAccess: 0, accessMode: KernelMode, process: a } as const;
    const first = ObOpenObjectByName(ob, '\\Device\\Null', opts);
    const second = ObOpenObjectByName(ob, '\\Device\\Null', opts);
    expect(first.object).toBe(second.object);
    expect(first.object!.permanent).toBe(true);
    expect(ObEnumerateHandles(a.ObjectTable!).map((h) => [h.handle, h.type, h.name])).toEqual([
      [4, 'Device', 'Null'],
      [8, 'Device', 'Null'],
    ]);
  });
});

describe('type procedures and the trace', () => {
  it('maintainHandleCount types see per-process handle counts in their open and close procedures', () => {
    const ob = new ObjectManager();
    ObInitSystem(ob);
    const calls: string[] = [];
    const proc: ObjectType = {
      name: 'Process',
      maintainHandleCount: true,
      open: ({ reason, handleCount }) => {
        calls.push(`open ${reason} ${handleCount}`);
        return STATUS.SUCCESS;
      },
      close: ({ processHandleCount, systemHandleCount }) =>
        calls.push(`close ${processHandleCount} ${systemHandleCount}`),
    };
    ObCreateObjectType(ob, proc);
    const a: HandleTableOwner = { ObjectTable: null };
    const b: HandleTableOwner = { ObjectTable: null };
    ObInitProcess(ob, null, a);
    ObInitProcess(ob, null, b);
    const object = ObCreateObject(ob, { type: proc, body: {} }).object!;
    ObInsertObject(ob, object, { desiredAccess: 0, process: a });
    const opts = { desiredAccess: 0, accessMode: KernelMode } as const;
    ObOpenObjectByPointer(ob, object, { ...opts, process: a });
    ObOpenObjectByPointer(ob, object, { ...opts, process: b });
    ObCloseHandle(ob, a, 4);
    expect(calls).toEqual(['open 0 1', 'open 1 2', 'open 1 1', 'close 2 3']);
    expect(ObReferenceObjectByPointer(object, MUTANT)).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(ObReferenceObjectByPointer(object, proc)).toBe(STATUS.SUCCESS);
    expect(object.pointerCount).toBe(3);
  });

  it('records a span per routine on the ob channel, with the objects created', () => {
    const trace = new Trace(new Clock());
    const ob = new ObjectManager({ trace });
    ObInitSystem(ob);
    ObCreateObjectType(ob, EVENT);
    const p: HandleTableOwner = { ObjectTable: null };
    ObInitProcess(ob, null, p);
    const c = ObCreateObject(ob, { type: EVENT, body: { id: 'x' } });
    ObInsertObject(ob, c.object!, { desiredAccess: 0, process: p });
    ObCloseHandle(ob, p, 0x40);
    const spans = trace.toJSON().spans.slice(-4);
    expect(spans.map((s) => [s.fn, s.channel, s.layer, s.module, s.status])).toEqual([
      ['ObInitProcess', 'ob', 'kernel', 'nt', STATUS.SUCCESS],
      ['ObCreateObject', 'ob', 'kernel', 'nt', STATUS.SUCCESS],
      ['ObInsertObject', 'ob', 'kernel', 'nt', STATUS.SUCCESS],
      ['ObpCloseHandle', 'ob', 'kernel', 'nt', STATUS.INVALID_HANDLE],
    ]);
    expect(spans[1]!.objects.map((o) => [o.type, o.address])).toEqual([
      ['Event', '0x' + c.object!.bodyAddress.toString(16)],
    ]);
    expect(spans[2]!.result).toBe(4);
  });
});
