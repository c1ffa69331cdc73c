/**
 * Key and value names are case-insensitive and case-preserving. Windows compares them one UTF-16
 * code unit at a time after RtlUpcaseUnicodeChar, and a shorter name that is a prefix of a longer one
 * sorts first (ReactOS lib/cmlib/cmindex.c CmpCompareCompressedName, RtlCompareUnicodeString with
 * CaseInSensitive = TRUE). The hive's subkey index is kept in that order, so it is also the order
 * NtEnumerateKey returns subkeys in.
 */

/**
 * RtlUpcaseUnicodeChar for one code unit. a–z map to A–Z; other units use the JavaScript upper-case
 * mapping when it is one code unit too (Windows uses its NLS upcase table, which is also 1:1 per
 * unit; the two agree on the characters registry names use in practice).
 */
function upcaseUnit(c: number): number {
  if (c < 0x61) return c;
  if (c <= 0x7a) return c - 0x20;
  if (c < 0x80) return c;
  const u = String.fromCharCode(c).toUpperCase();
  return u.length === 1 ? u.charCodeAt(0) : c;
}

/** The name as the registry compares it: every code unit upper-cased. */
export function cmUpcaseName(name: string): string {
  let ascii = true;
  for (let i = 0; i < name.length && ascii; i++) ascii = name.charCodeAt(i) < 0x80;
  if (ascii) return name.toUpperCase();
  let s = '';
  for (let i = 0; i < name.length; i++) s += String.fromCharCode(upcaseUnit(name.charCodeAt(i)));
  return s;
}

/** <0, 0, >0 as RtlCompareUnicodeString(a, b, TRUE). */
export function cmCompareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = upcaseUnit(a.charCodeAt(i)) - upcaseUnit(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
