import { RtlNtStatusToDosError, STATUS, type NTSTATUS } from '../base/index.js';
import type { UserThreadContext } from '../ntdll/index.js';

/** HKEY_LOCAL_MACHINE (winreg.h): the predefined key kernelbase maps to `\REGISTRY\MACHINE`. */
export const HKEY_LOCAL_MACHINE = 0x80000002;
const MACHINE = '\\REGISTRY\\MACHINE';
const OBJ_CASE_INSENSITIVE = 0x40;
const KeyValuePartialInformation = 2;
const ERROR_INVALID_HANDLE = 6;

/**
 * A registry call's outcome: the Reg* functions return their Win32 error (LSTATUS) instead of
 * setting the last error (Microsoft Learn RegCreateKeyExW, RegSetValueExW…); `status` is the
 * NTSTATUS it came from.
 */
export interface RegResult {
  error: number;
  status: NTSTATUS;
  key?: number;
  disposition?: number;
  type?: number;
  data?: Uint8Array;
}

const result = (status: NTSTATUS, extra: Partial<RegResult> = {}): RegResult => ({
  error: RtlNtStatusToDosError(status),
  status: status >>> 0,
  ...extra,
});

/**
 * The NT name of `subKey` under `hKey`. Only HKEY_LOCAL_MACHINE is mapped (MapDefaultKey's
 * `\REGISTRY\MACHINE`); other roots are the model's limit (ERROR_INVALID_HANDLE).
 */
function machinePath(hKey: number, subKey: string): string | null {
  if (hKey >>> 0 !== HKEY_LOCAL_MACHINE) return null;
  const rest = subKey.split('\\').filter((s) => s !== '');
  return rest.length ? `${MACHINE}\\${rest.join('\\')}` : MACHINE;
}

/**
 * RegCreateKeyExW: NtCreateKey of the whole name; when a parent is missing
 * (STATUS_OBJECT_NAME_NOT_FOUND), the components are created one by one from the root (Wine
 * dlls/kernelbase/registry.c create_key). The disposition is the last key's.
 */
export function RegCreateKeyExW(
  ctx: UserThreadContext,
  hKey: number,
  subKey: string,
  options: number,
  samDesired: number,
): RegResult {
  const path = machinePath(hKey, subKey);
  if (path === null) return { error: ERROR_INVALID_HANDLE, status: STATUS.INVALID_HANDLE };
  const create = (name: string, access: number) =>
    ctx.nt.NtCreateKey({
      DesiredAccess: access >>> 0,
      ObjectAttributes: { ObjectName: name, Attributes: OBJ_CASE_INSENSITIVE },
      TitleIndex: 0,
      Class: null,
      CreateOptions: options >>> 0,
    });
  let r = create(path, samDesired);
  if (r.status === STATUS.OBJECT_NAME_NOT_FOUND) {
    const parts = path.slice(MACHINE.length + 1).split('\\');
    let name = MACHINE;
    for (let i = 0; i < parts.length; i++) {
      name += `\\${parts[i]}`;
      const last = i === parts.length - 1;
      r = create(name, last ? samDesired : 0x20019);
      if (r.status !== STATUS.SUCCESS) break;
      if (!last) ctx.nt.NtClose({ Handle: Number((r.out as { KeyHandle: number }).KeyHandle) });
    }
  }
  if (r.status !== STATUS.SUCCESS) return result(r.status);
  const out = r.out as { KeyHandle: number; Disposition: number };
  return result(r.status, { key: Number(out.KeyHandle), disposition: Number(out.Disposition) });
}

/** RegOpenKeyExW: NtOpenKey of the name (a missing key is ERROR_FILE_NOT_FOUND). */
export function RegOpenKeyExW(
  ctx: UserThreadContext,
  hKey: number,
  subKey: string,
  samDesired: number,
): RegResult {
  const path = machinePath(hKey, subKey);
  if (path === null) return { error: ERROR_INVALID_HANDLE, status: STATUS.INVALID_HANDLE };
  const r = ctx.nt.NtOpenKey({
    DesiredAccess: samDesired >>> 0,
    ObjectAttributes: { ObjectName: path, Attributes: OBJ_CASE_INSENSITIVE },
  });
  if (r.status !== STATUS.SUCCESS) return result(r.status);
  return result(r.status, { key: Number((r.out as { KeyHandle: number }).KeyHandle) });
}

/** RegSetValueExW: NtSetValueKey with the type and bytes given (REG_SZ data carries its NUL). */
export function RegSetValueExW(
  ctx: UserThreadContext,
  hKey: number,
  valueName: string,
  type: number,
  data: Uint8Array,
): RegResult {
  const r = ctx.nt.NtSetValueKey({
    KeyHandle: hKey,
    ValueName: valueName,
    TitleIndex: 0,
    Type: type >>> 0,
    Data: data,
    DataSize: data.length,
  });
  return result(r.status);
}

/** RegQueryValueExW: NtQueryValueKey(KeyValuePartialInformation) — the value's type and bytes. */
export function RegQueryValueExW(ctx: UserThreadContext, hKey: number, valueName: string): RegResult {
  const r = ctx.nt.NtQueryValueKey({
    KeyHandle: hKey,
    ValueName: valueName,
    KeyValueInformationClass: KeyValuePartialInformation,
  });
  if (r.status !== STATUS.SUCCESS) return result(r.status);
  const info = (r.out as { KeyValueInformation: { Type: number; Data: Uint8Array } }).KeyValueInformation;
  return result(r.status, { type: info.Type, data: info.Data });
}

/** RegCloseKey: NtClose. */
export function RegCloseKey(ctx: UserThreadContext, hKey: number): RegResult {
  return result(ctx.nt.NtClose({ Handle: hKey }).status);
}
