import { utf16leZ } from '../../base/index.js';
import { utf16Bytes } from '../../kernel/cm/index.js';
import {
  HKEY_LOCAL_MACHINE,
  RegCloseKey,
  RegCreateKeyExW,
  RegOpenKeyExW,
  RegQueryValueExW,
  RegSetValueExW,
  type RegResult,
} from '../../kernelbase/index.js';
import { flagsValue } from './args.js';
import type { CallDef, CallOutcome } from './calls.js';
import { handleArg, hex, opt } from './outcome.js';

/** The predefined keys a step may name (winreg.h); the model maps HKEY_LOCAL_MACHINE only. */
const HKEYS: Readonly<Record<string, number>> = { HKEY_LOCAL_MACHINE };
/** Registry value types (winnt.h) a step may set. */
const REG_TYPES: Readonly<Record<string, number>> = {
  REG_SZ: 1,
  REG_EXPAND_SZ: 2,
  REG_BINARY: 3,
  REG_DWORD: 4,
};
/** KEY_* access rights (winnt.h). */
const KEY_ACCESS: Readonly<Record<string, number>> = {
  KEY_QUERY_VALUE: 0x1,
  KEY_SET_VALUE: 0x2,
  KEY_CREATE_SUB_KEY: 0x4,
  KEY_ENUMERATE_SUB_KEYS: 0x8,
  KEY_READ: 0x20019,
  KEY_WRITE: 0x20006,
  KEY_ALL_ACCESS: 0xf003f,
};

const hkey = (v: unknown): number => (typeof v === 'string' && v in HKEYS ? HKEYS[v]! : handleArg(v));

/** A Reg* call's outcome: the function returns its Win32 error; success is ERROR_SUCCESS. */
function reg(r: RegResult, out?: Record<string, unknown>): CallOutcome {
  return {
    ok: r.error === 0,
    returnValue: r.error,
    status: r.status,
    ...(out && r.error === 0 ? { out } : {}),
  };
}

/** Value data as a step gives it: a string (REG_SZ/REG_EXPAND_SZ, NUL added), a number (REG_DWORD), hex bytes. */
function valueBytes(type: number, data: unknown): Uint8Array {
  if (type === 4) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, Number(data) >>> 0, true);
    return b;
  }
  if (type === 1 || type === 2) return utf16Bytes(String(data) + '\0');
  return Uint8Array.from(String(data).match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** Value data as a step shows it: strings up to their NUL, DWORDs as numbers, other bytes in hex. */
function valueShown(type: number, data: Uint8Array): unknown {
  if (type === 4 && data.length >= 4) return new DataView(data.buffer, data.byteOffset).getUint32(0, true);
  if (type === 1 || type === 2) return utf16leZ(data);
  return [...data].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** The registry calls a scenario can make (kernelbase's Reg* over NtCreateKey and its siblings). */
export const REGISTRY_CALLS: Readonly<Record<string, CallDef>> = {
  RegCreateKeyExW: {
    args: {
      key: { kind: 'any' },
      subKey: { kind: 'string' },
      options: opt({ kind: 'int' }),
      samDesired: { kind: 'flags', table: KEY_ACCESS, what: 'access right' },
    },
    run: (e, a) => {
      const r = RegCreateKeyExW(
        e.ctx,
        hkey(a.key),
        String(a.subKey),
        Number(a.options ?? 0),
        flagsValue(a.samDesired, KEY_ACCESS),
      );
      return reg(r, { handle: hex(r.key ?? 0), disposition: r.disposition });
    },
  },
  RegOpenKeyExW: {
    args: {
      key: { kind: 'any' },
      subKey: { kind: 'string' },
      samDesired: { kind: 'flags', table: KEY_ACCESS, what: 'access right' },
    },
    run: (e, a) => {
      const r = RegOpenKeyExW(e.ctx, hkey(a.key), String(a.subKey), flagsValue(a.samDesired, KEY_ACCESS));
      return reg(r, { handle: hex(r.key ?? 0) });
    },
  },
  RegSetValueExW: {
    args: {
      key: { kind: 'handle' },
      valueName: { kind: 'string' },
      type: { kind: 'flags', table: REG_TYPES, what: 'value type' },
      data: { kind: 'any' },
    },
    run: (e, a) => {
      const type = flagsValue(a.type, REG_TYPES);
      return reg(
        RegSetValueExW(e.ctx, handleArg(a.key), String(a.valueName), type, valueBytes(type, a.data)),
      );
    },
  },
  RegQueryValueExW: {
    args: { key: { kind: 'handle' }, valueName: { kind: 'string' } },
    run: (e, a) => {
      const r = RegQueryValueExW(e.ctx, handleArg(a.key), String(a.valueName));
      return reg(r, r.data ? { type: r.type, data: valueShown(r.type!, r.data) } : undefined);
    },
  },
  RegCloseKey: {
    args: { key: { kind: 'handle' } },
    run: (e, a) => reg(RegCloseKey(e.ctx, handleArg(a.key))),
  },
};
