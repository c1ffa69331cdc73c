import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { fnv1a64, SplitMix64 } from './splitmix64.js';

const draw = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.nextU32());

describe('SplitMix64 and FNV-1a (seeding and stream names)', () => {
  it('match the reference outputs', () => {
    // Rosetta Code, "Pseudo-random numbers/Splitmix64": seed 1234567.
    const sm = new SplitMix64(1234567n);
    expect([sm.next(), sm.next(), sm.next()]).toEqual([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
    ]);
    // The FNV-1a 64-bit test values of draft-eastlake-fnv.
    expect([fnv1a64(''), fnv1a64('a'), fnv1a64('foobar')]).toEqual([
      0xcbf29ce484222325n,
      0xaf63dc4c8601ec8cn,
      0x85944171f73967e8n,
    ]);
  });
});

describe('Rng (xoshiro128**)', () => {
  it('matches the reference generator from a given state', () => {
    // State and outputs computed with Vigna's xoshiro128starstar.c (the edorfaus/xoshiro-6502
    // project's test data): seed words, four outputs, the state after them.
    const key = new Rng(0).snapshot().key;
    const r = Rng.fromState({ key, s: [0x964d4a0c, 0xd40ab895, 0xad7fdecb, 0x3006f0f0] });
    expect(draw(r, 4)).toEqual([0xf1391922, 0x6fe53806, 0xa5be2840, 0xf510ee70]);
    expect(r.snapshot().s).toEqual([0xfc65379c, 0x52006d70, 0x87487639, 0xf1908343]);
  });
  it('gives the same sequence for the same seed, another for another seed', () => {
    expect(draw(new Rng(42), 3)).toEqual([1776835114, 4165204688, 17111135]);
    expect(draw(new Rng(42), 100)).toEqual(draw(new Rng(42n), 100));
    expect(draw(new Rng(43), 100)).not.toEqual(draw(new Rng(42), 100));
    expect(new Rng(-1).snapshot().key).toBe('0xffffffffffffffff');
    expect(() => new Rng(1.5)).toThrow(/integer/);
  });
  it('forks one independent stream per label, whatever the parent drew', () => {
    const a = new Rng(42);
    const aslr = draw(a.fork('aslr'), 50);
    const pid = draw(a.fork('pid'), 50);
    expect(aslr).not.toEqual(pid);
    expect(aslr.filter((x, i) => x === pid[i])).toEqual([]);
    draw(a, 10);
    expect(draw(a.fork('aslr'), 50)).toEqual(aslr);
    expect(draw(new Rng(43).fork('aslr'), 50)).not.toEqual(aslr);
    expect(draw(a.fork('aslr').fork('images'), 5)).not.toEqual(draw(a.fork('aslr'), 5));
    expect(a.fork('aslr').snapshot().key).toBe('0x4d6e4016ebff8a6f');
  });
  it('draws integers in [min, max) without bias, up to 2^32 values', () => {
    const r = new Rng(7);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const x = r.nextInt(-3, 3);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([-3, -2, -1, 0, 1, 2]);
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
    expect(new Rng(7).nextInt(5, 6)).toBe(5);
    const full = new Rng(7).nextInt(0, 2 ** 32);
    expect(full).toBe(new Rng(7).nextU32());
    // 64 KB-aligned image bases in 256 slots, as an ASLR draw would use it.
    const base = 0x7ff800000000 + new Rng(9).fork('aslr').nextInt(0, 256) * 0x10000;
    expect(base % 0x10000).toBe(0);
    expect(() => r.nextInt(3, 3)).toThrow(/no integers/);
    expect(() => r.nextInt(0, 2 ** 32 + 1)).toThrow(/no integers/);
    expect(() => r.nextInt(0.5, 2)).toThrow(/no integers/);
  });
  it('gives and takes its state as JSON', () => {
    const r = new Rng(42);
    draw(r, 5);
    const saved = JSON.parse(JSON.stringify(r.snapshot()));
    const next = draw(r, 20);
    r.restore(saved);
    expect(draw(r, 20)).toEqual(next);
    expect(draw(Rng.fromState(saved), 20)).toEqual(next);
    expect(() => new Rng(1).restore(saved)).toThrow(/state of stream 0x2a/);
  });
});
