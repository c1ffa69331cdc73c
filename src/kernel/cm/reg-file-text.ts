import { utf16le } from '../../base/index.js';

/**
 * The bytes of a .reg file. regedit writes "Windows Registry Editor Version 5.00" files as
 * UTF-16LE with a byte-order mark and "REGEDIT4" files in the ANSI code page; it reads a file as
 * UTF-16LE when it starts with FF FE (Wine programs/regedit/regproc.c import_registry_file,
 * REGPROC_open_export_file). Without that mark this model reads UTF-8 (with or without its EF BB BF
 * mark), falling back to Latin-1 — standing in for the ANSI code page — when the bytes are not UTF-8.
 */
export function decodeRegFileBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return utf16le(bytes, 2, (bytes.length - 2) & ~1);
  const body =
    bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ? bytes.subarray(3)
      : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    let s = '';
    for (const b of body) s += String.fromCharCode(b);
    return s;
  }
}

/** The text as regedit saves a version 5.00 file: FF FE, then UTF-16LE. */
export function encodeRegFileBytes(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i] = c & 0xff;
    out[3 + 2 * i] = c >> 8;
  }
  return out;
}
