import type { CallOutcome, NTSTATUS, Span } from '../../base/index.js';
import type { EPROCESS } from './objects.js';

/** What the process-making services return: the status, and on success the handle and the process. */
export interface PsProcessCreated {
  status: NTSTATUS;
  ProcessHandle?: number;
  process?: EPROCESS;
}

/**
 * The trace outcome of a service that makes a process object without a thread (NtCreateProcessEx,
 * PsCreateMinimalProcess): the new Process object is recorded on the span at its kernel address,
 * and the span's result names its pid and the creator's handle.
 */
export function PspProcessCreatedOutcome<T extends PsProcessCreated>(span: Span, r: T): CallOutcome<T> {
  if (r.process)
    span.object({ type: 'Process', name: r.process.ImageFileName, address: r.process.header?.bodyAddress });
  return {
    status: r.status,
    value: r,
    ...(r.process ? { result: { pid: r.process.UniqueProcessId, handle: r.ProcessHandle! } } : {}),
  };
}
