import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, sep } from 'node:path';
import { STATUS, type NTSTATUS } from '../base/index.js';
import type { FileSystem, FsEntry, FsResult } from '../kernel/io/index.js';

/** Host names a Windows path cannot spell (reserved characters) are not visible in the mount. */
// eslint-disable-next-line no-control-regex -- control characters cannot appear in a Windows name
const UNSPELLABLE = /["*:<>?\\|\u0000-\u001f]/;

/**
 * A host folder mounted into a simulated volume (read-only unless asked). Windows semantics over a
 * case-sensitive host: lookups are case-insensitive (where two host names differ only in case, the
 * first in byte order wins). Nothing outside the folder is reachable: components never contain
 * `.`/`..` (the I/O manager rejects them), and a host symlink is followed only when its real path
 * stays inside the folder — otherwise it is invisible.
 */
export class HostFolderFileSystem implements FileSystem {
  readonly readOnly: boolean;
  readonly description: string;
  private readonly root: string;
  private readonly listings = new Map<string, Map<string, string>>();

  constructor(folder: string, options: { writable?: boolean } = {}) {
    this.root = realpathSync(folder);
    if (!statSync(this.root).isDirectory()) throw new Error(`${folder} is not a directory`);
    this.readOnly = !options.writable;
    this.description = `host:${this.root}${this.readOnly ? '' : ' (writable)'}`;
  }

  /** Upper-cased name → host name, for one host directory. */
  private listing(dir: string): Map<string, string> {
    let m = this.listings.get(dir);
    if (!m) {
      m = new Map();
      for (const name of readdirSync(dir).sort()) {
        if (UNSPELLABLE.test(name)) continue;
        const key = name.toUpperCase();
        if (!m.has(key)) m.set(key, name);
      }
      this.listings.set(dir, m);
    }
    return m;
  }

  /** Whether a host path (after following links) stays inside the mounted folder. */
  private inside(hostPath: string): boolean {
    try {
      const real = realpathSync(hostPath);
      return real === this.root || real.startsWith(this.root + sep);
    } catch {
      return false; // a dangling link
    }
  }

  /** Resolves components to a host path, or a status: NAME_NOT_FOUND for the last, PATH_NOT_FOUND before. */
  private resolve(components: readonly string[]): { status: NTSTATUS; path: string } {
    let path = this.root;
    for (let i = 0; i < components.length; i++) {
      if (!this.isDirectory(path)) return { status: STATUS.OBJECT_PATH_NOT_FOUND, path };
      const name = this.listing(path).get(components[i]!.toUpperCase());
      const last = i === components.length - 1;
      if (name === undefined)
        return { status: last ? STATUS.OBJECT_NAME_NOT_FOUND : STATUS.OBJECT_PATH_NOT_FOUND, path };
      const next = join(path, name);
      if (!this.linkStaysInside(next))
        return { status: last ? STATUS.OBJECT_NAME_NOT_FOUND : STATUS.OBJECT_PATH_NOT_FOUND, path };
      path = next;
    }
    return { status: STATUS.SUCCESS, path };
  }

  /*
   * A read-only folder is taken as unchanging while it is mounted (as its listings already are):
   * what a host path is — a directory, a link leading out, its entry — is asked of the host once.
   * The loader probes the same paths for every process it starts; a writable folder asks each time.
   */
  private readonly dirs = new Map<string, boolean>();
  private readonly links = new Map<string, boolean>();
  private readonly entries = new Map<string, FsEntry | null>();

  private isDirectory(path: string): boolean {
    let d = this.readOnly ? this.dirs.get(path) : undefined;
    if (d === undefined) {
      try {
        d = statSync(path).isDirectory();
      } catch {
        d = false;
      }
      if (this.readOnly) this.dirs.set(path, d);
    }
    return d;
  }

  private linkStaysInside(path: string): boolean {
    let ok = this.readOnly ? this.links.get(path) : undefined;
    if (ok === undefined) {
      ok = !lstatSync(path).isSymbolicLink() || this.inside(path);
      if (this.readOnly) this.links.set(path, ok);
    }
    return ok;
  }

  private entry(path: string, name: string): FsEntry | null {
    if (!this.readOnly) return this.hostEntry(path, name);
    const key = `${path}\0${name}`;
    let e = this.entries.get(key);
    if (e === undefined) {
      e = this.hostEntry(path, name);
      this.entries.set(key, e);
    }
    return e;
  }

  private hostEntry(path: string, name: string): FsEntry | null {
    try {
      const st = statSync(path);
      if (!st.isFile() && !st.isDirectory()) return null;
      return { name, isDirectory: st.isDirectory(), size: st.isFile() ? st.size : 0, version: st.mtimeMs };
    } catch {
      return null;
    }
  }

  stat(components: readonly string[]): FsResult<FsEntry> {
    const r = this.resolve(components);
    if (r.status !== STATUS.SUCCESS) return { status: r.status };
    const e = this.entry(r.path, components.length ? r.path.slice(r.path.lastIndexOf(sep) + 1) : '');
    return e ? { status: STATUS.SUCCESS, value: e } : { status: STATUS.OBJECT_NAME_NOT_FOUND };
  }

  list(components: readonly string[]): FsResult<FsEntry[]> {
    const r = this.resolve(components);
    if (r.status !== STATUS.SUCCESS) return { status: r.status };
    if (!statSync(r.path).isDirectory()) return { status: STATUS.NOT_A_DIRECTORY };
    const out: FsEntry[] = [];
    for (const name of this.listing(r.path).values()) {
      const p = join(r.path, name);
      if (lstatSync(p).isSymbolicLink() && !this.inside(p)) continue;
      const e = this.entry(p, name);
      if (e) out.push(e);
    }
    return {
      status: STATUS.SUCCESS,
      value: out.sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1)),
    };
  }

  read(components: readonly string[]): FsResult<Uint8Array> {
    const r = this.resolve(components);
    if (r.status !== STATUS.SUCCESS) return { status: r.status };
    if (this.isDirectory(r.path)) return { status: STATUS.FILE_IS_A_DIRECTORY };
    return { status: STATUS.SUCCESS, value: new Uint8Array(readFileSync(r.path)) };
  }

  write(components: readonly string[], data: Uint8Array): NTSTATUS {
    if (this.readOnly) return STATUS.MEDIA_WRITE_PROTECTED;
    const parent = this.resolve(components.slice(0, -1));
    if (parent.status !== STATUS.SUCCESS) return STATUS.OBJECT_PATH_NOT_FOUND;
    const name = components[components.length - 1]!;
    const existing = this.listing(parent.path).get(name.toUpperCase());
    const target = join(parent.path, existing ?? name);
    if (existing !== undefined && lstatSync(target).isSymbolicLink()) return STATUS.ACCESS_DENIED; // never write through a link
    writeFileSync(target, data);
    this.listings.delete(parent.path);
    return STATUS.SUCCESS;
  }

  mkdir(components: readonly string[]): NTSTATUS {
    if (this.readOnly) return STATUS.MEDIA_WRITE_PROTECTED;
    const parent = this.resolve(components.slice(0, -1));
    if (parent.status !== STATUS.SUCCESS) return STATUS.OBJECT_PATH_NOT_FOUND;
    const name = components[components.length - 1]!;
    if (this.listing(parent.path).has(name.toUpperCase())) return STATUS.OBJECT_NAME_COLLISION;
    mkdirSync(join(parent.path, name));
    this.listings.delete(parent.path);
    return STATUS.SUCCESS;
  }
}
