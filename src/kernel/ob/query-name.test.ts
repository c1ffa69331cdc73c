import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { createBootNamespace } from './boot-namespace.js';
import { KernelMode } from './constants.js';
import { ObCreateObject } from './create.js';
import { ObInsertObject } from './insert.js';
import { ObjectManager } from './object-manager.js';
import { ObOpenObjectByName, ObpHeaderOf } from './open.js';
import { ObjectNamespace } from './namespace.js';
import { ObQueryNameString } from './query-name.js';

describe('ObQueryNameString', () => {
  const ob = new ObjectManager({ namespace: new ObjectNamespace() });
  createBootNamespace(ob, { sessions: [0, 1] });

  it('names objects by the directories they are in, not the links that lead there', () => {
    const root = ob.namespace.lookup('\\').object!;
    expect(ObQueryNameString(ob, ObpHeaderOf(ob, root))).toBe('\\');
    const bno = ob.namespace.lookup('\\Sessions\\1\\BaseNamedObjects').object!;
    expect(ObQueryNameString(ob, ObpHeaderOf(ob, bno))).toBe('\\Sessions\\1\\BaseNamedObjects');
    const created = ObCreateObject(ob, {
      type: { name: 'Event' },
      body: {},
      name: '\\Sessions\\1\\BaseNamedObjects\\Local\\ready',
      accessMode: KernelMode,
    });
    const inserted = ObInsertObject(ob, created.object!, {
      desiredAccess: 0,
      process: null,
      noHandle: true,
    });
    expect(inserted.status).toBe(STATUS.SUCCESS);
    expect(ObQueryNameString(ob, inserted.object!)).toBe('\\Sessions\\1\\BaseNamedObjects\\ready');
    const unnamed = ObCreateObject(ob, { type: { name: 'Event' }, body: {}, accessMode: KernelMode }).object!;
    expect(ObQueryNameString(ob, unnamed)).toBe('');
  });

  it('ObOpenObjectByName: a device refuses an open that is not a file open (STATUS_OBJECT_TYPE_MISMATCH)', () => {
    ob.namespace.insert(
      '\\Device\\Disk',
      { name: 'Device', parse: () => ({ status: STATUS.SUCCESS, object: {} }) },
      {},
    );
    const open = (type: string) =>
      ObOpenObjectByName(ob, '\\Device\\Disk\\x.dll', {
        desiredAccess: 0,
        type: { name: type },
        accessMode: KernelMode,
        process: null,
      }).status;
    expect(open('Section')).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(open('File')).toBe(STATUS.NOT_IMPLEMENTED);
  });
});
