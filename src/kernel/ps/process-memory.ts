import { STATUS, type NTSTATUS } from '../../base/index.js';
import { AddressSpace } from '../mm/index.js';
import { ObDereferenceObject } from '../ob/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceProcessByHandle } from './handles.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';

/**
 * The target of a virtual-memory service: the process behind the handle (with `access`, e.g.
 * PROCESS_VM_OPERATION), and its user address space. A process that has exited has no rundown
 * protection left (STATUS_PROCESS_IS_TERMINATING). The System process has no user mappings; its
 * (empty) user space is made when a service first changes it. `run` is called with the process
 * referenced, and the reference dropped after.
 */
export function PspWithProcessAddressSpace<R extends { status: NTSTATUS }>(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  access: number,
  run: (process: EPROCESS, space: AddressSpace) => R,
  options: { readOnly?: boolean } = {},
): R | { status: NTSTATUS } {
  const ref = PspReferenceProcessByHandle(ps, caller, handle, access);
  if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
  const process = ref.object!;
  try {
    if (options.readOnly) return run(process, process.addressSpace ?? new AddressSpace());
    if (process.exited) return { status: STATUS.PROCESS_IS_TERMINATING };
    return run(process, (process.addressSpace ??= new AddressSpace()));
  } finally {
    ObDereferenceObject(ps.deps.ob, ref.header!);
  }
}
