import { STATUS, utf16leZ } from '../base/index.js';
import { NtCurrentProcess, ntStubOutNumber, type UserThreadContext } from '../ntdll/index.js';

const KEY_QUERY_VALUE = 0x0001;
const TOKEN_QUERY = 0x0008;
const TokenUser = 1;
const KeyValuePartialInformation = 2;
const REG_SZ = 1;
const REG_EXPAND_SZ = 2;

/** HKLM\SOFTWARE\Classes: the machine half of HKEY_CLASSES_ROOT. */
const MACHINE_CLASSES = '\\REGISTRY\\MACHINE\\SOFTWARE\\Classes';
/** HKLM\…\App Paths (Microsoft Learn "Application Registration"). */
const APP_PATHS = '\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths';

/** A string value: its data up to the first NUL, and whether it is REG_EXPAND_SZ. */
export interface RegString {
  value: string;
  expand: boolean;
}

/** `S-1-5-21-…` from TokenUser's SID, whether the service gives it as text or as a SID record. */
function sidText(sid: unknown): string | null {
  if (typeof sid === 'string') return sid;
  const s = sid as { identifierAuthority?: number; subAuthorities?: readonly number[] } | null;
  if (!s || typeof s.identifierAuthority !== 'number' || !Array.isArray(s.subAuthorities)) return null;
  return `S-1-${s.identifierAuthority}${s.subAuthorities.map((a) => `-${a >>> 0}`).join('')}`;
}

/** RegOpenKeyEx(KEY_QUERY_VALUE) + RegQueryValueEx of a REG_SZ / REG_EXPAND_SZ value; the key is closed again. */
function queryString(
  ctx: UserThreadContext,
  keyPath: string,
  valueName: string,
): RegString | null | 'no-key' {
  const k = ctx.nt.NtOpenKey({ DesiredAccess: KEY_QUERY_VALUE, ObjectAttributes: { ObjectName: keyPath } });
  if (k.status !== STATUS.SUCCESS) return 'no-key';
  const handle = ntStubOutNumber(k.out?.KeyHandle);
  try {
    const v = ctx.nt.NtQueryValueKey({
      KeyHandle: handle,
      ValueName: valueName,
      KeyValueInformationClass: KeyValuePartialInformation,
    });
    if (v.status !== STATUS.SUCCESS) return null;
    const info = v.out?.KeyValueInformation as { Type?: number; Data?: Uint8Array } | undefined;
    if (!info?.Data || (info.Type !== REG_SZ && info.Type !== REG_EXPAND_SZ)) return null;
    return { value: utf16leZ(info.Data), expand: info.Type === REG_EXPAND_SZ };
  } finally {
    ctx.nt.NtClose({ Handle: handle });
  }
}

/**
 * HKEY_CLASSES_ROOT as a process sees it (Microsoft Learn "Merged View of HKEY_CLASSES_ROOT"): the
 * user's classes (`\REGISTRY\USER\<sid>_Classes`) over HKLM\SOFTWARE\Classes — a key is the user's
 * if it exists there, a value is read from the user's key if it has it. The user is the token's
 * (NtQueryInformationToken(TokenUser) of the process token); while the kernel does not answer that
 * service (STATUS_NOT_IMPLEMENTED in the model), only the machine's classes are read.
 */
export class ClassesRoot {
  private readonly userRoot: string | null;

  constructor(private readonly ctx: UserThreadContext) {
    this.userRoot = ClassesRoot.userClassesRoot(ctx);
  }

  private static userClassesRoot(ctx: UserThreadContext): string | null {
    const t = ctx.nt.NtOpenProcessToken({ ProcessHandle: NtCurrentProcess, DesiredAccess: TOKEN_QUERY });
    if (t.status !== STATUS.SUCCESS) return null;
    const handle = ntStubOutNumber(t.out?.TokenHandle);
    try {
      const q = ctx.nt.NtQueryInformationToken({ TokenHandle: handle, TokenInformationClass: TokenUser });
      if (q.status !== STATUS.SUCCESS) return null;
      const info = q.out?.TokenInformation as { User?: { Sid?: unknown } } | undefined;
      const sid = sidText(info?.User?.Sid);
      return sid ? `\\REGISTRY\\USER\\${sid}_Classes` : null;
    } finally {
      ctx.nt.NtClose({ Handle: handle });
    }
  }

  /** A value of HKCR\<subKey> ('' names the default value); null when neither half has it. */
  query(subKey: string, valueName = ''): RegString | null {
    const sub = subKey ? '\\' + subKey : '';
    const user = this.userRoot ? queryString(this.ctx, this.userRoot + sub, valueName) : 'no-key';
    if (user !== 'no-key' && user !== null) return user;
    const machine = queryString(this.ctx, MACHINE_CLASSES + sub, valueName);
    return machine === 'no-key' ? null : machine;
  }

  /** Whether HKCR\<subKey> exists in either half. */
  exists(subKey: string): boolean {
    const sub = subKey ? '\\' + subKey : '';
    for (const root of [this.userRoot, MACHINE_CLASSES]) {
      if (!root) continue;
      const k = this.ctx.nt.NtOpenKey({
        DesiredAccess: KEY_QUERY_VALUE,
        ObjectAttributes: { ObjectName: root + sub },
      });
      if (k.status === STATUS.SUCCESS) {
        this.ctx.nt.NtClose({ Handle: ntStubOutNumber(k.out?.KeyHandle) });
        return true;
      }
    }
    return false;
  }
}

/** The default value of HKLM\…\App Paths\<name> (or <name>.exe), or null (Wine SHELL_TryAppPathW). */
export function queryAppPath(ctx: UserThreadContext, name: string): RegString | null {
  for (const key of [name, name + '.exe']) {
    const r = queryString(ctx, `${APP_PATHS}\\${key}`, '');
    if (r !== 'no-key' && r !== null && r.value) return r;
  }
  return null;
}
