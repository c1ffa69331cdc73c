import { STATUS, type NTSTATUS } from '../../base/index.js';
import { REG_BINARY, REG_DWORD, REG_SZ } from './constants.js';
import type { CmKey, CmRegistry } from './key.js';
import type { RegValue } from './value.js';
import type { CmNamedValue } from './value-ops.js';
import {
  enumerateWin32Subkeys,
  enumerateWin32Values,
  openWin32Key,
  type Win32ViewOptions,
} from './win32-view.js';
import { parseWin32KeyPath } from './win32-path.js';

/**
 * regedit's export, version 5.00 (Wine programs/regedit/regproc.c export_registry_data, whose
 * output Wine's tests compare with Windows'): the header line, then for each key a blank line,
 * `[path]` and its values in enumeration order, subkeys depth-first in enumeration order, and a
 * final blank line; CRLF line ends. Values:
 * - REG_SZ: `"name"="text"` with `\` `"` CR LF escaped as `\\` `\"` `\r` `\n`;
 * - REG_DWORD of 4 bytes: `dword:` and 8 lower-case hex digits;
 * - anything else: `hex:` (REG_BINARY) or `hex(N):` (N lower-case hex, no padding) and
 *   comma-separated lower-case bytes. A line is broken after the comma that brings its length
 *   (counting `"name"=` and the type) to 77 or more, with `\`, CRLF and two spaces; a continuation
 *   line holds 25 bytes.
 * The default value is written `@=`. Subkeys are opened as RegOpenKeyEx opens them, so a link is
 * exported as the key it points to, as regedit shows it.
 *
 * Where regedit would write something its own import cannot read back the same, this export
 * writes hex instead: a REG_SZ that is empty, has an odd length, embedded NULs or no terminating
 * NUL is written `hex(1):`. A key already being exported higher up the same path (a link loop)
 * or deeper than 512 levels (Microsoft Learn "Registry element size limits") is left out.
 */

const HEADER = 'Windows Registry Editor Version 5.00\r\n';
const MAX_HEX_CHARS = 77;
const MAX_DEPTH = 512;

function escapeString(s: string): string {
  return s.replace(/[\\"\r\n]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : '\\' + c));
}

/** The REG_SZ's text when it is a well-formed NUL-terminated string, else null. */
function canonicalString(data: Uint8Array): string | null {
  if (data.length < 2 || data.length % 2 !== 0) return null;
  let s = '';
  for (let i = 0; i < data.length; i += 2) s += String.fromCharCode(data[i]! | (data[i + 1]! << 8));
  const nul = s.indexOf('\0');
  return nul === s.length - 1 ? s.slice(0, -1) : null;
}

function hex2(b: number): string {
  return (b < 16 ? '0' : '') + b.toString(16);
}

/** One value as regedit writes it, without the final CRLF. */
export function formatRegFileValue(name: string, value: RegValue): string {
  const head = name === '' ? '@=' : `"${escapeString(name)}"=`;
  if (value.type === REG_SZ) {
    const s = canonicalString(value.data);
    if (s !== null) return head + `"${escapeString(s)}"`;
  }
  if (value.type === REG_DWORD && value.data.length === 4) {
    const n = new DataView(value.data.buffer, value.data.byteOffset, 4).getUint32(0, true);
    return head + 'dword:' + n.toString(16).padStart(8, '0');
  }
  const prefix = value.type === REG_BINARY ? 'hex:' : `hex(${(value.type >>> 0).toString(16)}):`;
  let out = head + prefix;
  let lineLen = head.length + prefix.length;
  const d = value.data;
  for (let i = 0; i < d.length; i++) {
    out += hex2(d[i]!);
    if (i === d.length - 1) break;
    out += ',';
    lineLen += 3;
    if (lineLen >= MAX_HEX_CHARS) {
      out += '\\\r\n  ';
      lineLen = 2;
    }
  }
  return out;
}

/**
 * `regedit /e`: the key at Win32 `path` and everything under it, as the text of a 5.00 file (use
 * encodeRegFileBytes for the bytes regedit writes). The key must exist.
 */
export function exportRegFile(
  reg: CmRegistry,
  path: string,
  o: Win32ViewOptions = {},
): { status: NTSTATUS; text?: string } {
  const p = parseWin32KeyPath(path);
  if (p.status !== STATUS.SUCCESS) return { status: p.status };
  const sub = p.path!.subKey.replace(/\\+$/, '');
  const top = sub === '' ? p.path!.root : `${p.path!.root}\\${sub}`;
  const first = openWin32Key(reg, top, o);
  if (first.status !== STATUS.SUCCESS) return { status: first.status };
  const parts: string[] = [HEADER];
  const onPath = new Set<CmKey>();
  const walk = (keyPath: string, key: CmKey, depth: number): void => {
    onPath.add(key);
    parts.push(`\r\n[${keyPath}]\r\n`);
    const values: CmNamedValue[] = enumerateWin32Values(reg, keyPath, o).values ?? [];
    for (const v of values) parts.push(formatRegFileValue(v.name, v) + '\r\n');
    if (depth < MAX_DEPTH) {
      for (const name of enumerateWin32Subkeys(reg, keyPath, o).names ?? []) {
        const childPath = `${keyPath}\\${name}`;
        const child = openWin32Key(reg, childPath, o);
        if (child.status === STATUS.SUCCESS && !onPath.has(child.key!))
          walk(childPath, child.key!, depth + 1);
      }
    }
    onPath.delete(key);
  };
  walk(top, first.key!, 1);
  parts.push('\r\n');
  return { status: STATUS.SUCCESS, text: parts.join('') };
}
