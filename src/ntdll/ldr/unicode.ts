import type { RtlHeap } from './heap.js';
import type { UserThreadContext } from './context.js';

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
 * Writes a UNICODE_STRING at `at` whose buffer (NUL-terminated, MaximumLength = Length + 2) is a
 * new heap block: how the loader fills FullDllName and BaseDllName.
 */
export function writeUnicodeString(ctx: UserThreadContext, heap: RtlHeap, at: number, s: string): number {
  const bytes = utf16(s, true);
  const buffer = heap.allocate(ctx, bytes.length);
  ctx.memory.write(buffer, bytes);
  ctx.memory.writeU16(at, bytes.length - 2);
  ctx.memory.writeU16(at + 2, bytes.length);
  ctx.memory.writeU64(at + 8, buffer);
  return buffer;
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
