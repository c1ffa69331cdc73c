import { couldntResolve, DbgError, memoryAccess, syntaxAt } from './errors.js';

/**
 * The MASM expression evaluator, as much of it as the console needs (Microsoft Learn, "MASM
 * Numbers and Operators"): numbers are hex by default, `0x` hex, `0n` decimal, `0y` binary, a
 * backtick may split the digits (`fffff780`00000000`); + - * / and unary minus; parentheses;
 * `poi(x)` (a pointer at x), `by`/`wo`/`dwo`/`qwo(x)`; pseudo-registers `$peb`, `$teb`, `$proc`,
 * `$thread`, `$tpid`, `$tid` with or without `@`; and symbols `module!name` or `module`.
 * Values are 64-bit, wrapping like dbgeng's.
 */
export interface ExprEnv {
  pseudoRegister(name: string): bigint | undefined;
  symbol(text: string): bigint | undefined;
  /** `size` bytes at `address` as an unsigned little-endian integer, undefined when unreadable. */
  readInt(address: bigint, size: 1 | 2 | 4 | 8): bigint | undefined;
}

const DEREF: Readonly<Record<string, 1 | 2 | 4 | 8>> = { poi: 8, qwo: 8, dwo: 4, wo: 2, by: 1 };
const wrap = (v: bigint): bigint => BigInt.asUintN(64, v);

export function evaluate(text: string, env: ExprEnv): bigint {
  let pos = 0;
  const rest = (): string => (pos >= text.length ? '<EOL>' : text.slice(pos));
  const skip = (): void => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const peek = (): string => {
    skip();
    return text[pos] ?? '';
  };

  const expr = (): bigint => {
    let v = term();
    for (;;) {
      const c = peek();
      if (c !== '+' && c !== '-') return v;
      pos++;
      const r = term();
      v = wrap(c === '+' ? v + r : v - r);
    }
  };
  const term = (): bigint => {
    let v = unary();
    for (;;) {
      const c = peek();
      if (c !== '*' && c !== '/') return v;
      pos++;
      const r = unary();
      if (c === '/' && r === 0n) throw new DbgError(`Divide by zero error at '${rest()}'`);
      v = wrap(c === '*' ? v * r : v / r);
    }
  };
  const unary = (): bigint => {
    const c = peek();
    if (c === '-') {
      pos++;
      return wrap(-unary());
    }
    if (c === '+') {
      pos++;
      return unary();
    }
    return primary();
  };
  const primary = (): bigint => {
    const c = peek();
    if (c === '') throw syntaxAt('<EOL>');
    if (c === '(') {
      pos++;
      const v = expr();
      if (peek() !== ')') throw syntaxAt(rest());
      pos++;
      return v;
    }
    const start = pos;
    const m =
      /^(?:0[xX])?[0-9a-fA-F]+`[0-9a-fA-F]+|^@?[A-Za-z_$][\w$.]*(?:![\w$@?.]+)?|^[0-9][0-9a-zA-Z`]*/.exec(
        text.slice(pos),
      );
    if (!m) throw syntaxAt(rest());
    const tok = m[0];
    pos += tok.length;
    const size = DEREF[tok.toLowerCase()];
    if (size !== undefined && peek() === '(') {
      pos++;
      const address = expr();
      if (peek() !== ')') throw syntaxAt(rest());
      const v = env.readInt(address, size);
      if (v === undefined) throw memoryAccess(rest());
      pos++;
      return v;
    }
    const n = parseNumber(tok);
    if (n !== undefined) return n;
    const name = tok.startsWith('@') ? tok.slice(1) : tok;
    if (name.startsWith('$')) {
      const v = env.pseudoRegister(name.slice(1).toLowerCase());
      if (v !== undefined) return v;
      throw couldntResolve(text.slice(start));
    }
    const s = tok.startsWith('@') ? undefined : env.symbol(tok);
    if (s === undefined) throw couldntResolve(text.slice(start));
    return s;
  };

  const v = expr();
  if (peek() !== '') throw syntaxAt(rest());
  return v;
}

/** A MASM number token, or undefined when the token is not one (then it may be a symbol). */
export function parseNumber(tok: string): bigint | undefined {
  const t = tok.replace(/`/g, '');
  let m: RegExpExecArray | null;
  if ((m = /^0[xX]([0-9a-fA-F]+)$/.exec(t))) return wrap(BigInt('0x' + m[1]));
  if ((m = /^0[nN]([0-9]+)$/.exec(t))) return wrap(BigInt(m[1]!));
  if ((m = /^0[yY]([01]+)$/.exec(t))) return wrap(BigInt('0b' + m[1]));
  if (/^[0-9a-fA-F]+$/.test(t)) return wrap(BigInt('0x' + t));
  return undefined;
}
