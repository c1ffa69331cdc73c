import {
  COLON,
  DOT,
  SPACE,
  UNICODE_STRING_MAX_CHARS,
  asPcwstr,
  isSeparator,
  matchesUpper,
} from './path-chars.js';
import { RTL_PATH_TYPE, RtlDetermineDosPathNameType_U } from './path-type.js';

const SUPERSCRIPT_ONE = 0xb9;
const SUPERSCRIPT_TWO = 0xb2;
const SUPERSCRIPT_THREE = 0xb3;

/** `(offset << 16) | length`, both in bytes, as a ULONG (the value is kept unsigned). */
function deviceAt(startChars: number, lengthChars: number): number {
  return startChars * 2 * 0x10000 + lengthChars * 2;
}

/**
 * The digit of COM#/LPT#: 1–9, and the Latin-1 superscripts ¹ ² ³, which Windows also counts
 * (Microsoft Learn, "Naming Files, Paths, and Namespaces": "Windows recognizes the 8-bit ISO/IEC
 * 8859-1 superscript digits ¹, ², and ³ as digits and treats them as valid parts of COM# and LPT#
 * device names"; Go internal/filepathlite/path_windows.go isReservedBaseName agrees). 0 is not a
 * port: Wine dlls/ntdll/tests/path.c test_RtlIsDosDeviceName_U has `c:\lpt0.txt` → 0 on Windows.
 */
function isPortDigit(c: number): boolean {
  return (
    (c >= 0x31 && c <= 0x39) || c === SUPERSCRIPT_ONE || c === SUPERSCRIPT_TWO || c === SUPERSCRIPT_THREE
  );
}

/**
 * RtlIsDosDeviceName_U: 0, or the byte offset (high word) and byte length (low word) of a legacy DOS
 * device name in the path's last component: CON PRN AUX NUL, COM1–9 and LPT1–9 (and ¹²³), and since
 * Windows 8 CONIN$ and CONOUT$ (Wine's test marks them "fails on win7"). Everything from the first '.'
 * or ':' of the component is ignored, then trailing spaces, so `NUL.txt`, `c:\dir\con`, `con:` and
 * `c:prn   ` are devices (Wine dlls/ntdll/tests/path.c test_RtlIsDosDeviceName_U, recorded on
 * Windows; we model Windows 10 22H2, where names with an extension are still devices).
 * UNC paths never are; of the `\\.\`/`\\?\` paths only `\\.\CON` is, at offset 8 (ReactOS
 * sdk/lib/rtl/path.c RtlIsDosDeviceName_Ustr; the Wine test).
 */
export function RtlIsDosDeviceName_U(dosName: string): number {
  const path = asPcwstr(dosName);
  // RtlInitUnicodeStringEx fails for longer strings and the routine returns 0 (ReactOS path.c).
  if (path.length > UNICODE_STRING_MAX_CHARS) return 0;
  return RtlpIsDosDeviceName(path, RtlDetermineDosPathNameType_U(path));
}

/** RtlIsDosDeviceName_U for a path already cut at its NUL, checked for length, and typed. */
export function RtlpIsDosDeviceName(path: string, type: RTL_PATH_TYPE): number {
  let start = 0;
  switch (type) {
    case RTL_PATH_TYPE.RtlPathTypeUnknown:
    case RTL_PATH_TYPE.RtlPathTypeUncAbsolute:
      return 0;
    case RTL_PATH_TYPE.RtlPathTypeLocalDevice:
      return path.length === 7 && matchesUpper(path, 0, '\\\\.\\CON') ? deviceAt(4, 3) : 0;
    case RTL_PATH_TYPE.RtlPathTypeDriveAbsolute:
    case RTL_PATH_TYPE.RtlPathTypeDriveRelative:
      start = 2; // the drive's ':' ends no name
      break;
  }
  const n = path.length;
  for (let i = start; i < n; i++) if (isSeparator(path.charCodeAt(i))) start = i + 1;
  let end = start;
  while (end < n) {
    const c = path.charCodeAt(end);
    if (c === DOT || c === COLON) break;
    end++;
  }
  while (end > start && path.charCodeAt(end - 1) === SPACE) end--;
  switch (end - start) {
    case 3:
      return matchesUpper(path, start, 'CON') ||
        matchesUpper(path, start, 'PRN') ||
        matchesUpper(path, start, 'AUX') ||
        matchesUpper(path, start, 'NUL')
        ? deviceAt(start, 3)
        : 0;
    case 4:
      return (matchesUpper(path, start, 'COM') || matchesUpper(path, start, 'LPT')) &&
        isPortDigit(path.charCodeAt(start + 3))
        ? deviceAt(start, 4)
        : 0;
    case 6:
      return matchesUpper(path, start, 'CONIN$') ? deviceAt(start, 6) : 0;
    case 7:
      return matchesUpper(path, start, 'CONOUT$') ? deviceAt(start, 7) : 0;
    default:
      return 0;
  }
}
