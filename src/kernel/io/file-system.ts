import type { NTSTATUS } from '../../base/index.js';

/** One entry of a directory: its name as stored (case preserved), and whether it is a directory. */
export interface FsEntry {
  name: string;
  isDirectory: boolean;
  size: number;
  /**
   * Changes whenever the file's contents are replaced (a write counter, or the host's mtime): what
   * tells the memory manager an image section built from the file is stale (Windows keys image
   * sections on the file object's section pointers; a rewritten file gets a new one).
   */
  version?: number;
}

export type FsResult<T> = { status: NTSTATUS; value?: T };

/**
 * A file system backend: the tree under one root. Paths reach it as components, already split and
 * checked (no empty, `.` or `..` components: see `checkComponents`), so no backend can be asked for
 * anything outside its root. Lookups are case-insensitive and return names as stored.
 */
export interface FileSystem {
  readonly readOnly: boolean;
  /** A short description for views and errors: `memory`, `host:/usr/lib/…`. */
  readonly description: string;
  stat(components: readonly string[]): FsResult<FsEntry>;
  list(components: readonly string[]): FsResult<FsEntry[]>;
  read(components: readonly string[]): FsResult<Uint8Array>;
  /** Creates or replaces a file; STATUS_MEDIA_WRITE_PROTECTED on a read-only backend. */
  write(components: readonly string[], data: Uint8Array): NTSTATUS;
  mkdir(components: readonly string[]): NTSTATUS;
}
