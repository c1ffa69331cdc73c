import { STATUS, type NTSTATUS } from '../../base/index.js';
import { cmUpcaseName } from './names.js';

/**
 * The Win32 names of the registry's roots and the native keys behind them (Microsoft Learn
 * "Predefined Keys"; the native paths as advapi32/kernelbase open them: Wine dlls/kernelbase/
 * registry.c root_key_names, ReactOS RtlOpenCurrentUser and RtlFormatCurrentUserKeyPath).
 */
export type PredefinedKey =
  'HKEY_CLASSES_ROOT' | 'HKEY_CURRENT_USER' | 'HKEY_LOCAL_MACHINE' | 'HKEY_USERS' | 'HKEY_CURRENT_CONFIG';

/** Long names and the abbreviations reg.exe and PowerShell use, upper-cased for lookup. */
const ROOTS = new Map<string, PredefinedKey>([
  ['HKEY_CLASSES_ROOT', 'HKEY_CLASSES_ROOT'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
  ['HKEY_CURRENT_USER', 'HKEY_CURRENT_USER'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKEY_LOCAL_MACHINE', 'HKEY_LOCAL_MACHINE'],
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKEY_USERS', 'HKEY_USERS'],
  ['HKU', 'HKEY_USERS'],
  ['HKEY_CURRENT_CONFIG', 'HKEY_CURRENT_CONFIG'],
  ['HKCC', 'HKEY_CURRENT_CONFIG'],
]);

export const NATIVE_MACHINE = '\\REGISTRY\\MACHINE';
export const NATIVE_USER = '\\REGISTRY\\USER';
/** HKLM\SOFTWARE\Classes: the machine half of HKEY_CLASSES_ROOT. */
export const NATIVE_MACHINE_CLASSES = '\\REGISTRY\\MACHINE\\SOFTWARE\\Classes';
/** HKEY_CURRENT_CONFIG (Microsoft Learn "HKEY_CURRENT_CONFIG"; Wine root_key_names). */
export const NATIVE_CURRENT_CONFIG =
  '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current';
/** RtlOpenCurrentUser opens this when the user's own hive is not loaded (ReactOS rtl/registry.c). */
export const DEFAULT_USER_KEY = '.DEFAULT';

export interface Win32KeyPath {
  root: PredefinedKey;
  /** The path below the root, as given ('' for the root itself). */
  subKey: string;
}

/**
 * `HKLM\SOFTWARE\Microsoft` → { root: HKEY_LOCAL_MACHINE, subKey: 'SOFTWARE\Microsoft' }. The root
 * name is case-insensitive. A path that names no predefined key is STATUS_INVALID_HANDLE — the
 * status an unknown HKEY gets (Wine kernelbase get_special_root_hkey).
 */
export function parseWin32KeyPath(path: string): { status: NTSTATUS; path?: Win32KeyPath } {
  const cut = path.indexOf('\\');
  const head = cut < 0 ? path : path.slice(0, cut);
  const root = ROOTS.get(cmUpcaseName(head));
  if (!root) return { status: STATUS.INVALID_HANDLE };
  return { status: STATUS.SUCCESS, path: { root, subKey: cut < 0 ? '' : path.slice(cut + 1) } };
}

function join(base: string, sub: string): string {
  return sub === '' ? base : base + '\\' + sub;
}

/** `\REGISTRY\USER\<sid>`: HKEY_CURRENT_USER of a caller whose token user is `sid`. */
export function userKeyPath(userSid: string | undefined): string {
  return NATIVE_USER + '\\' + (userSid ?? DEFAULT_USER_KEY);
}

/** `\REGISTRY\USER\<sid>_Classes`: the user half of HKEY_CLASSES_ROOT (RegOpenUserClassesRoot). */
export function userClassesPath(userSid: string): string {
  return NATIVE_USER + '\\' + userSid + '_Classes';
}

/**
 * The native name of a Win32 path for a caller whose user SID is `userSid` (.DEFAULT without one).
 * HKEY_CLASSES_ROOT maps to its machine half, HKLM\SOFTWARE\Classes; reads and writes through the
 * merged view choose between the halves key by key (see win32-view.ts).
 */
export function win32PathToNative(path: string, userSid?: string): { status: NTSTATUS; nativePath?: string } {
  const p = parseWin32KeyPath(path);
  if (p.status !== STATUS.SUCCESS) return { status: p.status };
  const { root, subKey } = p.path!;
  const base =
    root === 'HKEY_LOCAL_MACHINE'
      ? NATIVE_MACHINE
      : root === 'HKEY_USERS'
        ? NATIVE_USER
        : root === 'HKEY_CURRENT_USER'
          ? userKeyPath(userSid)
          : root === 'HKEY_CLASSES_ROOT'
            ? NATIVE_MACHINE_CLASSES
            : NATIVE_CURRENT_CONFIG;
  return { status: STATUS.SUCCESS, nativePath: join(base, subKey) };
}
