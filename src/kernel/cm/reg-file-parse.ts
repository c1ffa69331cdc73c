import { STATUS, type NTSTATUS } from '../../base/index.js';
import { REG_BINARY, REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ } from './constants.js';
import { decodeRegFileBytes } from './reg-file-text.js';
import { regDword, regSz, type RegValue } from './value.js';
import { parseWin32KeyPath } from './win32-path.js';

/**
 * The .reg file format regedit reads, parsed completely before anything is applied. The grammar is
 * regedit's, as Wine's regedit reimplements it (programs/regedit/regproc.c, the parser state
 * machine from header_state to set_value_state) and Wine's regedit tests check it against Windows:
 *
 * - line 1: `Windows Registry Editor Version 5.00` or `REGEDIT4` (leading blanks allowed);
 * - `[HKEY_…\path]` opens (creates) a key, `[-HKEY_…\path]` deletes a key and its subtree;
 * - `"name"=…` or `@=…` (the default value), blanks allowed around `=`; names use the same
 *   escapes as strings;
 * - data: `"string"` (escapes `\\`, `\"`, and `\n`, `\r` as Wine writes them; `\0` is refused),
 *   `dword:` and 1–8 hex digits, `hex:` bytes (REG_BINARY), `hex(N):` bytes of type N (hex);
 *   `-` deletes the value;
 * - hex bytes are comma-separated; a line ending in `,\` continues on the next line (its leading
 *   blanks skipped; blank and `;` lines in between are skipped);
 * - `;` starts a comment at the start of a line or after a value; blank lines are ignored; lines
 *   end with CRLF, LF or CR.
 *
 * Where regedit skips a line it cannot read, this parser stops with an error naming the line; the
 * root key may also be given as HKLM, HKCU, HKCR, HKU or HKCC. In a 5.00 file the bytes of
 * hex(1), hex(2) and hex(7) are UTF-16LE; in a REGEDIT4 file they are ANSI characters, widened here
 * as Latin-1. Either way a missing terminating NUL is added, as regedit does
 * (prepare_hex_string_data).
 */

export type RegFileVersion = 'REGEDIT4' | '5.00';

export type RegFileOperation =
  /** Open the key, creating it and its parents (RegCreateKeyEx). */
  | { op: 'key'; line: number; path: string }
  /** Delete the key and everything under it (RegDeleteTree); absent is not an error. */
  | { op: 'deleteKey'; line: number; path: string }
  /** Set a value in the last opened key; name '' is the default value. */
  | { op: 'setValue'; line: number; name: string; value: RegValue }
  /** Delete a value of the last opened key; absent is not an error. */
  | { op: 'deleteValue'; line: number; name: string };

export interface ParsedRegFile {
  version: RegFileVersion;
  operations: RegFileOperation[];
}

export interface RegFileError {
  line: number;
  /** `line 12: expected '=' after the value name` */
  message: string;
}

export interface ParseRegFileResult {
  /** SUCCESS, or INVALID_PARAMETER for a malformed file (with `error`). */
  status: NTSTATUS;
  file?: ParsedRegFile;
  error?: RegFileError;
}

const HEADER_5 = 'Windows Registry Editor Version 5.00';
const HEADER_4 = 'REGEDIT4';

class ParseError {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {}
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isHexDigit(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

function skipBlanks(s: string, pos: number): number {
  while (isBlank(s[pos])) pos++;
  return pos;
}

/** Nothing but blanks and an optional `;` comment from `pos` on. */
function restIsEmpty(s: string, pos: number): boolean {
  const p = skipBlanks(s, pos);
  return p >= s.length || s[p] === ';';
}

/** A quoted string from just after its opening quote: the text and the index after the closing quote. */
function readQuoted(s: string, pos: number, lineNo: number, what: string): { text: string; end: number } {
  let out = '';
  for (let p = pos; ;) {
    const c = s[p];
    if (c === undefined) throw new ParseError(lineNo, `expected '"' to end the ${what}`);
    if (c === '"') return { text: out, end: p + 1 };
    if (c !== '\\') {
      out += c;
      p++;
      continue;
    }
    const e = s[p + 1];
    if (e === '\\' || e === '"') out += e;
    else if (e === 'n') out += '\n';
    else if (e === 'r') out += '\r';
    else if (e === undefined) throw new ParseError(lineNo, `expected '"' to end the ${what}`);
    else if (e === '0') throw new ParseError(lineNo, `'\\0' is not allowed in a ${what}`);
    else throw new ParseError(lineNo, `unknown escape sequence '\\${e}' in the ${what}`);
    p += 2;
  }
}

export function parseRegFile(input: string | Uint8Array): ParseRegFileResult {
  try {
    return { status: STATUS.SUCCESS, file: parse(input) };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return {
      status: STATUS.INVALID_PARAMETER,
      error: { line: e.line, message: `line ${e.line}: ${e.reason}` },
    };
  }
}

function parse(input: string | Uint8Array): ParsedRegFile {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeRegFileBytes(input);
  const lines = text.split(/\r\n|\r|\n/);
  const header = (lines[0] ?? '').replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
  let version: RegFileVersion;
  if (header === HEADER_5) version = '5.00';
  else if (header === HEADER_4) version = 'REGEDIT4';
  else throw new ParseError(1, `expected the header "${HEADER_5}" or "${HEADER_4}"`);

  const operations: RegFileOperation[] = [];
  let inKey = false;
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const s = lines[i]!;
    const p = skipBlanks(s, 0);
    const c = s[p];
    if (c === undefined || c === ';') continue;
    if (c === '[') {
      const op = parseKeyLine(s, p + 1, lineNo);
      operations.push(op);
      inKey = op.op === 'key';
      continue;
    }
    if (c !== '@' && c !== '"')
      throw new ParseError(
        lineNo,
        `unexpected text (expected a [key] line, a "value"= line, @= or a ';' comment)`,
      );
    if (!inKey) throw new ParseError(lineNo, 'value outside of a key (no [key] line opens a key before it)');
    let name: string;
    let q: number;
    if (c === '@') {
      name = '';
      q = skipBlanks(s, p + 1);
      if (s[q] !== '=') throw new ParseError(lineNo, "expected '=' after '@'");
    } else {
      const r = readQuoted(s, p + 1, lineNo, 'value name');
      name = r.text;
      q = skipBlanks(s, r.end);
      if (s[q] !== '=') throw new ParseError(lineNo, "expected '=' after the value name");
    }
    q = skipBlanks(s, q + 1);
    if (s[q] === '-') {
      if (!restIsEmpty(s, q + 1))
        throw new ParseError(lineNo, "unexpected text after '-' (expected the end of the line)");
      operations.push({ op: 'deleteValue', line: lineNo, name });
      continue;
    }
    const data = parseData(lines, i, q, lineNo, version);
    operations.push({ op: 'setValue', line: lineNo, name, value: data.value });
    i = data.lastLine;
  }
  return { version, operations };
}

function parseKeyLine(s: string, pos: number, lineNo: number): RegFileOperation {
  if (isBlank(s[pos])) throw new ParseError(lineNo, "a key name cannot start with a blank after '['");
  const close = s.lastIndexOf(']');
  if (close < pos) throw new ParseError(lineNo, "expected ']' to end the key name");
  if (!restIsEmpty(s, close + 1)) throw new ParseError(lineNo, "unexpected text after ']'");
  const inner = s.slice(pos, close);
  const remove = inner.startsWith('-');
  const path = remove ? inner.slice(1) : inner;
  const parsed = parseWin32KeyPath(path);
  if (parsed.status !== STATUS.SUCCESS) {
    const head = path.split('\\')[0];
    throw new ParseError(
      lineNo,
      `unknown root key "${head}" (expected HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS or HKEY_CURRENT_CONFIG)`,
    );
  }
  if (remove && parsed.path!.subKey.replace(/\\+$/, '') === '')
    throw new ParseError(lineNo, `cannot delete the root key ${parsed.path!.root}`);
  return { op: remove ? 'deleteKey' : 'key', line: lineNo, path };
}

/** The data after `=`: a string, dword: or hex list (which may continue over further lines). */
function parseData(
  lines: string[],
  index: number,
  pos: number,
  lineNo: number,
  version: RegFileVersion,
): { value: RegValue; lastLine: number } {
  const s = lines[index]!;
  if (s[pos] === '"') {
    const r = readQuoted(s, pos + 1, lineNo, 'string');
    if (!restIsEmpty(s, r.end))
      throw new ParseError(lineNo, "unexpected text after the closing '\"' of the string");
    return { value: regSz(r.text), lastLine: index };
  }
  if (s.startsWith('dword:', pos)) {
    let p = skipBlanks(s, pos + 6);
    const start = p;
    while (isHexDigit(s[p])) p++;
    if (p === start || p - start > 8 || !restIsEmpty(s, p))
      throw new ParseError(lineNo, "expected 1 to 8 hexadecimal digits after 'dword:'");
    return { value: regDword(parseInt(s.slice(start, p), 16)), lastLine: index };
  }
  let type: number;
  let p: number;
  if (s.startsWith('hex:', pos)) {
    type = REG_BINARY;
    p = pos + 4;
  } else if (s.startsWith('hex(', pos)) {
    const m = /^hex\(([0-9a-fA-F]{1,8})\):/.exec(s.slice(pos));
    if (!m) throw new ParseError(lineNo, "expected 'hex(N):' with N the value type in hexadecimal");
    type = parseInt(m[1]!, 16);
    p = pos + m[0].length;
  } else {
    throw new ParseError(lineNo, `unknown value data (expected "string", dword:, hex: or hex(N):)`);
  }
  const hex = parseHexList(lines, index, p);
  return { value: { type, data: stringFixup(type, hex.bytes, version) }, lastLine: hex.lastLine };
}

/** Comma-separated hex bytes, continued over lines ending in `\`. */
function parseHexList(lines: string[], index: number, pos: number): { bytes: number[]; lastLine: number } {
  const bytes: number[] = [];
  let i = index;
  let s = lines[i]!;
  let p = pos;
  for (;;) {
    p = skipBlanks(s, p);
    if (p >= s.length || s[p] === ';') return { bytes, lastLine: i };
    if (s[p] === '\\') {
      if (!restIsEmpty(s, p + 1))
        throw new ParseError(i + 1, "unexpected text after the line-continuing '\\'");
      // The data goes on at the next line that is not blank or a comment.
      for (;;) {
        i++;
        if (i >= lines.length) return { bytes, lastLine: i - 1 };
        s = lines[i]!;
        p = skipBlanks(s, 0);
        if (p < s.length && s[p] !== ';') break;
      }
      if (!isHexDigit(s[p]))
        throw new ParseError(
          i + 1,
          "expected hex bytes continuing the value (the line before ends with '\\')",
        );
      continue;
    }
    const start = p;
    while (isHexDigit(s[p])) p++;
    if (p === start) throw new ParseError(i + 1, 'expected a hexadecimal byte (00 to ff)');
    const v = parseInt(s.slice(start, p), 16);
    if (v > 0xff) throw new ParseError(i + 1, `'${s.slice(start, p)}' is not a byte (00 to ff)`);
    bytes.push(v);
    p = skipBlanks(s, p);
    if (p >= s.length || s[p] === ';') return { bytes, lastLine: i };
    if (s[p] !== ',') throw new ParseError(i + 1, "expected ',' between hex bytes");
    p++;
  }
}

/** hex(1), hex(2), hex(7): widen REGEDIT4's ANSI bytes and add the terminating NUL regedit adds. */
function stringFixup(type: number, bytes: number[], version: RegFileVersion): Uint8Array {
  const stringType = type === REG_SZ || type === REG_EXPAND_SZ || type === REG_MULTI_SZ;
  if (!stringType || bytes.length === 0) return Uint8Array.from(bytes);
  if (version === 'REGEDIT4') {
    const chars = bytes[bytes.length - 1] === 0 ? bytes : [...bytes, 0];
    const out = new Uint8Array(chars.length * 2);
    chars.forEach((b, k) => (out[2 * k] = b));
    return out;
  }
  const n = bytes.length;
  if (n % 2 === 0 && (bytes[n - 2] !== 0 || bytes[n - 1] !== 0)) return Uint8Array.from([...bytes, 0, 0]);
  return Uint8Array.from(bytes);
}
