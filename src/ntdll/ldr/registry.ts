import { STATUS } from '../../base/index.js';
import type { UserThreadContext } from './context.js';

const KEY_QUERY_VALUE = 0x1;
const KeyValuePartialInformation = 2;
const REG_DWORD = 4;

/**
 * A REG_DWORD the loader consults (NtOpenKey + NtQueryValueKey(KeyValuePartialInformation)), or
 * `fallback` when the key or value is absent or not a DWORD.
 */
export function LdrpQueryDword(ctx: UserThreadContext, key: string, value: string, fallback: number): number {
  const k = ctx.nt.NtOpenKey({ DesiredAccess: KEY_QUERY_VALUE, ObjectAttributes: { ObjectName: key } });
  if (k.status !== STATUS.SUCCESS) return fallback;
  const handle = Number(k.out!.KeyHandle);
  try {
    const v = ctx.nt.NtQueryValueKey({
      KeyHandle: handle,
      ValueName: value,
      KeyValueInformationClass: KeyValuePartialInformation,
    });
    const info = v.out?.KeyValueInformation as { Type?: number; Data?: Uint8Array } | undefined;
    if (v.status !== STATUS.SUCCESS || info?.Type !== REG_DWORD || !info.Data || info.Data.length < 4)
      return fallback;
    return new DataView(info.Data.buffer, info.Data.byteOffset, 4).getUint32(0, true);
  } finally {
    ctx.nt.NtClose({ Handle: handle });
  }
}
