import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { createBootNamespace } from './boot-namespace.js';
import type { SymbolicLink } from './directory.js';
import { ObjectDirectory } from './directory.js';
import { ObjectNamespace } from './namespace.js';
import type { ObjectHeader } from './object-header.js';
import { ObjectManager } from './object-manager.js';
import type { ObjectTypeObject } from './object-type.js';
import { ObCreateObjectType } from './object-type.js';
import { WIN10_22H2_OBJECT_TYPES } from './type-table.js';

function boot(options?: Parameters<typeof createBootNamespace>[1]): ObjectManager {
  const ob = new ObjectManager();
  createBootNamespace(ob, options);
  return ob;
}

const names = (ob: ObjectManager, path: string) =>
  (ob.namespace.lookup(path).object!.body as ObjectDirectory).list().map((e) => e.name);

describe('\\ObjectTypes', () => {
  it('lists the 67 types of Windows 10 22H2 under their type indexes', () => {
    const ob = boot();
    const listed = (ob.namespace.lookup('\\ObjectTypes').object!.body as ObjectDirectory).list();
    expect(listed.length).toBe(67);
    expect(new Set(listed.map((e) => e.name))).toEqual(new Set(WIN10_22H2_OBJECT_TYPES.map(([, n]) => n)));
    const index = (name: string) =>
      (ob.namespace.lookup(`\\ObjectTypes\\${name}`).object!.body as ObjectTypeObject).index;
    expect(
      [
        'Type',
        'Directory',
        'SymbolicLink',
        'Token',
        'Job',
        'Process',
        'Thread',
        'Event',
        'File',
        'Section',
        'Key',
      ].map(index),
    ).toEqual([2, 3, 4, 5, 6, 7, 8, 16, 37, 42, 44]);
    expect([index('ALPC Port'), index('DxgkCompositionObject'), index('VRegConfigurationContext')]).toEqual([
      46, 67, 68,
    ]);
    expect(ob.typeIndexTable.slice(0, 2)).toEqual([undefined, undefined]);
  });

  it('each type is a Type object: PointerCount 2 (the creator’s and the directory’s), no handles', () => {
    const ob = boot();
    const process = ob.namespace.lookup('\\ObjectTypes\\Process').object as ObjectHeader;
    expect([process.type.name, process.pointerCount, process.handleCount, process.permanent]).toEqual([
      'Type',
      2,
      0,
      true,
    ]);
    // The stored TypeIndex is XORed with the header address's second byte and ObHeaderCookie.
    const decoded = process.encodedTypeIndex ^ Number((process.address >> 8n) & 0xffn) ^ ob.headerCookie;
    expect(decoded).toBe(2);
    expect(ob.types.get('TYPE')!.totalNumberOfObjects).toBe(67);
  });

  it('a component’s ObCreateObjectType takes over the listed type, once', () => {
    const ob = boot();
    const r = ObCreateObjectType(ob, { name: 'Process', validAccessMask: 0x1fffff });
    expect([r.status, r.type!.index, r.type!.placeholder, r.type!.typeInfo.validAccessMask]).toEqual([
      STATUS.SUCCESS,
      7,
      false,
      0x1fffff,
    ]);
    expect(ObCreateObjectType(ob, { name: 'process' }).status).toBe(STATUS.OBJECT_NAME_COLLISION);
    expect(ObCreateObjectType(ob, { name: 'NtsimWidget' }).type!.index).toBe(69);
  });
});

describe('the boot-time directories', () => {
  it('has the standard directories, each a permanent directory object', () => {
    const ob = boot();
    expect(names(ob, '\\')).toEqual([
      'ArcName',
      'BaseNamedObjects',
      'Callback',
      'Device',
      'DosDevices',
      'Driver',
      'FileSystem',
      'GLOBAL??',
      'KernelObjects',
      'KnownDlls',
      'KnownDlls32',
      'Nls',
      'ObjectTypes',
      'RPC Control',
      'Security',
      'Sessions',
      'UMDFCommunicationPorts',
      'Windows',
    ]);
    const bno = ob.namespace.lookup('\\BaseNamedObjects', { openLink: true }).object as ObjectHeader;
    expect(bno.body).toBeInstanceOf(ObjectDirectory);
    expect([bno.permanent, bno.pointerCount, bno.handleCount]).toEqual([true, 1, 0]);
    expect(names(ob, '\\FileSystem')).toEqual(['Filters']);
  });

  it('\\DosDevices is \\??, and \\GLOBAL?? has GLOBALROOT and Global', () => {
    const ob = boot();
    const link = (p: string) =>
      (ob.namespace.lookup(p, { openLink: true }).object!.body as SymbolicLink).target;
    expect([link('\\DosDevices'), link('\\GLOBAL??\\GLOBALROOT'), link('\\GLOBAL??\\Global')]).toEqual([
      '\\??',
      '',
      '\\GLOBAL??',
    ]);
    expect(ob.namespace.lookup('\\??\\GLOBALROOT\\KnownDlls').object!.name).toBe('KnownDlls');
  });

  it('session 0 uses \\BaseNamedObjects; session 1 has its own, with Global, Local and Session links', () => {
    const ob = boot();
    expect(names(ob, '\\Sessions')).toEqual(['0', '1', 'BNOLINKS']);
    expect(names(ob, '\\Sessions\\0')).toEqual(['DosDevices']);
    expect(names(ob, '\\Sessions\\1')).toEqual(['BaseNamedObjects', 'DosDevices', 'Windows']);
    expect(names(ob, '\\Sessions\\1\\BaseNamedObjects')).toEqual(['Global', 'Local', 'Session']);
    expect(names(ob, '\\BaseNamedObjects')).toEqual(['Global', 'Local', 'Session']);
    const resolved = (p: string) => ob.namespace.lookup(p).resolvedPath;
    expect(resolved('\\Sessions\\1\\BaseNamedObjects\\Global\\x')).toBe('\\BaseNamedObjects\\x');
    expect(resolved('\\Sessions\\1\\BaseNamedObjects\\Local\\x')).toBe('\\Sessions\\1\\BaseNamedObjects\\x');
    expect(resolved('\\BaseNamedObjects\\Session\\1\\x')).toBe('\\Sessions\\1\\BaseNamedObjects\\x');
    expect(resolved('\\Sessions\\1\\BaseNamedObjects\\Session\\0\\x')).toBe('\\BaseNamedObjects\\x');
    expect(names(boot({ sessions: [0, 1, 2] }), '\\Sessions\\BNOLINKS')).toEqual(['0', '1', '2']);
  });

  it('gives every object the same kernel address on every run', () => {
    const a = boot();
    const b = boot();
    const root = a.namespace.lookup('\\').object!;
    expect(a.adopted.get(root.body as object)!.bodyAddress).toBe(0xffffa50f000010e0n);
    const addresses = (ob: ObjectManager) =>
      WIN10_22H2_OBJECT_TYPES.map(
        ([, n]) => (ob.namespace.lookup(`\\ObjectTypes\\${n}`).object as ObjectHeader).bodyAddress,
      );
    expect(addresses(a)).toEqual(addresses(b));
    expect(new Set(addresses(a)).size).toBe(67);
  });

  it('keeps what a machine already put in its namespace', () => {
    const ns = new ObjectNamespace();
    const knownDlls = ns.ensureDirectory('\\KnownDlls');
    ns.createSymbolicLink('\\GLOBAL??\\GLOBALROOT', '');
    ns.createSymbolicLink('\\GLOBAL??\\C:', '\\Device\\HarddiskVolume3');
    ns.createSymbolicLink('\\DosDevices', '\\??');
    ns.ensureDirectory('\\ObjectTypes');
    const ob = new ObjectManager({ namespace: ns });
    createBootNamespace(ob);
    expect(ns.lookup('\\KnownDlls').object!.body).toBe(knownDlls);
    expect(names(ob, '\\GLOBAL??')).toEqual(['C:', 'Global', 'GLOBALROOT']);
    expect(names(ob, '\\ObjectTypes').length).toBe(67);
  });
});
