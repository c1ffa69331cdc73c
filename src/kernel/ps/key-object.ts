import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { CmKey } from '../cm/index.js';
import { ObCreateObject, ObInsertObject } from '../ob/index.js';
import type { PsCaller } from './caller.js';
import type { PsSystem } from './ps-system.js';

/**
 * A key object for a configuration-manager key, inserted into the caller's handle table with
 * `desiredAccess` (NtOpenKey and NtCreateKey end the same way: ObCreateObject + ObInsertObject).
 */
export function PspInsertKeyObject(
  ps: PsSystem,
  caller: PsCaller,
  key: CmKey,
  attributes: number,
  desiredAccess: number,
): { status: NTSTATUS; KeyHandle?: number } {
  const created = ObCreateObject(ps.deps.ob, {
    type: ps.keyType.typeInfo,
    body: key,
    attributes,
    accessMode: caller.previousMode,
  });
  if (!created.object) return { status: created.status };
  const ins = ObInsertObject(ps.deps.ob, created.object, {
    desiredAccess: desiredAccess >>> 0,
    process: caller.process,
    accessMode: caller.previousMode,
  });
  return ins.status === STATUS.SUCCESS
    ? { status: STATUS.SUCCESS, KeyHandle: ins.handle! }
    : { status: ins.status };
}
