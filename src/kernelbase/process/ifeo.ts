import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { UserThreadContext } from '../../ntdll/index.js';

const KEY_QUERY_VALUE = 0x1;
const KeyValuePartialInformation = 2;
const REG_SZ = 1;
const REG_EXPAND_SZ = 2;

/** `HKLM\SOFTWARE\…` (how the kernel names the IFEO key in PS_CREATE_INFO) as an NT registry path. */
function ntKeyPath(key: string): string {
  return key
    .replace(/^HKLM\\/i, '\\Registry\\Machine\\')
    .replace(/^HKEY_LOCAL_MACHINE\\/i, '\\Registry\\Machine\\');
}

/**
 * The `Debugger` value of the image's Image File Execution Options key, read after NtCreateUserProcess
 * answered PsCreateFailExeName with the key (Windows Internals 7, ch. 3, "Flow of CreateProcess":
 * an image with a Debugger value under its IFEO key is not run — the debugger is, with the original
 * command line appended; ReactOS proc.c reads the value with LdrQueryImageFileKeyOption):
 * NtOpenKey + NtQueryValueKey(KeyValuePartialInformation), REG_SZ or REG_EXPAND_SZ, up to its
 * terminating NUL; the key handle is closed again. An empty or missing value is
 * STATUS_OBJECT_NAME_NOT_FOUND.
 */
export function BasepQueryIfeoDebugger(
  ctx: UserThreadContext,
  ifeoKey: string,
): { status: NTSTATUS; debugger?: string } {
  const k = ctx.nt.NtOpenKey({
    DesiredAccess: KEY_QUERY_VALUE,
    ObjectAttributes: { ObjectName: ntKeyPath(ifeoKey) },
  });
  if (k.status !== STATUS.SUCCESS) return { status: k.status };
  const handle = Number(k.out!.KeyHandle);
  try {
    const v = ctx.nt.NtQueryValueKey({
      KeyHandle: handle,
      ValueName: 'Debugger',
      KeyValueInformationClass: KeyValuePartialInformation,
    });
    if (v.status !== STATUS.SUCCESS) return { status: v.status };
    const info = v.out?.KeyValueInformation as { Type?: number; Data?: Uint8Array } | undefined;
    if (!info?.Data || (info.Type !== REG_SZ && info.Type !== REG_EXPAND_SZ))
      return { status: STATUS.OBJECT_NAME_NOT_FOUND };
    let s = '';
    for (let i = 0; i + 1 < info.Data.length; i += 2) {
      const c = info.Data[i]! | (info.Data[i + 1]! << 8);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s ? { status: STATUS.SUCCESS, debugger: s } : { status: STATUS.OBJECT_NAME_NOT_FOUND };
  } finally {
    ctx.nt.NtClose({ Handle: handle });
  }
}
