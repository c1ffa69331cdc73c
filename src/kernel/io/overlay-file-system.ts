import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { FileSystem, FsEntry, FsResult } from './file-system.js';

/**
 * Two backends seen as one: names in `upper` hide the same names in `lower`, names only in `lower`
 * stay visible. `--system-root DIR` mounts a host folder this way over the embedded System32: the
 * host's files replace the embedded ones of the same name, and the embedded files the host lacks
 * (e.g. smss.exe in Wine's folder) are still there. Writes go to `upper` when it already has the
 * name, else to `lower`.
 */
export class OverlayFileSystem implements FileSystem {
  readonly readOnly: boolean;
  readonly description: string;
  constructor(
    readonly upper: FileSystem,
    readonly lower: FileSystem,
  ) {
    this.readOnly = upper.readOnly && lower.readOnly;
    this.description = `${upper.description} over ${lower.description}`;
  }

  stat(components: readonly string[]): FsResult<FsEntry> {
    const u = this.upper.stat(components);
    return u.status === STATUS.SUCCESS ? u : this.lower.stat(components);
  }

  list(components: readonly string[]): FsResult<FsEntry[]> {
    const u = this.upper.list(components);
    const l = this.lower.list(components);
    if (u.status !== STATUS.SUCCESS) return l;
    if (l.status !== STATUS.SUCCESS) return u;
    const byName = new Map<string, FsEntry>();
    for (const e of l.value!) byName.set(e.name.toUpperCase(), e);
    for (const e of u.value!) byName.set(e.name.toUpperCase(), e);
    return {
      status: STATUS.SUCCESS,
      value: [...byName.values()].sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1)),
    };
  }

  read(components: readonly string[]): FsResult<Uint8Array> {
    const u = this.upper.read(components);
    return u.status === STATUS.SUCCESS || u.status === STATUS.FILE_IS_A_DIRECTORY
      ? u
      : this.lower.read(components);
  }

  write(components: readonly string[], data: Uint8Array): NTSTATUS {
    return this.upper.stat(components).status === STATUS.SUCCESS
      ? this.upper.write(components, data)
      : this.lower.write(components, data);
  }

  mkdir(components: readonly string[]): NTSTATUS {
    if (this.upper.stat(components).status === STATUS.SUCCESS) return STATUS.OBJECT_NAME_COLLISION;
    return this.lower.mkdir(components);
  }
}
