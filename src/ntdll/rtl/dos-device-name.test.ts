import { describe, expect, it } from 'vitest';
import { RtlIsDosDeviceName_U } from './index.js';

const WINE = 'Wine dlls/ntdll/tests/path.c test_RtlIsDosDeviceName_U';
const LEARN =
  'Microsoft Learn, "Naming Files, Paths, and Namespaces" (superscript digits ¹ ² ³ in COM#/LPT#)';
const NET = 'Microsoft Learn, ".NET: File path formats on Windows systems", "Handle legacy devices"';

// [path, byte offset, byte length, source]. Windows' answer is MAKELONG(length, offset).
const rows: [string, number, number, string][] = [
  ['\\\\.\\CON', 8, 6, `${WINE} (0 only on Windows 8)`],
  ['\\\\.\\con', 8, 6, `${WINE} (0 only on Windows 8)`],
  ['\\\\.\\CON2', 0, 0, WINE],
  ['\\\\.\\CONIN$', 0, 0, WINE],
  ['\\\\.\\CONOUT$', 0, 0, WINE],
  ['', 0, 0, WINE],
  ['\\\\foo\\nul', 0, 0, WINE],
  ['c:\\nul:', 6, 6, WINE],
  ['c:\\nul\\', 0, 0, WINE],
  ['c:\\nul\\foo', 0, 0, WINE],
  ['c:\\nul::', 6, 6, WINE],
  ['c:\\nul::::::', 6, 6, WINE],
  ['c:prn     ', 4, 6, WINE],
  ['c:prn.......', 4, 6, WINE],
  ['c:prn... ...', 4, 6, WINE],
  ['c:NUL  ....  ', 4, 6, WINE],
  ['c: . . .', 0, 0, WINE],
  ['c:', 0, 0, WINE],
  [' . . . :', 0, 0, WINE],
  [':', 0, 0, WINE],
  ['c:nul. . . :', 4, 6, WINE],
  ['c:nul . . :', 4, 6, WINE],
  ['c:nul0', 0, 0, WINE],
  ['c:prn:aaa', 4, 6, WINE],
  ['c:PRN:.txt', 4, 6, WINE],
  ['c:aux:.txt...', 4, 6, WINE],
  ['c:prn:.txt:', 4, 6, WINE],
  ['c:nul:aaa', 4, 6, WINE],
  ['con:', 0, 6, WINE],
  ['lpt1:', 0, 8, WINE],
  ['c:com5:', 4, 8, WINE],
  ['CoM4:', 0, 8, WINE],
  ['lpt9:', 0, 8, WINE],
  ['c:\\lpt0.txt', 0, 0, WINE],
  ['CONIN$', 0, 12, `${WINE} (0 only on Windows 7)`],
  ['CONOUT$', 0, 14, `${WINE} (0 only on Windows 7)`],
  ['CONERR$', 0, 0, WINE],
  ['CON', 0, 6, WINE],
  ['PIPE', 0, 0, WINE],
  ['\\??\\CONIN$', 8, 12, `${WINE} (0 only on Windows 7)`],
  ['\\??\\CONOUT$', 8, 14, `${WINE} (0 only on Windows 7)`],
  ['\\??\\CONERR$', 0, 0, WINE],
  ['\\??\\CON', 8, 6, WINE],
  ['c:' + 'a'.repeat(497) + '\\nul.txt', 1000, 6, WINE],
  ['COM\u00b9', 0, 8, LEARN],
  ['c:\\dir\\LPT\u00b3.log', 14, 8, LEARN],
  ['com\u00b2', 0, 8, LEARN],
  ['COM\u2074', 0, 0, `${LEARN} (only ¹ ² ³ are named)`],
  ['CON.TXT', 0, 6, `${NET} ("the DOS device path for CON.TXT is \\\\.\\CON")`],
  [
    'C:\\Users\\user\\NUL.txt',
    28,
    6,
    `${WINE} (\`\\nul.txt\` row: an extension in any directory, as Windows 10 22H2 does)`,
  ],
  ['\\\\?\\C:\\NUL', 0, 0, `${WINE} (\`\\\\.\\CON2\` row: device paths other than \\\\.\\CON never are)`],
  [
    '//./CON',
    0,
    0,
    'ReactOS sdk/lib/rtl/path.c RtlIsDosDeviceName_Ustr (compares with "\\\\.\\CON" exactly)',
  ],
  ['NUL\0.txt', 0, 6, 'a PCWSTR ends at its NUL (ReactOS RtlIsDosDeviceName_U → RtlInitUnicodeStringEx)'],
];

describe('RtlIsDosDeviceName_U', () => {
  it.each(rows)('%j → offset %i, length %i (%s)', (path, offset, length) => {
    expect(RtlIsDosDeviceName_U(path)).toBe(offset * 0x10000 + length);
  });
  it('returns 0 for a path longer than a UNICODE_STRING holds (ReactOS RtlIsDosDeviceName_U)', () => {
    expect(RtlIsDosDeviceName_U('c:\\' + 'a'.repeat(32764) + '\\nul')).toBe(0);
    expect(RtlIsDosDeviceName_U('c:\\' + 'a'.repeat(32758) + '\\nul')).toBe(32762 * 2 * 0x10000 + 6);
  });
});
