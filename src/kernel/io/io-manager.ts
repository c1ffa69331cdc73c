import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { ObjectNamespace } from '../ob/index.js';
import type { FsEntry } from './file-system.js';
import { Volume } from './volume.js';

/** A file path resolved through the object manager to a volume and the components under it. */
export interface ResolvedFile {
  status: NTSTATUS;
  volume: Volume | null;
  components: string[];
  /** `\Device\HarddiskVolume3\Windows\System32\ntdll.dll`: the path after every link. */
  devicePath: string;
}

/**
 * The I/O manager's part of opening a file by NT path: ObpLookupObjectName follows `\??\C:` to the
 * volume device, whose parse procedure takes the rest. A path that ends at an object that is not a
 * volume (a directory, a section, `\Device\Null`) is not a file: STATUS_OBJECT_TYPE_MISMATCH.
 */
export function IopResolveFile(ns: ObjectNamespace, ntPath: string): ResolvedFile {
  // Devices with a parse procedure have had their say in the lookup (MUP refuses every UNC path:
  // no network here; a volume checks the name).
  const r = ns.lookup(ntPath);
  if (r.status !== STATUS.SUCCESS || !r.object)
    return { status: r.status, volume: null, components: [], devicePath: r.resolvedPath };
  if (!(r.object.body instanceof Volume))
    return { status: STATUS.OBJECT_TYPE_MISMATCH, volume: null, components: [], devicePath: r.resolvedPath };
  // The volume's parse procedure already checked the name (no remainder: the volume's root).
  const components = (r.parsed as { components?: string[] } | undefined)?.components ?? [];
  return { status: STATUS.SUCCESS, volume: r.object.body, components, devicePath: r.resolvedPath };
}

export function IoStatFile(
  ns: ObjectNamespace,
  ntPath: string,
): { status: NTSTATUS; entry?: FsEntry; file?: ResolvedFile } {
  const f = IopResolveFile(ns, ntPath);
  if (f.status !== STATUS.SUCCESS) return { status: f.status, file: f };
  const st = f.volume!.fs.stat(f.components);
  return st.value ? { status: st.status, entry: st.value, file: f } : { status: st.status, file: f };
}

export function IoReadFile(ns: ObjectNamespace, ntPath: string): { status: NTSTATUS; data?: Uint8Array } {
  const f = IopResolveFile(ns, ntPath);
  if (f.status !== STATUS.SUCCESS) return { status: f.status };
  const r = f.volume!.fs.read(f.components);
  return r.value ? { status: r.status, data: r.value } : { status: r.status };
}

export function IoListDirectory(
  ns: ObjectNamespace,
  ntPath: string,
): { status: NTSTATUS; entries?: FsEntry[] } {
  const f = IopResolveFile(ns, ntPath);
  if (f.status !== STATUS.SUCCESS) return { status: f.status };
  const r = f.volume!.fs.list(f.components);
  return r.value ? { status: r.status, entries: r.value } : { status: r.status };
}

export function IoWriteFile(ns: ObjectNamespace, ntPath: string, data: Uint8Array): NTSTATUS {
  const f = IopResolveFile(ns, ntPath);
  if (f.status !== STATUS.SUCCESS) return f.status;
  if (f.components.length === 0) return STATUS.FILE_IS_A_DIRECTORY;
  return f.volume!.fs.write(f.components, data);
}

export function IoCreateDirectory(ns: ObjectNamespace, ntPath: string): NTSTATUS {
  const f = IopResolveFile(ns, ntPath);
  if (f.status !== STATUS.SUCCESS) return f.status;
  if (f.components.length === 0) return STATUS.OBJECT_NAME_COLLISION;
  return f.volume!.fs.mkdir(f.components);
}
