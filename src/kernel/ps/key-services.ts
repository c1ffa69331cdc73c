import { STATUS, type NTSTATUS } from '../../base/index.js';
import { CmOpenKey, CmQueryValueKey, type CmKey } from '../cm/index.js';
import { ObDereferenceObject } from '../ob/index.js';
import { KEY_QUERY_VALUE } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceObjectByHandle, type OBJECT_ATTRIBUTES } from './object-attributes.js';
import { PspInsertKeyObject } from './key-object.js';
import type { PsSystem } from './ps-system.js';
import { PspSiloRegistryName } from './silo-registry.js';

/** KEY_VALUE_INFORMATION_CLASS (wdm.h). */
export const KeyValueBasicInformation = 0;
export const KeyValueFullInformation = 1;
export const KeyValuePartialInformation = 2;

/**
 * NtOpenKey (Microsoft Learn, ZwOpenKey): a handle to the key `\Registry\Machine\…` names, with
 * KEY_* access. The configuration manager resolves the name (CmOpenKey: its links, its
 * STATUS_OBJECT_NAME_NOT_FOUND / STATUS_OBJECT_PATH_NOT_FOUND); the key object gets a handle in the
 * caller's table. Key security descriptors are not modelled: the access asked for is granted.
 */
export function NtOpenKey(
  ps: PsSystem,
  caller: PsCaller,
  p: { DesiredAccess: number; ObjectAttributes?: OBJECT_ATTRIBUTES | null },
): { status: NTSTATUS; KeyHandle?: number } {
  const name = p.ObjectAttributes?.ObjectName;
  if (typeof name !== 'string') return { status: STATUS.INVALID_PARAMETER };
  if (!/^\\registry(\\|$)/i.test(name)) return { status: STATUS.OBJECT_PATH_SYNTAX_BAD };
  // A process in a server silo opens its silo's view of the redirected hives (silo-registry.ts).
  const r = CmOpenKey(ps.deps.registry, { name: PspSiloRegistryName(caller, name) });
  if (!r.key) return { status: r.status };
  return PspInsertKeyObject(ps, caller, r.key, p.ObjectAttributes?.Attributes ?? 0, p.DesiredAccess);
}

/**
 * NtQueryValueKey (Microsoft Learn, ZwQueryValueKey): needs KEY_QUERY_VALUE. KeyValuePartialInformation
 * gives {TitleIndex, Type, DataLength, Data}; KeyValueBasicInformation {TitleIndex, Type, Name};
 * KeyValueFullInformation both. A missing value is STATUS_OBJECT_NAME_NOT_FOUND; another class
 * STATUS_INVALID_PARAMETER.
 */
export function NtQueryValueKey(
  ps: PsSystem,
  caller: PsCaller,
  p: { KeyHandle: number; ValueName: string; KeyValueInformationClass: number },
): { status: NTSTATUS; KeyValueInformation?: Record<string, unknown> } {
  const ref = PspReferenceObjectByHandle<CmKey>(
    ps,
    caller,
    p.KeyHandle,
    KEY_QUERY_VALUE,
    ps.keyType.typeInfo,
  );
  if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
  const r = CmQueryValueKey(ref.object!, p.ValueName ?? '');
  ObDereferenceObject(ps.deps.ob, ref.header!);
  if (!r.value) return { status: r.status };
  const { name } = r.value;
  const value = r.value;
  switch (p.KeyValueInformationClass) {
    case KeyValuePartialInformation:
      return {
        status: STATUS.SUCCESS,
        KeyValueInformation: {
          TitleIndex: 0,
          Type: value.type,
          DataLength: value.data.length,
          Data: value.data,
        },
      };
    case KeyValueBasicInformation:
      return { status: STATUS.SUCCESS, KeyValueInformation: { TitleIndex: 0, Type: value.type, Name: name } };
    case KeyValueFullInformation:
      return {
        status: STATUS.SUCCESS,
        KeyValueInformation: {
          TitleIndex: 0,
          Type: value.type,
          Name: name,
          DataLength: value.data.length,
          Data: value.data,
        },
      };
    default:
      return { status: STATUS.INVALID_PARAMETER };
  }
}
