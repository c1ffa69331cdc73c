import { STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode, OBJ_PERMANENT } from './constants.js';
import { ObCreateObject } from './create.js';
import { ObjectDirectory, SymbolicLink } from './directory.js';
import type { HandleTableOwner } from './handle-create.js';
import { ObInsertObject } from './insert.js';
import type { ObjectManager } from './object-manager.js';
import type { ObjectType } from './object-types.js';

/**
 * SILOOBJECT_ROOT_DIRECTORY.ControlFlags (winnt.h SILO_OBJECT_ROOT_DIRECTORY_*; the values as
 * public headers quote them, e.g. the Rust constants found by code search, index id 41773883340).
 */
export const SILO_OBJECT_ROOT_DIRECTORY_SHADOW_ROOT = 0x1;
export const SILO_OBJECT_ROOT_DIRECTORY_INITIALIZE = 0x2;
export const SILO_OBJECT_ROOT_DIRECTORY_SHADOW_DOS_DEVICES = 0x4;
export const SILO_OBJECT_ROOT_DIRECTORY_ALL = 0x7;

/** `\Silos`: where ObpGetSilosRootDirectory keeps each silo's root, named by its decimal id. */
const OBP_SILOS_DIRECTORY = '\\Silos';

/**
 * ObpGetSiloRootDirectory: the root a name lookup by `process` starts from — its server silo's
 * root directory, or undefined for the host's `\` (the hook Ps installs on the object manager).
 */
export function ObpGetSiloRootDirectory(
  ob: ObjectManager,
  process: HandleTableOwner | null,
): ObjectDirectory | undefined {
  return ob.siloRootDirectory?.(process) ?? undefined;
}

/** A permanent object named `name` in `parent` (its own entries only, not its shadow's). */
function ObpCreateIn<T>(
  ob: ObjectManager,
  parent: ObjectDirectory,
  parentPath: string,
  name: string,
  type: ObjectType<T>,
  body: T,
): T {
  const existing = parent.lookup(name);
  if (existing) return existing.body as T;
  const created = ObCreateObject(ob, {
    type,
    body,
    name: `${parentPath === '\\' ? '' : parentPath}\\${name}`,
    attributes: OBJ_PERMANENT,
    accessMode: KernelMode,
  });
  ObInsertObject(ob, created.object!, { desiredAccess: 0, process: null, noHandle: true });
  return body;
}

function ObpSiloDirectory(ob: ObjectManager, parent: ObjectDirectory, parentPath: string, name: string) {
  return ObpCreateIn(ob, parent, parentPath, name, ObjectDirectory.type, new ObjectDirectory());
}

function ObpSiloLink(
  ob: ObjectManager,
  parent: ObjectDirectory,
  parentPath: string,
  name: string,
  target: string,
) {
  ObpCreateIn(ob, parent, parentPath, name, SymbolicLink.type, new SymbolicLink(target));
}

/**
 * ObCreateSiloRootDirectory (decompiled ntoskrnl, search index id 64538945287): control flags
 * outside SILO_OBJECT_ROOT_DIRECTORY_ALL, or SHADOW_DOS_DEVICES without INITIALIZE, are
 * STATUS_INVALID_PARAMETER. The root is the directory `\Silos\<silo id>` (ObpGetSilosRootDirectory;
 * NtCreateDirectoryObjectEx with OBJ_PERMANENT and no OBJ_OPENIF, so a second root for the same
 * silo is STATUS_OBJECT_NAME_COLLISION), shadowing `\` with SHADOW_ROOT. INITIALIZE runs
 * ObpInitializeRootNamespace, whose body no public source shows: the model gives the silo root
 * what ObInitSystem gives the host (ReactOS ob/obinit.c): `\GLOBAL??` — shadowing the host's
 * `\GLOBAL??` with SHADOW_DOS_DEVICES — with `GLOBALROOT` and `Global`, and `\DosDevices` → `\??`.
 */
export function ObCreateSiloRootDirectory(
  ob: ObjectManager,
  siloId: number,
  controlFlags: number,
): { status: NTSTATUS; directory?: ObjectDirectory; path?: string } {
  const flags = controlFlags >>> 0;
  if (flags & ~SILO_OBJECT_ROOT_DIRECTORY_ALL) return { status: STATUS.INVALID_PARAMETER };
  if ((flags & 6) === SILO_OBJECT_ROOT_DIRECTORY_SHADOW_DOS_DEVICES)
    return { status: STATUS.INVALID_PARAMETER };
  const silos = ObpSiloDirectory(ob, ob.namespace.root, '\\', OBP_SILOS_DIRECTORY.slice(1));
  const name = String(siloId);
  if (silos.lookup(name)) return { status: STATUS.OBJECT_NAME_COLLISION };
  const path = `${OBP_SILOS_DIRECTORY}\\${name}`;
  const root = ObpSiloDirectory(ob, silos, OBP_SILOS_DIRECTORY, name);
  if (flags & SILO_OBJECT_ROOT_DIRECTORY_SHADOW_ROOT) root.ShadowDirectory = ob.namespace.root;
  if (flags & SILO_OBJECT_ROOT_DIRECTORY_INITIALIZE) {
    const dos = ObpSiloDirectory(ob, root, path, 'GLOBAL??');
    if (flags & SILO_OBJECT_ROOT_DIRECTORY_SHADOW_DOS_DEVICES) {
      const host = ob.namespace.root.lookup('GLOBAL??');
      if (host?.body instanceof ObjectDirectory) dos.ShadowDirectory = host.body;
    }
    ObpSiloLink(ob, dos, `${path}\\GLOBAL??`, 'GLOBALROOT', '');
    ObpSiloLink(ob, dos, `${path}\\GLOBAL??`, 'Global', '\\GLOBAL??');
    ObpSiloLink(ob, root, path, 'DosDevices', '\\??');
  }
  return { status: STATUS.SUCCESS, directory: root, path };
}

/**
 * The named-object directories of a server silo's sessions, as the silo's own smss and csrss make
 * them when SmStartServerSilo starts it (phnt ntsmss.h SmStartServerSiloApi) — and as a silo's
 * creator does by hand without smss (J. Forshaw's winsilo `SetupRootDirectory`, public sample
 * built on NtApiDotNet): `\BaseNamedObjects` with `Global`, `Local` and `Session`, `\Sessions\BNOLINKS`,
 * and per session `\Sessions\<n>\BaseNamedObjects` (the same shape createBootNamespace gives the host).
 * Link targets are silo-relative: a process in the silo resolves them from the silo's root.
 */
export function ObCreateSiloNamedObjectDirectories(
  ob: ObjectManager,
  root: ObjectDirectory,
  rootPath: string,
  sessions: readonly number[],
): void {
  const bnoPath = `${rootPath}\\BaseNamedObjects`;
  const bno = ObpSiloDirectory(ob, root, rootPath, 'BaseNamedObjects');
  ObpSiloLink(ob, bno, bnoPath, 'Global', '\\BaseNamedObjects');
  ObpSiloLink(ob, bno, bnoPath, 'Local', '\\BaseNamedObjects');
  ObpSiloLink(ob, bno, bnoPath, 'Session', '\\Sessions\\BNOLINKS');
  const sessionsPath = `${rootPath}\\Sessions`;
  const sessionsDir = ObpSiloDirectory(ob, root, rootPath, 'Sessions');
  const links = ObpSiloDirectory(ob, sessionsDir, sessionsPath, 'BNOLINKS');
  for (const n of sessions) {
    const sessionPath = `${sessionsPath}\\${n}`;
    const session = ObpSiloDirectory(ob, sessionsDir, sessionsPath, String(n));
    ObpSiloDirectory(ob, session, sessionPath, 'DosDevices');
    if (n === 0) {
      ObpSiloLink(ob, links, `${sessionsPath}\\BNOLINKS`, '0', '\\BaseNamedObjects');
      continue;
    }
    const sbnoPath = `${sessionPath}\\BaseNamedObjects`;
    const sbno = ObpSiloDirectory(ob, session, sessionPath, 'BaseNamedObjects');
    ObpSiloLink(ob, sbno, sbnoPath, 'Global', '\\BaseNamedObjects');
    ObpSiloLink(ob, sbno, sbnoPath, 'Local', `\\Sessions\\${n}\\BaseNamedObjects`);
    ObpSiloLink(ob, sbno, sbnoPath, 'Session', '\\Sessions\\BNOLINKS');
    ObpSiloLink(ob, links, `${sessionsPath}\\BNOLINKS`, String(n), `\\Sessions\\${n}\\BaseNamedObjects`);
  }
}
