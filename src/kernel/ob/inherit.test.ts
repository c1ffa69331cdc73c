import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { ObInitSystem } from './boot-namespace.js';
import { ObCloseHandle, ObKillProcess, ObSetHandleAttributes } from './close.js';
import { OBJ_INHERIT, UserMode } from './constants.js';
import { ObCreateObject } from './create.js';
import type { HandleTableOwner } from './handle-create.js';
import { ObInsertObject } from './insert.js';
import { ObjectManager } from './object-manager.js';
import { ObCreateObjectType } from './object-type.js';
import { OB_OPEN_REASON, type ObjectType } from './object-types.js';
import { ObInitProcess } from './process.js';
import { ObEnumerateHandles, ObSnapshotCounts } from './query.js';

interface Body {
  id: string;
  refuseInherit?: boolean;
}

function setup() {
  const ob = new ObjectManager();
  ObInitSystem(ob);
  const reasons: number[] = [];
  const file: ObjectType<Body> = {
    name: 'File',
    validAccessMask: 0x1f01ff,
    open: ({ reason, object }) => {
      reasons.push(reason);
      return reason === OB_OPEN_REASON.ObInheritHandle && object.refuseInherit
        ? STATUS.ACCESS_DENIED
        : STATUS.SUCCESS;
    },
  };
  ObCreateObjectType(ob, file);
  const parent: HandleTableOwner = { ObjectTable: null };
  ObInitProcess(ob, null, parent);
  const open = (id: string, attributes: number, access = 0x120089, body: Partial<Body> = {}) => {
    const c = ObCreateObject(ob, { type: file, body: { id, ...body }, attributes });
    return ObInsertObject(ob, c.object!, { desiredAccess: access, process: parent, accessMode: UserMode })
      .handle!;
  };
  // The parent: 4 inheritable, 8 not, 0xC inheritable and protected from close.
  open('a', OBJ_INHERIT, 0x120089);
  open('b', 0, 0x120116);
  open('c', OBJ_INHERIT, 0x1f01ff);
  ObSetHandleAttributes(ob, parent, 0xc, { inherit: true, protectFromClose: true });
  const child = (): HandleTableOwner => ({ ObjectTable: null });
  return { ob, parent, child, open, reasons };
}

const ids = (p: HandleTableOwner) =>
  [...p.ObjectTable!.rows()].map((r) => [r.handle, (r.object.body as Body).id]);

describe('ObInitProcess: handle inheritance into a child', () => {
  it('copies every inheritable handle at the same value, rights and attributes — and only those', () => {
    const { ob, parent, child, reasons } = setup();
    const c = child();
    reasons.length = 0;
    expect(ObInitProcess(ob, parent, c)).toBe(STATUS.SUCCESS);
    expect(ids(c)).toEqual([
      [4, 'a'],
      [0xc, 'c'],
    ]);
    expect(
      ObEnumerateHandles(c.ObjectTable!).map((h) => [h.grantedAccess, h.inherit, h.protectFromClose]),
    ).toEqual([
      [0x120089, true, false],
      [0x1f01ff, true, true],
    ]);
    expect(reasons).toEqual([OB_OPEN_REASON.ObInheritHandle, OB_OPEN_REASON.ObInheritHandle]);
    const a = c.ObjectTable!.lookup(4)!.object;
    expect([a.handleCount, a.pointerCount]).toEqual([2, 2]);
    expect(c.ObjectTable!.duplicated).toBe(true);
    expect(c.ObjectTable!.handleCount).toBe(2);
  });

  it('the child’s next handles fill the gaps from the bottom (8 first), then go on', () => {
    const { ob, parent, child } = setup();
    const c = child();
    ObInitProcess(ob, parent, c);
    expect(c.ObjectTable!.peekFree(3)).toEqual([8, 0x10, 0x14]);
    const f = ObCreateObject(ob, { type: { name: 'File' }, body: { id: 'new' } });
    expect(ObInsertObject(ob, f.object!, { desiredAccess: 0, process: c }).handle).toBe(8);
  });

  it('without inheritance (bInheritHandles FALSE: no parent) the table is new and empty', () => {
    const { ob, child } = setup();
    const c = child();
    expect(ObInitProcess(ob, null, c)).toBe(STATUS.SUCCESS);
    expect([c.ObjectTable!.handleCount, c.ObjectTable!.duplicated, c.ObjectTable!.peekFree(1)]).toEqual([
      0,
      false,
      [4],
    ]);
  });

  it('a parent with nothing inheritable gives a fresh table too', () => {
    const { ob, parent, child } = setup();
    for (const h of [4, 0xc])
      ObSetHandleAttributes(ob, parent, h, { inherit: false, protectFromClose: false });
    const c = child();
    ObInitProcess(ob, parent, c);
    expect([c.ObjectTable!.handleCount, c.ObjectTable!.duplicated]).toEqual([0, false]);
  });

  it('PROC_THREAD_ATTRIBUTE_HANDLE_LIST: only the listed handles', () => {
    const { ob, parent, child } = setup();
    const c = child();
    expect(ObInitProcess(ob, parent, c, { handleList: [0xc] })).toBe(STATUS.SUCCESS);
    expect(ids(c)).toEqual([[0xc, 'c']]);
    expect(c.ObjectTable!.peekFree(2)).toEqual([4, 8]);
  });

  it('a listed handle that is not inheritable, not open, or a list out of order: STATUS_INVALID_PARAMETER, nothing inherited', () => {
    const { ob, parent, child } = setup();
    const before = ObSnapshotCounts(ob);
    for (const handleList of [[4, 8], [0x40], [0xc, 4], [4, 4], [6], [0x800]]) {
      const c = child();
      expect(ObInitProcess(ob, parent, c, { handleList })).toBe(STATUS.INVALID_PARAMETER);
      expect(c.ObjectTable).toBeNull();
    }
    expect(ObSnapshotCounts(ob)).toEqual(before);
  });

  it('a handle the type refuses to inherit is skipped — or, listed, fails the inheritance', () => {
    const { ob, parent, child, open } = setup();
    const d = open('d', OBJ_INHERIT, 0x120089, { refuseInherit: true }); // 0x10
    const c = child();
    expect(ObInitProcess(ob, parent, c)).toBe(STATUS.SUCCESS);
    expect(ids(c).map(([h]) => h)).toEqual([4, 0xc]);
    const before = ObSnapshotCounts(ob);
    const listed = child();
    expect(ObInitProcess(ob, parent, listed, { handleList: [4, d] })).toBe(STATUS.ACCESS_DENIED);
    expect(listed.ObjectTable).toBeNull();
    expect(ObSnapshotCounts(ob)).toEqual(before);
  });

  it('inherited handles are the child’s own: closing them in the parent leaves the child’s open', () => {
    const { ob, parent, child } = setup();
    const c = child();
    ObInitProcess(ob, parent, c);
    ObSetHandleAttributes(ob, parent, 0xc, { inherit: true, protectFromClose: false });
    ObCloseHandle(ob, parent, 4);
    ObCloseHandle(ob, parent, 0xc);
    expect(ids(c)).toEqual([
      [4, 'a'],
      [0xc, 'c'],
    ]);
    ObKillProcess(ob, c);
    ObKillProcess(ob, parent);
    expect(ObSnapshotCounts(ob).byType['File']).toEqual({ objects: 0, handles: 0 });
  });

  it('a parent that has run down: STATUS_PROCESS_IS_TERMINATING', () => {
    const { ob, parent, child } = setup();
    ObKillProcess(ob, parent);
    expect(ObInitProcess(ob, parent, child())).toBe(STATUS.PROCESS_IS_TERMINATING);
  });

  it('copies across pages: an inheritable handle past 0x400 keeps its value', () => {
    const { ob, parent, child, open } = setup();
    let h = 0;
    for (let i = 0; i < 252; i++) h = open(`f${i}`, 0);
    expect(h).toBe(0x3fc);
    const far = open('far', OBJ_INHERIT);
    expect(far).toBe(0x404);
    const c = child();
    ObInitProcess(ob, parent, c);
    expect(ids(c)).toEqual([
      [4, 'a'],
      [0xc, 'c'],
      [0x404, 'far'],
    ]);
    expect(c.ObjectTable!.nextHandleNeedingPool).toBe(0x800);
  });
});
