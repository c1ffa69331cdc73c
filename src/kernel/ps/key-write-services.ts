import { STATUS, type NTSTATUS } from '../../base/index.js';
import { CmCreateKey, CmSetValueKey, type CmKey } from '../cm/index.js';
import { ObDereferenceObject } from '../ob/index.js';
import { KEY_SET_VALUE } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceObjectByHandle, type OBJECT_ATTRIBUTES } from './object-attributes.js';
import type { PsSystem } from './ps-system.js';
import { PspInsertKeyObject } from './key-object.js';
import { PspSiloRegistryName } from './silo-registry.js';

/**
 * NtCreateKey (Microsoft Learn, ZwCreateKey): opens the key `\Registry\…` names or creates its last
 * component (CmCreateKey: REG_CREATED_NEW_KEY / REG_OPENED_EXISTING_KEY; a missing parent is
 * STATUS_OBJECT_NAME_NOT_FOUND), with KEY_* access on the handle. A process in a server silo names
 * its silo's view of HKLM\SOFTWARE and HKLM\SYSTEM (silo-registry.ts). Key security descriptors are
 * not modelled: the access asked for is granted.
 */
export function NtCreateKey(
  ps: PsSystem,
  caller: PsCaller,
  p: { DesiredAccess: number; ObjectAttributes?: OBJECT_ATTRIBUTES | null; CreateOptions?: number },
): { status: NTSTATUS; KeyHandle?: number; Disposition?: number } {
  const name = p.ObjectAttributes?.ObjectName;
  if (typeof name !== 'string') return { status: STATUS.INVALID_PARAMETER };
  if (!/^\\registry(\\|$)/i.test(name)) return { status: STATUS.OBJECT_PATH_SYNTAX_BAD };
  const r = CmCreateKey(ps.deps.registry, {
    name: PspSiloRegistryName(caller, name),
    options: (p.CreateOptions ?? 0) >>> 0,
    time: Number(ps.deps.clock.now()),
  });
  if (!r.key) return { status: r.status };
  const ins = PspInsertKeyObject(ps, caller, r.key, p.ObjectAttributes?.Attributes ?? 0, p.DesiredAccess);
  return ins.KeyHandle !== undefined ? { ...ins, Disposition: r.disposition! } : ins;
}

/**
 * NtSetValueKey (Microsoft Learn, ZwSetValueKey): KEY_SET_VALUE on the handle, then CmSetValueKey
 * (the value is created or replaced; a deleted key is STATUS_KEY_DELETED).
 */
export function NtSetValueKey(
  ps: PsSystem,
  caller: PsCaller,
  p: { KeyHandle: number; ValueName: string; Type: number; Data: Uint8Array },
): NTSTATUS {
  if (!(p.Data instanceof Uint8Array)) return STATUS.INVALID_PARAMETER;
  const ref = PspReferenceObjectByHandle<CmKey>(ps, caller, p.KeyHandle, KEY_SET_VALUE, ps.keyType.typeInfo);
  if (ref.status !== STATUS.SUCCESS) return ref.status;
  const status = CmSetValueKey(
    ref.object!,
    p.ValueName ?? '',
    { type: p.Type >>> 0, data: p.Data },
    Number(ps.deps.clock.now()),
  );
  ObDereferenceObject(ps.deps.ob, ref.header!);
  return status;
}
