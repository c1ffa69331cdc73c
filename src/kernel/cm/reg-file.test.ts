import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  CmLoadKey,
  REG_BINARY,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_NONE,
  REG_QWORD,
  REG_SZ,
  createRegistry,
  createWin32Key,
  encodeRegFileBytes,
  enumerateWin32Subkeys,
  enumerateWin32Values,
  exportRegFile,
  formatRegFileValue,
  importRegFile,
  parseRegFile,
  queryWin32Value,
  readRegDword,
  readRegMultiSz,
  readRegQword,
  readRegSz,
  regBinary,
  regDword,
  regExpandSz,
  regMultiSz,
  regNone,
  regQword,
  regSz,
  saveRegistry,
  setWin32Value,
  type CmRegistry,
  type RegValue,
} from './index.js';

const SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';

function machine(): CmRegistry {
  const reg = createRegistry(1);
  CmLoadKey(reg, '\\Registry\\Machine\\SOFTWARE', { time: 1 });
  CmLoadKey(reg, '\\Registry\\Machine\\SYSTEM', { time: 1 });
  CmLoadKey(reg, `\\Registry\\User\\${SID}`, { time: 1 });
  return reg;
}

function value(reg: CmRegistry, path: string, name: string): RegValue {
  const r = queryWin32Value(reg, path, name, { userSid: SID });
  expect(r.status, `${path} ${name}`).toBe(STATUS.SUCCESS);
  return r.value!;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The grammar as Wine's regedit tests exercise it (programs/regedit/tests/regedit.c). */
const SAMPLE = [
  'Windows Registry Editor Version 5.00',
  '',
  '; a comment',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Sample\\Sub]',
  '"Str"="a \\"quoted\\" \\\\ path"',
  '@="default"',
  '  "Spaced" = "x"   ; trailing comment',
  '"Dword"=dword:0000000a',
  '"Bin"=hex:01,02,ff',
  '"Expand"=hex(2):25,00,50,00,41,00,\\',
  '  54,00,48,00,25,00,00,00',
  '"Multi"=hex(7):61,00,00,00,\\  ; comment after the backslash',
  '',
  '; a comment between continued lines',
  '  62,00,00,00,00,00',
  '"Qword"=hex(b):08,07,06,05,04,03,02,01',
  '"None"=hex(0):',
  '"Type42"=hex(42):aa,bb',
  '"Unterminated"=hex(2):41,00,42,00',
  '"Gone"="soon"',
  '"Gone"=-',
  '[HKCU\\Environment]',
  '"TEMP"=hex(2):25,00,55,00,53,00,45,00,52,00,50,00,52,00,4f,00,46,00,49,00,4c,00,45,00,25,00,00,00',
  '',
].join('\r\n');

describe('.reg import (Wine programs/regedit/regproc.c)', () => {
  it('parses every kind of line into operations, with line numbers', () => {
    const r = parseRegFile(SAMPLE);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.file!.version).toBe('5.00');
    expect(r.file!.operations.map((op) => [op.op, op.line])).toEqual([
      ['key', 4],
      ['setValue', 5],
      ['setValue', 6],
      ['setValue', 7],
      ['setValue', 8],
      ['setValue', 9],
      ['setValue', 10],
      ['setValue', 12],
      ['setValue', 16],
      ['setValue', 17],
      ['setValue', 18],
      ['setValue', 19],
      ['setValue', 20],
      ['deleteValue', 21],
      ['key', 22],
      ['setValue', 23],
    ]);
  });
  it('stores the data regedit stores for each form', () => {
    const reg = machine();
    expect(importRegFile(reg, SAMPLE, { userSid: SID, time: 9 })).toEqual({ status: STATUS.SUCCESS });
    const k = 'HKLM\\SOFTWARE\\Sample\\Sub';
    expect(readRegSz(value(reg, k, 'Str'))).toBe('a "quoted" \\ path');
    expect(readRegSz(value(reg, k, ''))).toBe('default');
    expect(readRegSz(value(reg, k, 'spaced'))).toBe('x');
    expect(readRegDword(value(reg, k, 'Dword'))).toBe(10);
    expect(value(reg, k, 'Bin')).toEqual({
      name: 'Bin',
      type: REG_BINARY,
      data: Uint8Array.from([1, 2, 255]),
    });
    expect(value(reg, k, 'Expand')).toMatchObject({ type: REG_EXPAND_SZ, data: regExpandSz('%PATH%').data });
    expect(readRegMultiSz(value(reg, k, 'Multi'))).toEqual(['a', 'b']);
    expect(readRegQword(value(reg, k, 'Qword'))).toBe(0x0102030405060708n);
    expect(value(reg, k, 'None')).toMatchObject({ type: REG_NONE, data: new Uint8Array(0) });
    expect(value(reg, k, 'Type42')).toMatchObject({ type: 0x42, data: Uint8Array.from([0xaa, 0xbb]) });
    // regedit adds the missing terminator to hex(1)/hex(2)/hex(7) data (prepare_hex_string_data).
    expect(hex(value(reg, k, 'Unterminated').data)).toBe('410042000000');
    expect(queryWin32Value(reg, k, 'Gone').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(readRegSz(value(reg, 'HKCU\\Environment', 'TEMP'))).toBe('%USERPROFILE%');
    expect(value(reg, `HKU\\${SID}\\Environment`, 'TEMP').type).toBe(REG_EXPAND_SZ);
  });
  it('reads the UTF-16LE file with a byte-order mark that regedit writes, LF and CR line ends, and UTF-8', () => {
    const expected = saveRegistry(importInto(SAMPLE));
    expect(saveRegistry(importInto(encodeRegFileBytes(SAMPLE)))).toEqual(expected);
    expect(saveRegistry(importInto(SAMPLE.replace(/\r\n/g, '\n')))).toEqual(expected);
    expect(saveRegistry(importInto(SAMPLE.replace(/\r\n/g, '\r')))).toEqual(expected);
    const utf8 = new TextEncoder().encode('\uFEFF' + SAMPLE);
    expect(saveRegistry(importInto(utf8))).toEqual(expected);
  });
  it('deletes a key and its subtree with [-key], and ignores one that is absent', () => {
    const reg = machine();
    importRegFile(reg, SAMPLE, { userSid: SID, time: 2 });
    const r = importRegFile(
      reg,
      'Windows Registry Editor Version 5.00\n[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Sample]\n[-HKLM\\SOFTWARE\\Never]\n',
      { time: 3 },
    );
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(enumerateWin32Subkeys(reg, 'HKLM\\SOFTWARE').names).toEqual([]);
  });
  it('widens the ANSI bytes of hex(2) in a REGEDIT4 file', () => {
    const reg = machine();
    const text =
      'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]\r\n"E"=hex(2):25,41,25,00\r\n"S"="plain"\r\n';
    expect(importRegFile(reg, text, { time: 2 }).status).toBe(STATUS.SUCCESS);
    expect(value(reg, 'HKLM\\SOFTWARE\\Old', 'E')).toMatchObject({
      type: REG_EXPAND_SZ,
      data: regExpandSz('%A%').data,
    });
    expect(value(reg, 'HKLM\\SOFTWARE\\Old', 'S').type).toBe(REG_SZ);
  });
  it('reads a REGEDIT4 file in an 8-bit code page (not UTF-8) as Latin-1', () => {
    const reg = machine();
    const text = 'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]\r\n"S"="caf\u00e9"\r\n';
    const ansi = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(ansi.includes(0xe9)).toBe(true);
    expect(importRegFile(reg, ansi, { time: 2 }).status).toBe(STATUS.SUCCESS);
    expect(readRegSz(value(reg, 'HKLM\\SOFTWARE\\Old', 'S'))).toBe('caf\u00e9');
  });
});

function importInto(input: string | Uint8Array): CmRegistry {
  const reg = machine();
  expect(importRegFile(reg, input, { userSid: SID, time: 9 }).status).toBe(STATUS.SUCCESS);
  return reg;
}

describe('.reg errors name the line and change nothing', () => {
  const cases: [string, string, string][] = [
    [
      'a bad header',
      'REGEDIT5\n',
      'line 1: expected the header "Windows Registry Editor Version 5.00" or "REGEDIT4"',
    ],
    ['an empty file', '', 'line 1: expected the header "Windows Registry Editor Version 5.00" or "REGEDIT4"'],
    ['a missing =', '[HKLM\\SOFTWARE\\T]\n"name" "x"', "line 3: expected '=' after the value name"],
    ['an unterminated name', '[HKLM\\SOFTWARE\\T]\n"name=1', "line 3: expected '\"' to end the value name"],
    [
      'an unknown escape',
      '[HKLM\\SOFTWARE\\T]\n"n"="a\\tb"',
      "line 3: unknown escape sequence '\\t' in the string",
    ],
    [
      'text after a string',
      '[HKLM\\SOFTWARE\\T]\n"n"="a" b',
      "line 3: unexpected text after the closing '\"' of the string",
    ],
    [
      'a 9-digit dword',
      '[HKLM\\SOFTWARE\\T]\n"n"=dword:000000001',
      "line 3: expected 1 to 8 hexadecimal digits after 'dword:'",
    ],
    [
      'an upper-case type',
      '[HKLM\\SOFTWARE\\T]\n"n"=DWORD:1',
      'line 3: unknown value data (expected "string", dword:, hex: or hex(N):)',
    ],
    ['a bad byte', '[HKLM\\SOFTWARE\\T]\n"n"=hex:01,100', "line 3: '100' is not a byte (00 to ff)"],
    ['a missing comma', '[HKLM\\SOFTWARE\\T]\n"n"=hex:01 02', "line 3: expected ',' between hex bytes"],
    [
      'a bad continuation',
      '[HKLM\\SOFTWARE\\T]\n"n"=hex:01,\\\n  zz',
      "line 4: expected hex bytes continuing the value (the line before ends with '\\')",
    ],
    [
      'a bad hex(N)',
      '[HKLM\\SOFTWARE\\T]\n"n"=hex(0x2):00',
      "line 3: expected 'hex(N):' with N the value type in hexadecimal",
    ],
    [
      'an unknown root',
      '[HKEY_LOCAL_MACHIN\\X]',
      'line 2: unknown root key "HKEY_LOCAL_MACHIN" (expected HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS or HKEY_CURRENT_CONFIG)',
    ],
    ['an unclosed key', '[HKLM\\SOFTWARE\\T', "line 2: expected ']' to end the key name"],
    [
      'a value before any key',
      '"n"="v"',
      'line 2: value outside of a key (no [key] line opens a key before it)',
    ],
    [
      'a stray line',
      '[HKLM\\SOFTWARE\\T]\nhello',
      'line 3: unexpected text (expected a [key] line, a "value"= line, @= or a \';\' comment)',
    ],
    ['deleting a root', '[-HKEY_CURRENT_USER]', 'line 2: cannot delete the root key HKEY_CURRENT_USER'],
  ];
  it.each(cases)('%s', (_what, body, message) => {
    const reg = machine();
    const before = saveRegistry(reg);
    const text =
      body === '' || body.startsWith('REGEDIT') ? body : 'Windows Registry Editor Version 5.00\n' + body;
    const r = importRegFile(reg, text, { userSid: SID, time: 5 });
    expect(r.status).toBe(STATUS.INVALID_PARAMETER);
    expect(r.error!.message).toBe(message);
    expect(saveRegistry(reg)).toEqual(before);
  });
  it('reports the exact line deep in a file', () => {
    const lines = ['Windows Registry Editor Version 5.00', '', '[HKLM\\SOFTWARE\\T]'];
    for (let i = 0; i < 8; i++) lines.push(`"v${i}"=dword:${i}`);
    lines.push('"broken" dword:1');
    expect(parseRegFile(lines.join('\r\n')).error).toEqual({
      line: 12,
      message: "line 12: expected '=' after the value name",
    });
  });
  it('applies nothing when an operation fails half-way (a volatile parent)', () => {
    const reg = machine();
    createWin32Key(reg, 'HKLM\\SOFTWARE\\Vol', { time: 2, options: 1 });
    const before = saveRegistry(reg);
    const failing = [
      'Windows Registry Editor Version 5.00',
      '[HKLM\\SOFTWARE\\Good]',
      '"a"="1"',
      '[HKLM\\SYSTEM\\Stable\\Under]',
      '[HKLM\\SOFTWARE\\Vol\\Stable]',
    ].join('\n');
    expect(importRegFile(reg, failing, { time: 3 })).toEqual({
      status: STATUS.CHILD_MUST_BE_VOLATILE,
      error: {
        line: 5,
        message: 'line 5: cannot create key HKLM\\SOFTWARE\\Vol\\Stable: STATUS_CHILD_MUST_BE_VOLATILE',
      },
    });
    expect(saveRegistry(reg)).toEqual(before);
    // Deleting the volatile key first lets the same key be created non-volatile.
    const fixed = failing.replace(
      '[HKLM\\SOFTWARE\\Vol\\Stable]',
      '[-HKLM\\SOFTWARE\\Vol]\n[HKLM\\SOFTWARE\\Vol\\Stable]',
    );
    expect(importRegFile(reg, fixed, { time: 3 }).status).toBe(STATUS.SUCCESS);
    expect(enumerateWin32Subkeys(reg, 'HKLM\\SOFTWARE').names).toEqual(['Good', 'Vol']);
  });
});

describe('.reg export (Wine programs/regedit/regproc.c export_registry_data, MAX_HEX_CHARS 77)', () => {
  it('writes each type as regedit does', () => {
    expect(formatRegFileValue('', regSz('C:\\Windows "x"'))).toBe('@="C:\\\\Windows \\"x\\""');
    expect(formatRegFileValue('Line', regSz('a\r\nb'))).toBe('"Line"="a\\r\\nb"');
    expect(formatRegFileValue('N', regDword(0xdeadbeef))).toBe('"N"=dword:deadbeef');
    expect(formatRegFileValue('Q', regQword(1n))).toBe('"Q"=hex(b):01,00,00,00,00,00,00,00');
    expect(formatRegFileValue('M', regMultiSz(['a']))).toBe('"M"=hex(7):61,00,00,00,00,00');
    expect(formatRegFileValue('E', regNone())).toBe('"E"=hex(0):');
    expect(formatRegFileValue('B', regBinary([]))).toBe('"B"=hex:');
    // Not a well-formed string: written as hex(1) so it imports back the same.
    expect(formatRegFileValue('S', { type: REG_SZ, data: Uint8Array.from([0x41, 0, 0, 0]) })).toBe('"S"="A"');
    expect(formatRegFileValue('S', { type: REG_SZ, data: Uint8Array.from([0x41, 0]) })).toBe(
      '"S"=hex(1):41,00',
    );
    expect(formatRegFileValue('S', { type: REG_SZ, data: Uint8Array.from([0, 0, 0x41, 0, 0, 0]) })).toBe(
      '"S"=hex(1):00,00,41,00,00,00',
    );
    expect(formatRegFileValue('S', { type: REG_SZ, data: new Uint8Array(0) })).toBe('"S"=hex(1):');
  });
  it('wraps hex data at 80 columns: the first line to 77 characters, then 25 bytes a line', () => {
    const bytes = Array.from({ length: 50 }, (_, i) => i);
    expect(formatRegFileValue('Data', regBinary(bytes))).toBe(
      '"Data"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,\\\r\n' +
        '  16,17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27,28,29,2a,2b,2c,2d,2e,\\\r\n' +
        '  2f,30,31',
    );
    const path = formatRegFileValue('Path', regExpandSz('%SystemRoot%\\system32;%SystemRoot%')).split('\r\n');
    expect(path.map((l) => l.length)).toEqual([78, 78, 73]);
    expect(path[0]).toBe('"Path"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\\');
  });
  it('matches real regedit exports (a Windows 10 export of RasMan\\PPP and a FixEnv script, both on GitHub)', () => {
    expect(formatRegFileValue('Path', regExpandSz('%SystemRoot%\\System32\\rasppp.dll'))).toBe(
      '"Path"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\\\r\n' +
        '  00,25,00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,72,00,\\\r\n' +
        '  61,00,73,00,70,00,70,00,70,00,2e,00,64,00,6c,00,6c,00,00,00',
    );
    expect(formatRegFileValue('ComSpec', regExpandSz('%SystemRoot%\\system32\\cmd.exe'))).toBe(
      '"ComSpec"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,\\\r\n' +
        '  74,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,63,\\\r\n' +
        '  00,6d,00,64,00,2e,00,65,00,78,00,65,00,00,00',
    );
  });
  it('writes the header, a blank line before each key, subkeys in order, and a final blank line', () => {
    const reg = machine();
    createWin32Key(reg, 'HKLM\\SOFTWARE\\E\\b', { time: 2 });
    createWin32Key(reg, 'HKLM\\SOFTWARE\\E\\A\\deep', { time: 2 });
    setWin32Value(reg, 'HKLM\\SOFTWARE\\E', 'z', regSz('1'), { time: 2 });
    setWin32Value(reg, 'HKLM\\SOFTWARE\\E', '', regDword(2), { time: 2 });
    expect(exportRegFile(reg, 'HKLM\\SOFTWARE\\E').text).toBe(
      'Windows Registry Editor Version 5.00\r\n' +
        '\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\E]\r\n"z"="1"\r\n@=dword:00000002\r\n' +
        '\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\E\\A]\r\n' +
        '\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\E\\A\\deep]\r\n' +
        '\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\E\\b]\r\n' +
        '\r\n',
    );
    expect(exportRegFile(reg, 'HKLM\\SOFTWARE\\Missing').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
  });
  it('round-trips: export, import into an empty registry, export again gives the same text and values', () => {
    const reg = machine();
    importRegFile(reg, SAMPLE, { userSid: SID, time: 2 });
    setWin32Value(
      reg,
      'HKLM\\SOFTWARE\\Sample',
      'odd',
      { type: REG_SZ, data: Uint8Array.from([1, 2, 3]) },
      { time: 2 },
    );
    setWin32Value(reg, 'HKLM\\SOFTWARE\\Sample', 'big', regBinary(new Uint8Array(300).map((_, i) => i)), {
      time: 2,
    });
    const text = exportRegFile(reg, 'HKLM\\SOFTWARE\\Sample').text!;
    const copy = machine();
    expect(importRegFile(copy, encodeRegFileBytes(text), { time: 3 }).status).toBe(STATUS.SUCCESS);
    expect(exportRegFile(copy, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Sample').text).toBe(text);
    for (const path of ['HKLM\\SOFTWARE\\Sample', 'HKLM\\SOFTWARE\\Sample\\Sub'])
      expect(enumerateWin32Values(copy, path).values).toEqual(enumerateWin32Values(reg, path).values);
    expect(value(copy, 'HKLM\\SOFTWARE\\Sample\\Sub', 'Multi').type).toBe(REG_MULTI_SZ);
    expect(value(copy, 'HKLM\\SOFTWARE\\Sample\\Sub', 'Qword').type).toBe(REG_QWORD);
  });
});
