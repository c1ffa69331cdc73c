import { STATUS, type NTSTATUS } from '../../base/index.js';
import { cmNode, cmSortedSubkeys, type CmKey, type CmRegistry } from './key.js';
import { cmUpcaseName } from './names.js';
import { CmOpenKey, type CmCreateKeyResult } from './parse.js';
import { createKeyRecursive, deleteKeyTree } from './tree.js';
import type { RegValue } from './value.js';
import {
  CmDeleteValueKey,
  CmQueryValueKey,
  CmSetValueKey,
  cmListValues,
  type CmNamedValue,
} from './value-ops.js';
import {
  NATIVE_MACHINE_CLASSES,
  DEFAULT_USER_KEY,
  parseWin32KeyPath,
  userClassesPath,
  userKeyPath,
  win32PathToNative,
  NATIVE_USER,
} from './win32-path.js';

/**
 * The registry as a Win32 caller sees it through predefined keys, for one user. Paths are Win32
 * paths (`HKLM\SOFTWARE\Microsoft`, `HKEY_CURRENT_USER\Environment`).
 *
 * HKEY_CURRENT_USER is `\REGISTRY\USER\<sid>`, or `\REGISTRY\USER\.DEFAULT` when that key does not
 * exist (ReactOS rtl/registry.c RtlOpenCurrentUser).
 *
 * HKEY_CLASSES_ROOT merges `\REGISTRY\USER\<sid>_Classes` (HKCU\Software\Classes) over
 * HKLM\SOFTWARE\Classes (Microsoft Learn "HKEY_CLASSES_ROOT Key" and "Merged View of
 * HKEY_CLASSES_ROOT"; the mechanics as ReactOS dll/win32/advapi32/reg/hkcr.c implements them):
 * - opening a key gives the user's key if it exists, else the machine's;
 * - a value is read from the user's key if it has it, else from the machine's;
 * - a new key is created under HKLM\SOFTWARE\Classes unless it already exists in the user's
 *   classes; a value is written to the user's key if that key exists, else to the machine's;
 * - enumeration lists the user's subkeys (values) first, then the machine's that the user's key
 *   does not have.
 */
export interface Win32ViewOptions {
  /** The caller's user SID (`S-1-5-21-…-1001`); without one HKCU is .DEFAULT and HKCR is HKLM's. */
  userSid?: string;
}

interface Resolved {
  status: NTSTATUS;
  /** The key's native path, or for HKCR its two halves. */
  native?: string;
  classes?: { user: string | null; machine: string };
}

function resolve(reg: CmRegistry, path: string, userSid: string | undefined): Resolved {
  const p = parseWin32KeyPath(path);
  if (p.status !== STATUS.SUCCESS) return { status: p.status };
  const { root, subKey } = p.path!;
  const sub = subKey === '' ? '' : '\\' + subKey;
  if (root === 'HKEY_CLASSES_ROOT')
    return {
      status: STATUS.SUCCESS,
      classes: {
        user: userSid ? userClassesPath(userSid) + sub : null,
        machine: NATIVE_MACHINE_CLASSES + sub,
      },
    };
  if (root === 'HKEY_CURRENT_USER') {
    const own = userSid && CmOpenKey(reg, { name: userKeyPath(userSid) }).status === STATUS.SUCCESS;
    const base = own ? userKeyPath(userSid) : NATIVE_USER + '\\' + DEFAULT_USER_KEY;
    return { status: STATUS.SUCCESS, native: base + sub };
  }
  return { status: STATUS.SUCCESS, native: win32PathToNative(path, userSid).nativePath! };
}

function open(reg: CmRegistry, native: string | null, openLink = false): { status: NTSTATUS; key?: CmKey } {
  if (native === null) return { status: STATUS.OBJECT_NAME_NOT_FOUND };
  return CmOpenKey(reg, { name: native, openLink });
}

/** RegOpenKeyEx(predefined key, subkey). */
export function openWin32Key(
  reg: CmRegistry,
  path: string,
  o: Win32ViewOptions & { openLink?: boolean } = {},
): { status: NTSTATUS; key?: CmKey } {
  const r = resolve(reg, path, o.userSid);
  if (r.status !== STATUS.SUCCESS) return { status: r.status };
  if (r.native !== undefined) return open(reg, r.native, o.openLink);
  const user = open(reg, r.classes!.user, o.openLink);
  if (user.status !== STATUS.OBJECT_NAME_NOT_FOUND) return user;
  return open(reg, r.classes!.machine, o.openLink);
}

export interface Win32CreateOptions extends Win32ViewOptions {
  time: number;
  /** REG_OPTION_VOLATILE, REG_OPTION_CREATE_LINK. */
  options?: number;
  className?: string;
}

/** RegCreateKeyEx(predefined key, subkey): missing parents are created too. */
export function createWin32Key(reg: CmRegistry, path: string, o: Win32CreateOptions): CmCreateKeyResult {
  const r = resolve(reg, path, o.userSid);
  if (r.status !== STATUS.SUCCESS) return { status: r.status };
  const create = (name: string): CmCreateKeyResult =>
    createKeyRecursive(reg, { name, options: o.options ?? 0, className: o.className ?? '', time: o.time });
  if (r.native !== undefined) return create(r.native);
  const { user, machine } = r.classes!;
  if (user !== null && open(reg, user).status === STATUS.SUCCESS) return create(user);
  return create(machine);
}

/** RegQueryValueEx(predefined key\subkey, name). */
export function queryWin32Value(
  reg: CmRegistry,
  path: string,
  name: string,
  o: Win32ViewOptions = {},
): { status: NTSTATUS; value?: CmNamedValue } {
  const r = resolve(reg, path, o.userSid);
  if (r.status !== STATUS.SUCCESS) return { status: r.status };
  if (r.native !== undefined) {
    const k = open(reg, r.native);
    return k.key ? CmQueryValueKey(k.key, name) : { status: k.status };
  }
  const user = open(reg, r.classes!.user);
  if (user.key) {
    const v = CmQueryValueKey(user.key, name);
    if (v.status !== STATUS.OBJECT_NAME_NOT_FOUND) return v;
  } else if (user.status !== STATUS.OBJECT_NAME_NOT_FOUND) return { status: user.status };
  const machine = open(reg, r.classes!.machine);
  return machine.key ? CmQueryValueKey(machine.key, name) : { status: machine.status };
}

/** The key a write to `path` goes to: for HKCR, the user's key when it exists, else the machine's. */
function writeTarget(
  reg: CmRegistry,
  path: string,
  userSid: string | undefined,
): { status: NTSTATUS; key?: CmKey } {
  const r = resolve(reg, path, userSid);
  if (r.status !== STATUS.SUCCESS) return { status: r.status };
  if (r.native !== undefined) return open(reg, r.native);
  const user = open(reg, r.classes!.user);
  if (user.status !== STATUS.OBJECT_NAME_NOT_FOUND) return user;
  return open(reg, r.classes!.machine);
}

/** RegSetValueEx on an existing key. */
export function setWin32Value(
  reg: CmRegistry,
  path: string,
  name: string,
  value: RegValue,
  o: Win32ViewOptions & { time: number },
): NTSTATUS {
  const k = writeTarget(reg, path, o.userSid);
  return k.key ? CmSetValueKey(k.key, name, value, o.time) : k.status;
}

/** RegDeleteValue: for HKCR, from the user's key if it has the value, else from the machine's. */
export function deleteWin32Value(
  reg: CmRegistry,
  path: string,
  name: string,
  o: Win32ViewOptions & { time: number },
): NTSTATUS {
  const r = resolve(reg, path, o.userSid);
  if (r.status !== STATUS.SUCCESS) return r.status;
  if (r.native !== undefined) {
    const k = open(reg, r.native);
    return k.key ? CmDeleteValueKey(k.key, name, o.time) : k.status;
  }
  const user = open(reg, r.classes!.user);
  if (user.key) {
    const s = CmDeleteValueKey(user.key, name, o.time);
    if (s !== STATUS.OBJECT_NAME_NOT_FOUND) return s;
  }
  const machine = open(reg, r.classes!.machine);
  return machine.key ? CmDeleteValueKey(machine.key, name, o.time) : machine.status;
}

/**
 * RegDeleteTree(predefined key, subkey): the key and everything under it. The key is opened with
 * OBJ_OPENLINK, so a link key is deleted rather than its target.
 */
export function deleteWin32KeyTree(
  reg: CmRegistry,
  path: string,
  o: Win32ViewOptions & { time: number },
): NTSTATUS {
  const r = resolve(reg, path, o.userSid);
  if (r.status !== STATUS.SUCCESS) return r.status;
  let k: { status: NTSTATUS; key?: CmKey };
  if (r.native !== undefined) k = open(reg, r.native, true);
  else {
    k = open(reg, r.classes!.user, true);
    if (k.status === STATUS.OBJECT_NAME_NOT_FOUND) k = open(reg, r.classes!.machine, true);
  }
  return k.key ? deleteKeyTree(k.key, o.time) : k.status;
}

/** RegEnumKeyEx over the whole key: subkey names in enumeration order (merged for HKCR). */
export function enumerateWin32Subkeys(
  reg: CmRegistry,
  path: string,
  o: Win32ViewOptions = {},
): { status: NTSTATUS; names?: string[] } {
  const halves = keysOf(reg, path, o.userSid);
  if (halves.status !== STATUS.SUCCESS) return { status: halves.status };
  const names: string[] = [];
  const seen = new Set<string>();
  for (const key of halves.keys!) {
    const node = cmNode(key);
    if (node.deleted) return { status: STATUS.KEY_DELETED };
    for (const child of cmSortedSubkeys(node)) {
      const id = cmUpcaseName(child.name);
      if (seen.has(id)) continue;
      seen.add(id);
      names.push(child.name);
    }
  }
  return { status: STATUS.SUCCESS, names };
}

/** RegEnumValue over the whole key: values in enumeration order (merged for HKCR). */
export function enumerateWin32Values(
  reg: CmRegistry,
  path: string,
  o: Win32ViewOptions = {},
): { status: NTSTATUS; values?: CmNamedValue[] } {
  const halves = keysOf(reg, path, o.userSid);
  if (halves.status !== STATUS.SUCCESS) return { status: halves.status };
  const values: CmNamedValue[] = [];
  const seen = new Set<string>();
  for (const key of halves.keys!) {
    if (cmNode(key).deleted) return { status: STATUS.KEY_DELETED };
    for (const v of cmListValues(key)) {
      const id = cmUpcaseName(v.name);
      if (seen.has(id)) continue;
      seen.add(id);
      values.push(v);
    }
  }
  return { status: STATUS.SUCCESS, values };
}

/** The key behind `path`, or for HKCR the halves that exist (user first). */
function keysOf(
  reg: CmRegistry,
  path: string,
  userSid: string | undefined,
): { status: NTSTATUS; keys?: CmKey[] } {
  const r = resolve(reg, path, userSid);
  if (r.status !== STATUS.SUCCESS) return { status: r.status };
  if (r.native !== undefined) {
    const k = open(reg, r.native);
    return k.key ? { status: STATUS.SUCCESS, keys: [k.key] } : { status: k.status };
  }
  const keys: CmKey[] = [];
  for (const half of [r.classes!.user, r.classes!.machine]) {
    const k = open(reg, half);
    if (k.key) keys.push(k.key);
    else if (k.status !== STATUS.OBJECT_NAME_NOT_FOUND) return { status: k.status };
  }
  return keys.length > 0 ? { status: STATUS.SUCCESS, keys } : { status: STATUS.OBJECT_NAME_NOT_FOUND };
}
