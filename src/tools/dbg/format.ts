/**
 * Number texts as WinDbg prints them on x64 (internals.md §11 and the transcripts the tests cite):
 * 64-bit values as two 8-digit halves joined by a backtick (`ffffa50f`00001230`), `!process`'s bare
 * 16-digit pointers, `0n` decimal for signed types, `0y` binary for bitfields.
 */

/** `00007ffa`e7cba4c0`: 16 hex digits with a backtick between the halves. */
export function addr64(v: bigint | number): string {
  const s = BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
  return `${s.slice(0, 8)}\`${s.slice(8)}`;
}

/** `ffffa50f00001230`: 16 hex digits (the `PROCESS` line of `!process`). */
export function hex16(v: bigint | number): string {
  return BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
}

/** At least `digits` hex digits, lower case. */
export function hexPad(v: bigint | number, digits: number): string {
  return BigInt.asUintN(64, BigInt(v)).toString(16).padStart(digits, '0');
}

/** `0x1f` or `0`: dt's unsigned scalar (zero is printed bare). */
export function hexShort(v: bigint | number): string {
  const b = BigInt.asUintN(64, BigInt(v));
  return b === 0n ? '0' : `0x${b.toString(16)}`;
}

/**
 * `Evaluate expression: 4096 = 00000000`00001000` (`?`): the signed decimal, then the 64-bit hex
 * (transcript: `? (0x90-0x70)/8` → `Evaluate expression: 4 = 00000000`00000004`, search index id
 * 45636595947).
 */
export function evaluateLine(v: bigint): string {
  return `Evaluate expression: ${BigInt.asIntN(64, v).toString()} = ${addr64(v)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * A PE TimeDateStamp as `!peb`/`lmv` print it: `Jan 16 01:26:43 2090` (ctime without the weekday;
 * `withDay` adds it, as lmv does). UTC, so the output is the same on every host.
 */
export function stampText(stamp: number, withDay = false): string {
  const d = new Date(stamp * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const text = `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
  return withDay ? `${DAYS[d.getUTCDay()]} ${text}` : text;
}

/** A byte as the ASCII column of `db` shows it: printable ASCII, else a dot. */
export function asciiOf(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}
