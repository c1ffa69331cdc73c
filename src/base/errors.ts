import { hexStatus, ntStatusName, type NTSTATUS } from './ntstatus.js';

/**
 * An expected failure that carries the NTSTATUS Windows would give for it, e.g. a malformed image
 * read by the PE reader. Callers either return the status (kernel, ntdll) or show it (tools).
 */
export class NtStatusError extends Error {
  readonly status: NTSTATUS;
  constructor(status: NTSTATUS, message: string) {
    super(message);
    this.name = 'NtStatusError';
    this.status = status >>> 0;
  }
  get statusName(): string {
    return ntStatusName(this.status);
  }
  toJSON(): { status: string; statusName: string; message: string } {
    return { status: hexStatus(this.status), statusName: this.statusName, message: this.message };
  }
}

/** A broken invariant inside the model: a bug, never an expected outcome of bad input. */
export class ModelError extends Error {
  readonly code: string;
  readonly data: unknown;
  constructor(code: string, message: string, data?: unknown) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
    this.data = data;
  }
}
