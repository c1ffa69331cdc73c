import type { NTSTATUS } from '../../base/index.js';

/** A memory-manager answer: the NTSTATUS, and the value on success (like io's FsResult). */
export type MmResult<T> = { status: NTSTATUS; value?: T };
