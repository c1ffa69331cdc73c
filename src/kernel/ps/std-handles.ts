import { writeField } from '../../base/index.js';
import { ObDuplicateObject } from '../ob/index.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';

/** PS_STD_HANDLE_STATE (reference §3.3, phnt ntpsapi.h). */
export const PsNeverDuplicate = 0;
export const PsRequestDuplicate = 1;
export const PsAlwaysDuplicate = 2;

/** PS_STD_HANDLE_INFO: StdHandleState (2 bits) and PseudoHandleMask (3 bits: 1 input, 2 output, 4 error). */
export interface PsStdHandleInfo {
  StdHandleState: number;
  PseudoHandleMask: number;
}

const DUPLICATE_SAME_ACCESS = 0x2;
const DUPLICATE_SAME_ATTRIBUTES = 0x4;
const FIELDS = ['StandardInput', 'StandardOutput', 'StandardError'] as const;

/**
 * PspDuplicateStdHandles (the model of it): with PsAlwaysDuplicate — or PsRequestDuplicate when the
 * child does not inherit handles — each standard handle named in the process parameters that is not
 * a console pseudo-handle (PseudoHandleMask) is duplicated from the parent into the child, same
 * access and attributes, and the child's RTL_USER_PROCESS_PARAMETERS gets the new value; a handle
 * that cannot be duplicated becomes NULL there (Windows Internals 7, ch. 3 "Stage 3": the kernel
 * duplicates the standard handles named by PsAttributeStdHandleInfo). Returns the values written.
 */
export function PspDuplicateStdHandles(
  ps: PsSystem,
  parent: EPROCESS,
  child: EPROCESS,
  info: PsStdHandleInfo,
  handles: readonly [number, number, number],
  inheritHandles: boolean,
): [number, number, number] {
  const state = info.StdHandleState & 3;
  const out: [number, number, number] = [...handles];
  if (state === PsNeverDuplicate || (state === PsRequestDuplicate && inheritHandles)) return out;
  const { ob, mm } = ps.deps;
  const as = child.addressSpace;
  if (!as || !child.processParameters) return out;
  const params = as.read(child.processParameters, 0x440);
  const view = new DataView(params.buffer, params.byteOffset, params.byteLength);
  for (let i = 0; i < 3; i++) {
    const h = handles[i]!;
    if (!h || info.PseudoHandleMask & (1 << i)) continue;
    const d = ObDuplicateObject(ob, {
      sourceProcess: parent,
      sourceHandle: h,
      targetProcess: child,
      desiredAccess: 0,
      handleAttributes: 0,
      options: DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES,
      previousMode: 0,
    });
    const value = d.targetHandle ?? 0;
    out[i] = value;
    writeField(view, 0, mm.layout, '_RTL_USER_PROCESS_PARAMETERS', FIELDS[i]!, BigInt(value));
  }
  as.kernelWrite(child.processParameters, params);
  return out;
}
