import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { FileSystem, FsEntry, FsResult } from './file-system.js';

type FileNode = {
  kind: 'file';
  name: string;
  data: Uint8Array | null;
  load: (() => Uint8Array) | null;
  version: number;
};
type DirNode = { kind: 'dir'; name: string; children: Map<string, Node> };
type MountNode = { kind: 'mount'; name: string; fs: FileSystem };
type Node = FileNode | DirNode | MountNode;

/** A snapshot of the files written at run time (lazily synthesized files are not copied). */
export interface MemoryFsSnapshot {
  dirs: string[];
  files: [path: string, data: number[]][];
}

/**
 * The in-memory file system (the default backend of a volume): case-insensitive, case-preserving.
 * Files may be lazy — their bytes made on first read (the embedded image's PE files come from the
 * PE writer that way). A directory can be a mount point that hands the rest of a path to another
 * backend (a host folder given with --system-root).
 */
export class MemoryFileSystem implements FileSystem {
  readonly readOnly = false;
  readonly description = 'memory';
  private readonly root: DirNode = { kind: 'dir', name: '', children: new Map() };
  /** Paths written through `write`/`mkdir` (not through `addLazyFile`), for snapshots. */
  private readonly written = new Map<string, string>(); // upper-cased path → path as stored
  /** Writes so far: a file's version is the count at its last write (0 for a lazy file never written). */
  private writes = 0;

  private walk(components: readonly string[]): { node: Node | undefined; at: number } {
    let node: Node = this.root;
    for (let i = 0; i < components.length; i++) {
      if (node.kind === 'mount') return { node, at: i };
      if (node.kind !== 'dir') return { node: undefined, at: i };
      const next: Node | undefined = node.children.get(components[i]!.toUpperCase());
      if (!next) return { node: undefined, at: i };
      node = next;
    }
    return { node, at: components.length };
  }

  /** Follows a mount point: the backend and the components left for it. */
  private delegate(components: readonly string[]): { fs: FileSystem; rest: readonly string[] } | null {
    const { node, at } = this.walk(components);
    if (node?.kind === 'mount') return { fs: node.fs, rest: components.slice(at) };
    return null;
  }

  private parentStatus(components: readonly string[]): NTSTATUS {
    const { node } = this.walk(components.slice(0, -1));
    return node && node.kind === 'dir' ? STATUS.OBJECT_NAME_NOT_FOUND : STATUS.OBJECT_PATH_NOT_FOUND;
  }

  stat(components: readonly string[]): FsResult<FsEntry> {
    const d = this.delegate(components);
    if (d) return d.fs.stat(d.rest);
    const { node } = this.walk(components);
    if (!node) return { status: this.parentStatus(components) };
    return { status: STATUS.SUCCESS, value: entryOf(node) };
  }

  list(components: readonly string[]): FsResult<FsEntry[]> {
    const d = this.delegate(components);
    if (d) return d.fs.list(d.rest);
    const { node } = this.walk(components);
    if (!node) return { status: this.parentStatus(components) };
    if (node.kind !== 'dir') return { status: STATUS.NOT_A_DIRECTORY };
    const entries = [...node.children.values()].map(entryOf);
    return {
      status: STATUS.SUCCESS,
      value: entries.sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1)),
    };
  }

  read(components: readonly string[]): FsResult<Uint8Array> {
    const d = this.delegate(components);
    if (d) return d.fs.read(d.rest);
    const { node } = this.walk(components);
    if (!node) return { status: this.parentStatus(components) };
    if (node.kind !== 'file') return { status: STATUS.FILE_IS_A_DIRECTORY };
    if (!node.data) {
      node.data = node.load!();
      node.load = null;
    }
    return { status: STATUS.SUCCESS, value: node.data };
  }

  write(components: readonly string[], data: Uint8Array): NTSTATUS {
    const d = this.delegate(components);
    if (d) return d.fs.write(d.rest, data);
    const parent = this.walk(components.slice(0, -1)).node;
    if (!parent || components.length === 0) return STATUS.OBJECT_PATH_NOT_FOUND;
    if (parent.kind !== 'dir') return STATUS.OBJECT_PATH_NOT_FOUND;
    const name = components[components.length - 1]!;
    const existing = parent.children.get(name.toUpperCase());
    if (existing && existing.kind !== 'file') return STATUS.FILE_IS_A_DIRECTORY;
    // Windows keeps the stored case of an existing name when it is overwritten.
    parent.children.set(name.toUpperCase(), {
      kind: 'file',
      name: existing?.name ?? name,
      data: data.slice(),
      load: null,
      version: ++this.writes,
    });
    this.remember(components, '');
    return STATUS.SUCCESS;
  }

  mkdir(components: readonly string[]): NTSTATUS {
    const d = this.delegate(components);
    if (d) return d.fs.mkdir(d.rest);
    const parent = this.walk(components.slice(0, -1)).node;
    if (!parent || parent.kind !== 'dir' || components.length === 0) return STATUS.OBJECT_PATH_NOT_FOUND;
    const name = components[components.length - 1]!;
    if (parent.children.has(name.toUpperCase())) return STATUS.OBJECT_NAME_COLLISION;
    parent.children.set(name.toUpperCase(), { kind: 'dir', name, children: new Map() });
    this.remember(components, '\\');
    return STATUS.SUCCESS;
  }

  /** Records a written path under the names as stored (the first writer's case). */
  private remember(components: readonly string[], suffix: string): void {
    const stored: string[] = [];
    let node: Node = this.root;
    for (const c of components) {
      if (node.kind !== 'dir') return; // inside a mount: the backend keeps its own state
      node = node.children.get(c.toUpperCase())!;
      stored.push(node.name);
    }
    const path = join(stored) + suffix;
    this.written.set(path.toUpperCase(), path);
  }

  /** Creates directories along `components` (like `mkdir -p`); used while building a machine. */
  ensureDirectory(components: readonly string[]): void {
    let node: DirNode = this.root;
    for (const c of components) {
      let next = node.children.get(c.toUpperCase());
      if (!next) {
        next = { kind: 'dir', name: c, children: new Map() };
        node.children.set(c.toUpperCase(), next);
      }
      if (next.kind !== 'dir') throw new Error(`${join(components)}: ${c} is not a directory`);
      node = next;
    }
  }

  /** A file whose bytes are made on first read. */
  addLazyFile(components: readonly string[], load: () => Uint8Array): void {
    this.ensureDirectory(components.slice(0, -1));
    const parent = this.walk(components.slice(0, -1)).node as DirNode;
    const name = components[components.length - 1]!;
    parent.children.set(name.toUpperCase(), { kind: 'file', name, data: null, load, version: 0 });
  }

  /** Replaces the directory at `components` by a mount of `fs` (its former contents are hidden). */
  mount(components: readonly string[], fs: FileSystem): void {
    this.ensureDirectory(components.slice(0, -1));
    const parent = this.walk(components.slice(0, -1)).node as DirNode;
    const name = components[components.length - 1]!;
    const existing = parent.children.get(name.toUpperCase());
    parent.children.set(name.toUpperCase(), { kind: 'mount', name: existing?.name ?? name, fs });
  }

  snapshot(): MemoryFsSnapshot {
    const dirs: string[] = [];
    const files: [string, number[]][] = [];
    for (const p of [...this.written.values()].sort()) {
      if (p.endsWith('\\')) dirs.push(p.slice(0, -1));
      else {
        const r = this.read(p.split('\\'));
        if (r.value) files.push([p, [...r.value]]);
      }
    }
    return { dirs, files };
  }

  restore(s: MemoryFsSnapshot): void {
    for (const d of s.dirs) this.ensureDirectory(d.split('\\'));
    for (const [p, data] of s.files) this.write(p.split('\\'), Uint8Array.from(data));
  }
}

function entryOf(node: Node): FsEntry {
  if (node.kind === 'file') {
    // A lazy file's size is known once its bytes are made: make them (listing a folder of the
    // embedded image synthesizes its files, as reading them would).
    if (!node.data) {
      node.data = node.load!();
      node.load = null;
    }
    return { name: node.name, isDirectory: false, size: node.data.length, version: node.version };
  }
  return { name: node.name, isDirectory: true, size: 0 };
}

function join(components: readonly string[]): string {
  return components.join('\\');
}
