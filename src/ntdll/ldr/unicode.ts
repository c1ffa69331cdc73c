/** UTF-16LE bytes of `s`, with a terminating NUL when asked. */
export function utf16(s: string, nul = false): Uint8Array {
  const b = new Uint8Array(s.length * 2 + (nul ? 2 : 0));
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    b[2 * i] = c & 0xff;
    b[2 * i + 1] = c >>> 8;
  }
  return b;
}

/**
 * RtlHashUnicodeString(CaseInSensitive = TRUE, HASH_STRING_ALGORITHM_X65599): h = h * 65599 +
 * RtlUpcaseUnicodeChar(c), 32-bit — the loader's BaseNameHashValue (ReactOS rtl/unicode.c).
 */
export function RtlHashUnicodeString(s: string): number {
  let h = 0;
  const up = s.toUpperCase();
  for (let i = 0; i < up.length; i++) h = (Math.imul(h, 65599) + up.charCodeAt(i)) >>> 0;
  return h;
}
