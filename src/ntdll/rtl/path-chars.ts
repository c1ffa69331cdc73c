/**
 * Character helpers shared by the Rtl path routines. The routines take PCWSTR strings: UTF-16 units
 * ending at the first NUL, so a JavaScript string is read the same way (what follows an embedded
 * U+0000 is never seen by ntdll).
 */

export const BACKSLASH = 0x5c;
export const SLASH = 0x2f;
export const DOT = 0x2e;
export const SPACE = 0x20;
export const COLON = 0x3a;
export const QUESTION = 0x3f;

/**
 * UNICODE_STRING.Length is a USHORT of bytes and RtlInitUnicodeStringEx keeps room for the NUL, so the
 * longest string it accepts is 32,766 characters; past that it returns STATUS_NAME_TOO_LONG (ReactOS
 * sdk/lib/rtl/unicode.c RtlInitUnicodeStringEx; eryksun on python/cpython#122228: "the upper limit is
 * 32766, not 32767, because RtlInitUnicodeStringEx() includes the trailing null").
 */
export const UNICODE_STRING_MAX_CHARS = 32766;

/** MAX_PATH, counting the terminating NUL (Microsoft Learn, "Maximum Path Length Limitation"). */
export const MAX_PATH = 260;

/** Both '\' and '/' separate components (ReactOS path.c IS_PATH_SEPARATOR, Wine path.c IS_SEPARATOR). */
export function isSeparator(c: number): boolean {
  return c === BACKSLASH || c === SLASH;
}

/** The unit at `i`, or 0 (the terminating NUL) past the end. */
export function wcharAt(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : 0;
}

/** The string as a PCWSTR sees it: up to its first NUL. */
export function asPcwstr(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** RtlUpcaseUnicodeChar for one unit: a 1:1 mapping, so a character whose upper case is longer stays. */
export function upcaseChar(c: number): number {
  if (c >= 0x61 && c <= 0x7a) return c - 0x20;
  if (c < 0x80) return c;
  const upper = String.fromCharCode(c).toUpperCase();
  return upper.length === 1 ? upper.charCodeAt(0) : c;
}

/** Case-insensitive match of `word` (upper-case ASCII) at `at` in `s`, as RtlEqualUnicodeString(…, TRUE). */
export function matchesUpper(s: string, at: number, word: string): boolean {
  if (at + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = s.charCodeAt(at + k);
    const w = word.charCodeAt(k);
    if (c !== w && !(w >= 0x41 && w <= 0x5a && c === w + 0x20)) return false;
  }
  return true;
}
