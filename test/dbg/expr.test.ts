import { describe, expect, it } from 'vitest';
import { evaluate, type ExprEnv } from '../../src/tools/dbg/expr.js';

/**
 * MASM expressions (Microsoft Learn, "MASM Numbers and Operators"; error texts from a MASM
 * evaluator's test suite that mirrors dbgeng, search index id 11151525543).
 */
const mem = new Map<bigint, bigint>([[0x1000n, 0x2000n]]);
const env: ExprEnv = {
  pseudoRegister: (n) => (n === 'peb' ? 0x7ff000n : undefined),
  symbol: (s) =>
    s.toLowerCase() === 'ntdll!ntclose' ? 0x7ffa0010n : s.toLowerCase() === 'ntdll' ? 0x7ffa0000n : undefined,
  readInt: (a, size) => (mem.has(a) ? mem.get(a)! & ((1n << BigInt(size * 8)) - 1n) : undefined),
};
const ev = (t: string) => evaluate(t, env);
const err = (t: string) => {
  try {
    ev(t);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('MASM expressions', () => {
  it('hex by default, 0x, 0n decimal, 0y binary, backticks', () => {
    expect(ev('10')).toBe(0x10n);
    expect(ev('0x10')).toBe(0x10n);
    expect(ev('0n10')).toBe(10n);
    expect(ev('0y101')).toBe(5n);
    expect(ev('fffff780`00000000')).toBe(0xfffff78000000000n);
  });
  it('+ - * / with precedence, parentheses and unary minus (64-bit wrap)', () => {
    expect(ev('(0x88-0x70)/8')).toBe(3n);
    expect(ev('2+3*4')).toBe(14n);
    expect(ev('-1')).toBe(0xffffffffffffffffn);
  });
  it('pseudo-registers with and without @, symbols and modules', () => {
    expect(ev('@$peb+8')).toBe(0x7ff008n);
    expect(ev('$peb')).toBe(0x7ff000n);
    expect(ev('ntdll!NtClose')).toBe(0x7ffa0010n);
    expect(ev('ntdll+10')).toBe(0x7ffa0010n);
  });
  it('poi/dwo/wo/by read memory', () => {
    expect(ev('poi(1000)')).toBe(0x2000n);
    expect(ev('by(1000)')).toBe(0n);
    expect(ev('poi(800+800)+1')).toBe(0x2001n);
  });
  it('dbgeng’s error texts', () => {
    expect(err('foo')).toBe("Couldn't resolve error at 'foo'");
    expect(err('foo+1')).toBe("Couldn't resolve error at 'foo+1'");
    expect(err('poi(0)')).toBe("Memory access error at ')'");
    expect(err('(1+1')).toBe("Syntax error at '<EOL>'");
    expect(err('$nope')).toBe("Couldn't resolve error at '$nope'");
    expect(err('1/0')).toBe("Divide by zero error at '<EOL>'");
  });
});
