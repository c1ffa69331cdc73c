import { ModelError, STATUS } from '../../base/index.js';
import { KernelMode, OBJ_PERMANENT } from './constants.js';
import { ObCreateObject } from './create.js';
import { ObjectDirectory, SymbolicLink } from './directory.js';
import { ObInsertObject } from './insert.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import { ObCreateObjectType, ObpCreateTypeObject, ObpTypeObjectTypeInfo } from './object-type.js';
import type { ObjectType } from './object-types.js';
import { ObpHeaderOf } from './open.js';
import { ObDereferenceObject } from './reference.js';
import { ObpInsertName } from './name.js';
import { WIN10_22H2_OBJECT_TYPES } from './type-table.js';

/**
 * A permanent kernel object at `path` (ZwCreate…Object with OBJ_PERMANENT, then ZwClose: the name
 * keeps it). An existing entry is left as it is and returned.
 */
function ObpCreatePermanent<T>(ob: ObjectManager, path: string, type: ObjectType<T>, body: T): ObjectHeader {
  const existing = ob.namespace.lookup(path, { openLink: true });
  if (existing.status === STATUS.SUCCESS && existing.remaining === '')
    return ObpHeaderOf(ob, existing.object!);
  const created = ObCreateObject(ob, {
    type,
    body,
    name: path,
    attributes: OBJ_PERMANENT,
    accessMode: KernelMode,
  });
  const object = created.object!;
  const inserted = ObInsertObject(ob, object, { desiredAccess: 0, process: null, noHandle: true });
  if (inserted.status !== STATUS.SUCCESS)
    throw new ModelError('ob.boot', `cannot create ${path}: 0x${(inserted.status >>> 0).toString(16)}`);
  ObDereferenceObject(ob, object);
  return object;
}

/** NtCreateDirectoryObject(OBJ_PERMANENT) at boot. */
export function ObpCreateDirectory(ob: ObjectManager, path: string): ObjectHeader {
  return ObpCreatePermanent(ob, path, ObjectDirectory.type, new ObjectDirectory());
}

/** NtCreateSymbolicLinkObject(OBJ_PERMANENT) at boot. */
export function ObpCreateSymbolicLink(ob: ObjectManager, path: string, target: string): ObjectHeader {
  return ObpCreatePermanent(ob, path, SymbolicLink.type, new SymbolicLink(target));
}

/**
 * ObInitSystem: the Type, Directory and SymbolicLink types (indexes 2, 3, 4), the root directory,
 * `\ObjectTypes` with a Type object per registered type, `\KernelObjects`, and the DOS devices
 * directory: `\GLOBAL??` with `GLOBALROOT` → `` (the root) and `Global` → `\GLOBAL??`, and
 * `\DosDevices` → `\??` (ReactOS ob/obinit.c ObInitSystem, ob/devicemap.c
 * ObpCreateDosDevicesDirectory). Entries already in the namespace are kept. Runs once.
 */
export function ObInitSystem(ob: ObjectManager): void {
  if (ob.typeType) return;
  ObpHeaderOf(ob, { type: ObjectDirectory.type, body: ob.namespace.root, name: '' });
  ob.typeType = ObCreateObjectType(ob, ObpTypeObjectTypeInfo).type ?? null;
  ob.directoryType = ObCreateObjectType(ob, ObjectDirectory.type).type ?? null;
  ob.symbolicLinkType = ObCreateObjectType(ob, SymbolicLink.type).type ?? null;
  for (const t of ob.typeIndexTable) if (t && !t.header) ObpCreateTypeObject(ob, t);
  const objectTypes = ObpCreateDirectory(ob, '\\ObjectTypes').body as ObjectDirectory;
  for (const t of ob.typeIndexTable)
    if (t?.header && !t.header.directory) ObpInsertName(ob, t.header, objectTypes, t.name);
  ObpCreateDirectory(ob, '\\KernelObjects');
  ObpCreateDirectory(ob, '\\GLOBAL??');
  ObpCreateSymbolicLink(ob, '\\GLOBAL??\\GLOBALROOT', '');
  ObpCreateSymbolicLink(ob, '\\GLOBAL??\\Global', '\\GLOBAL??');
  ObpCreateSymbolicLink(ob, '\\DosDevices', '\\??');
}

export interface BootNamespaceOptions {
  /** Sessions with a namespace of their own: 0 (services) and 1 (the console user) by default. */
  sessions?: readonly number[];
  /** List every Windows 10 22H2 type in `\ObjectTypes`, as placeholders until their components register them. Default true. */
  allTypes?: boolean;
}

/**
 * The object namespace of a booted Windows 10 22H2, as far as sources name it (Windows Internals 7,
 * ch. 8, "Object directories" table — every directory below is in it; Microsoft Learn, "Object
 * Directories"). Who creates what:
 * - ObInitSystem: `\`, `\ObjectTypes` (all 67 types), `\KernelObjects`, `\GLOBAL??`, `\DosDevices`;
 * - the I/O manager: `\Device`, `\Driver`, `\FileSystem` (and the filter manager's
 *   `\FileSystem\Filters`), `\ArcName`; the kernel: `\UMDFCommunicationPorts` (decompiled
 *   NtCreateDirectoryObject call, search index id 65708373685), `\Callback` (ExCreateCallback's
 *   `\Callback\SetSystemTime`: Microsoft Learn, "Using a System-Defined Callback Object"),
 *   `\Security` (SeInitSRM, ReactOS se/semgr.c), `\Nls`;
 * - smss: `\KnownDlls`, `\KnownDlls32`, `\Sessions`, and the Session Manager's ObjectDirectories
 *   value, `\Windows` and `\RPC Control` (ReactOS smss: SmpConfigureObjectDirectories' default);
 * - csrss/BASESRV: the named-object directories. Session 0 (services) uses the global
 *   `\BaseNamedObjects` — a directory, not a link; other sessions get
 *   `\Sessions\<n>\BaseNamedObjects`, with links `Global` → `\BaseNamedObjects`, `Local` → itself
 *   and `Session` → `\Sessions\BNOLINKS`, whose entry `<n>` links to each session's directory
 *   (Windows Internals 7, ch. 8 "Session namespace"; R. Weijnen, "Accessing kernel objects in other
 *   sessions", 2009, from WinObj). `\Sessions\<n>\DosDevices` holds the per-logon DOS devices and,
 *   for n ≥ 1, `\Sessions\<n>\Windows` the session's window stations.
 * Existing entries are kept, so the helper can run over a machine's namespace.
 */
export function createBootNamespace(ob: ObjectManager, options: BootNamespaceOptions = {}): void {
  ObInitSystem(ob);
  if (options.allTypes ?? true)
    for (const [index, name] of WIN10_22H2_OBJECT_TYPES)
      if (!ob.types.has(name.toUpperCase())) ObCreateObjectType(ob, { name }, { index, placeholder: true });
  for (const dir of [
    '\\Device',
    '\\Driver',
    '\\FileSystem',
    '\\FileSystem\\Filters',
    '\\ArcName',
    '\\Callback',
    '\\Security',
    '\\Nls',
    '\\UMDFCommunicationPorts',
    '\\KnownDlls',
    '\\KnownDlls32',
    '\\Windows',
    '\\RPC Control',
    '\\BaseNamedObjects',
    '\\Sessions',
    '\\Sessions\\BNOLINKS',
  ])
    ObpCreateDirectory(ob, dir);
  ObpCreateSymbolicLink(ob, '\\BaseNamedObjects\\Global', '\\BaseNamedObjects');
  ObpCreateSymbolicLink(ob, '\\BaseNamedObjects\\Local', '\\BaseNamedObjects');
  ObpCreateSymbolicLink(ob, '\\BaseNamedObjects\\Session', '\\Sessions\\BNOLINKS');
  for (const n of options.sessions ?? [0, 1]) {
    const session = `\\Sessions\\${n}`;
    ObpCreateDirectory(ob, session);
    ObpCreateDirectory(ob, `${session}\\DosDevices`);
    if (n === 0) {
      ObpCreateSymbolicLink(ob, '\\Sessions\\BNOLINKS\\0', '\\BaseNamedObjects');
      continue;
    }
    const bno = `${session}\\BaseNamedObjects`;
    ObpCreateDirectory(ob, bno);
    ObpCreateSymbolicLink(ob, `${bno}\\Global`, '\\BaseNamedObjects');
    ObpCreateSymbolicLink(ob, `${bno}\\Local`, bno);
    ObpCreateSymbolicLink(ob, `${bno}\\Session`, '\\Sessions\\BNOLINKS');
    ObpCreateSymbolicLink(ob, `\\Sessions\\BNOLINKS\\${n}`, bno);
    ObpCreateDirectory(ob, `${session}\\Windows`);
  }
}
