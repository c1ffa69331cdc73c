import { DbgError } from './errors.js';
import { addr64, asciiOf, hexPad } from './format.js';
import type { DbgSession } from './session.js';

/**
 * Display Memory (Microsoft Learn, "d, da, db, dc, dd, dD, df, dp, dq, du, dw"): `db` 16 bytes a
 * line with a dash after the 8th and the ASCII column, `dw` 8 words, `dd` 4 dwords, `dq` 2 qwords
 * (`00000003`00905a4d`), 0x80 bytes by default; `L<count>` counts elements; unreadable memory shows
 * `??` per byte (the transcript shape `00000000`00000000  ?? ?? …`). `da`/`du` print the string
 * at the address up to its NUL (at most L characters, default 256… as dbgeng's 0x100 bound).
 */
export function displayMemory(
  kind: 'b' | 'w' | 'd' | 'q' | 'a' | 'u',
  args: string,
  s: DbgSession,
): string[] {
  const { address, count } = addressAndLength(args, s, kind);
  if (kind === 'a' || kind === 'u') return displayString(kind, address, count, s);
  const size = { b: 1, w: 2, d: 4, q: 8 }[kind];
  const total = count * size;
  const bytes = s.target.read(address, total);
  const perLine = 16 / size;
  const out: string[] = [];
  for (let i = 0; i < count; i += perLine) {
    const n = Math.min(perLine, count - i);
    const cells: string[] = [];
    let ascii = '';
    for (let j = 0; j < n; j++) {
      const at = (i + j) * size;
      const ok = at + size <= bytes.length;
      let v = 0n;
      if (ok) for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[at + k]!);
      const text = ok
        ? size === 8
          ? addr64(v)
          : hexPad(v, size * 2)
        : size === 8
          ? '????????`????????'
          : '?'.repeat(size * 2);
      cells.push(text);
      if (kind === 'b') ascii += ok ? asciiOf(Number(v)) : '?';
    }
    let body =
      kind === 'b' ? cells.map((c, j) => (j === 8 ? '-' : j === 0 ? '' : ' ') + c).join('') : cells.join(' ');
    if (kind === 'b') body = body.padEnd(16 * 3 - 1) + '  ' + ascii;
    out.push(`${addr64(address + BigInt(i * size))}  ${body}`);
  }
  return out;
}

function displayString(kind: 'a' | 'u', address: bigint, max: number, s: DbgSession): string[] {
  const unit = kind === 'u' ? 2 : 1;
  const bytes = s.target.read(address, max * unit);
  if (bytes.length < unit) return [`${addr64(address)}  ????`];
  let text = '';
  for (let i = 0; i + unit <= bytes.length; i += unit) {
    const c = unit === 2 ? bytes[i]! | (bytes[i + 1]! << 8) : bytes[i]!;
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  return [`${addr64(address)}  "${text}"`];
}

/** `<address> [L<count>]` (`L0n10`, `L20`, `L?20`); the default count is 0x80 bytes' worth. */
function addressAndLength(args: string, s: DbgSession, kind: string): { address: bigint; count: number } {
  const m = /^(.*?)(?:\s+[lL]\??(\S+))?\s*$/.exec(args.trim());
  const exprText = m?.[1]?.trim() ?? '';
  if (!exprText) throw new DbgError('An address is required');
  const address = s.evaluate(exprText);
  const perElement = { b: 1, w: 2, d: 4, q: 8, a: 1, u: 2 }[kind] ?? 1;
  let count = kind === 'a' || kind === 'u' ? 0x100 : 0x80 / perElement;
  if (m?.[2] !== undefined) {
    const n = s.evaluate(m[2]);
    // dbgeng refuses ranges over 256 MB without L?; the console keeps output bounded the same way.
    if (n === 0n || n > 0x10000n) throw new DbgError(`Range error in '${args.trim()}'`);
    count = Number(n);
  }
  return { address, count };
}
