import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { createBootNamespace } from './boot-namespace.js';
import { ObReferenceObjectByHandle } from './by-handle.js';
import { ObCloseHandle, ObKillProcess } from './close.js';
import { KernelMode, OBJ_OPENIF, OBJ_PERMANENT, UserMode } from './constants.js';
import { ObCreateObject } from './create.js';
import type { HandleTableOwner } from './handle-create.js';
import { ObInsertObject } from './insert.js';
import { ObMakeTemporaryObject } from './name.js';
import { ObjectManager } from './object-manager.js';
import { ObCreateObjectType } from './object-type.js';
import type { ObjectType } from './object-types.js';
import { ObOpenObjectByPointer } from './open.js';
import { ObInitProcess } from './process.js';
import { ObSnapshotCounts } from './query.js';
import { ObDereferenceObject, ObReferenceObject } from './reference.js';

interface Body {
  id: string;
}

function setup() {
  const ob = new ObjectManager();
  createBootNamespace(ob);
  const deleted: string[] = [];
  const security: string[] = [];
  const event: ObjectType<Body> = {
    name: 'Event',
    validAccessMask: 0x1f0003,
    delete: (b) => deleted.push(b.id),
    security: ({ operation, object, descriptor }) => {
      security.push(`${operation}:${object.id}`);
      return { status: STATUS.SUCCESS, descriptor: descriptor ?? `sd-${object.id}` };
    },
  };
  const process: ObjectType<Body> = { name: 'Process', delete: (b) => deleted.push(b.id) };
  ObCreateObjectType(ob, event);
  ObCreateObjectType(ob, process);
  const parent: HandleTableOwner = { ObjectTable: null };
  ObInitProcess(ob, null, parent);
  const create = (id: string, opts: { name?: string; attributes?: number; type?: ObjectType<Body> } = {}) => {
    const c = ObCreateObject(ob, {
      type: opts.type ?? event,
      body: { id },
      name: opts.name ?? null,
      attributes: opts.attributes ?? 0,
    });
    expect(c.status).toBe(STATUS.SUCCESS);
    const object = c.object!;
    return { object, ...ObInsertObject(ob, object, { desiredAccess: 0x1f0003, process: parent }) };
  };
  return { ob, parent, deleted, security, event, process, create };
}

describe('references and deletion (ObReferenceObject / ObDereferenceObject)', () => {
  it('the delete procedure runs exactly when the last reference goes', () => {
    const { ob, parent, deleted, create } = setup();
    const { status, handle, object } = create('e1');
    expect(status).toBe(STATUS.SUCCESS);
    expect(handle).toBe(4);
    expect([object.pointerCount, object.handleCount]).toEqual([1, 1]);
    const ref = ObReferenceObjectByHandle(ob, {
      handle: 4,
      desiredAccess: 0,
      type: null,
      accessMode: UserMode,
      process: parent,
    });
    expect(ref.object).toBe(object);
    expect(object.pointerCount).toBe(2);
    expect(ObCloseHandle(ob, parent, 4)).toBe(STATUS.SUCCESS);
    expect([object.pointerCount, object.handleCount, deleted]).toEqual([1, 0, []]);
    ObDereferenceObject(ob, object);
    expect(deleted).toEqual(['e1']);
    expect(object.deleted).toBe(true);
    expect(() => ObDereferenceObject(ob, object)).toThrow(/no references/);
  });

  it('a process object outlives its exit while a handle to it remains', () => {
    const { ob, parent, deleted, process } = setup();
    const created = ObCreateObject(ob, { type: process, body: { id: 'child' }, accessMode: KernelMode });
    const child = created.object!;
    // NtCreateUserProcess: the parent gets a handle; ps keeps its own reference while the process runs.
    const h = ObInsertObject(ob, child, { desiredAccess: 0x1fffff, process: parent, accessMode: UserMode });
    expect(h.handle).toBe(4);
    ObReferenceObject(child);
    // The child holds a handle to itself too (its own table).
    const childOwner: HandleTableOwner = { ObjectTable: null };
    ObInitProcess(ob, null, childOwner);
    const self = ObOpenObjectByPointer(ob, child, {
      desiredAccess: 0x1000,
      accessMode: KernelMode,
      process: childOwner,
    });
    expect(self.handle).toBe(4);
    expect([child.pointerCount, child.handleCount]).toEqual([3, 2]);
    // Exit: the rundown closes the child's handles and ps drops its reference.
    ObKillProcess(ob, childOwner);
    ObDereferenceObject(ob, child);
    expect(childOwner.ObjectTable).toBeNull();
    expect([child.pointerCount, child.handleCount, child.deleted, deleted]).toEqual([1, 1, false, []]);
    const stillThere = ObReferenceObjectByHandle(ob, {
      handle: 4,
      desiredAccess: 0x1000,
      type: process,
      accessMode: UserMode,
      process: parent,
    });
    expect(stillThere.status).toBe(STATUS.SUCCESS);
    ObDereferenceObject(ob, child);
    expect(deleted).toEqual([]);
    expect(ObCloseHandle(ob, parent, 4)).toBe(STATUS.SUCCESS);
    expect(deleted).toEqual(['child']);
  });

  it('leaves no object or handle behind: the counts before and after are equal', () => {
    const { ob, parent, create } = setup();
    const before = ObSnapshotCounts(ob);
    const { handle } = create('tmp', { name: '\\BaseNamedObjects\\Tmp' });
    expect(ObSnapshotCounts(ob).byType['Event']).toEqual({ objects: 1, handles: 1 });
    ObCloseHandle(ob, parent, handle!);
    expect(ObSnapshotCounts(ob)).toEqual(before);
  });

  it('assigns the security descriptor at insert and releases it at deletion', () => {
    const { ob, parent, security, create } = setup();
    const { object, handle } = create('s');
    expect(object.securityDescriptor).toBe('sd-s');
    ObCloseHandle(ob, parent, handle!);
    // SECURITY_OPERATION_CODE: AssignSecurityDescriptor 3, DeleteSecurityDescriptor 2.
    expect(security).toEqual(['3:s', '2:s']);
  });
});

describe('names (ObInsertObject, ObpDeleteNameCheck)', () => {
  it('a temporary named object leaves its directory with its last handle, and goes with its last reference', () => {
    const { ob, parent, deleted, create } = setup();
    const { object, handle } = create('n', { name: '\\BaseNamedObjects\\Ev' });
    expect(ob.namespace.lookup('\\BaseNamedObjects\\Ev').object).toBe(object);
    expect([object.pointerCount, object.handleCount, object.name]).toEqual([2, 1, 'Ev']);
    ObReferenceObject(object);
    ObCloseHandle(ob, parent, handle!);
    expect(ob.namespace.lookup('\\BaseNamedObjects\\Ev').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect([object.pointerCount, deleted]).toEqual([1, []]);
    ObDereferenceObject(ob, object);
    expect(deleted).toEqual(['n']);
  });

  it('OBJ_PERMANENT keeps the name after the last handle; ObMakeTemporaryObject lets it go', () => {
    const { ob, parent, deleted, create } = setup();
    const { object, handle } = create('p', { name: '\\KernelObjects\\Perm', attributes: OBJ_PERMANENT });
    ObCloseHandle(ob, parent, handle!);
    expect(ob.namespace.lookup('\\KernelObjects\\Perm').object).toBe(object);
    expect([object.pointerCount, object.handleCount, deleted]).toEqual([1, 0, []]);
    ObMakeTemporaryObject(ob, object);
    expect(ob.namespace.lookup('\\KernelObjects\\Perm').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(deleted).toEqual(['p']);
  });

  it('a name in use: collision, or with OBJ_OPENIF the existing object and STATUS_OBJECT_NAME_EXISTS', () => {
    const { deleted, create, process } = setup();
    const first = create('a', { name: '\\BaseNamedObjects\\Same' });
    const collision = create('b', { name: '\\BaseNamedObjects\\same' });
    expect(collision.status).toBe(STATUS.OBJECT_NAME_COLLISION);
    expect(collision.handle).toBeUndefined();
    const openif = create('c', { name: '\\BaseNamedObjects\\SAME', attributes: OBJ_OPENIF });
    expect(openif.status).toBe(STATUS.OBJECT_NAME_EXISTS);
    expect(openif.handle).toBe(8);
    expect(first.object.handleCount).toBe(2);
    const otherType = create('d', {
      name: '\\BaseNamedObjects\\Same',
      attributes: OBJ_OPENIF,
      type: process,
    });
    expect(otherType.status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    // The objects that lost (b, c, d) were dereferenced and deleted at once.
    expect(deleted).toEqual(['b', 'c', 'd']);
  });

  it('paths: a missing directory, a relative name, links on the way', () => {
    const { ob, create } = setup();
    expect(create('x', { name: '\\NoSuchDir\\X' }).status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(create('y', { name: 'Relative' }).status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
    expect(create('z', { name: '\\BaseNamedObjects\\\\Z' }).status).toBe(STATUS.OBJECT_NAME_INVALID);
    // Session 1's Global link leads to the global \BaseNamedObjects.
    const g = create('g', { name: '\\Sessions\\1\\BaseNamedObjects\\Global\\Shared' });
    expect(g.status).toBe(STATUS.SUCCESS);
    expect(ob.namespace.lookup('\\BaseNamedObjects\\Shared').object).toBe(g.object);
  });
});
