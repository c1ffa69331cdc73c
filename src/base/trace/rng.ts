import { ModelError } from '../errors.js';
import { fnv1a64, mix64, SplitMix64, GOLDEN_GAMMA } from './splitmix64.js';

/** What `Rng.snapshot()` gives: the stream's key (hex) and the four xoshiro128** state words. */
export interface RngState {
  readonly key: string;
  readonly s: readonly [number, number, number, number];
}

const TWO_32 = 0x1_0000_0000;
const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/**
 * The model's only source of randomness (ASLR slides, PIDs where Windows picks freely, …):
 * xoshiro128** 1.1 (Blackman and Vigna, "Scrambled linear pseudorandom number generators", ACM
 * TOMS 2021; reference xoshiro128starstar.c at prng.di.unimi.it), 32-bit words, so it runs in
 * plain int32 arithmetic. The state is seeded from a 64-bit key through SplitMix64.
 *
 * `fork(label)` gives a stream for one purpose whose key depends only on this stream's key and the
 * label — not on how many numbers were drawn — so adding a draw for ASLR does not move PIDs.
 * The same label gives the same stream: fork once per purpose.
 */
export class Rng {
  private readonly key: bigint;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** `seed`: an integer (number or bigint), taken modulo 2^64. */
  constructor(seed: number | bigint = 0) {
    if (typeof seed === 'number' && !Number.isInteger(seed))
      throw new ModelError('RNG_SEED', `a seed is an integer (got ${seed})`);
    this.key = BigInt.asUintN(64, BigInt(seed));
    const sm = new SplitMix64(this.key);
    const a = sm.next();
    const b = sm.next();
    this.s0 = Number(a & 0xffffffffn) | 0;
    this.s1 = Number(a >> 32n) | 0;
    this.s2 = Number(b & 0xffffffffn) | 0;
    this.s3 = Number(b >> 32n) | 0;
    // The all-zero state is the generator's one fixed point.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator positioned exactly where `state` was taken. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(BigInt(state.key));
    rng.restore(state);
    return rng;
  }

  /** The next 32-bit value, uniform in [0, 2^32). */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform integer in [min, maxExclusive); the range is at most 2^32. Unbiased: draws at or
   * above the largest multiple of the range that fits in 32 bits are rejected (the method of
   * Java's Random.nextInt(bound); O'Neill, "Efficiently Generating a Number in a Range", 2018).
   */
  nextInt(min: number, maxExclusive: number): number {
    const range = maxExclusive - min;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(maxExclusive) || range <= 0 || range > TWO_32)
      throw new ModelError('RNG_RANGE', `no integers to draw in [${min}, ${maxExclusive})`);
    const limit = TWO_32 - (TWO_32 % range);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return min + (x % range);
  }

  /** An independent, deterministic stream named `label` (e.g. 'aslr', 'pid'). */
  fork(label: string): Rng {
    return new Rng(mix64(BigInt.asUintN(64, (this.key ^ fnv1a64(label)) + GOLDEN_GAMMA)));
  }

  snapshot(): RngState {
    return {
      key: '0x' + this.key.toString(16),
      s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
    };
  }

  /** Puts the generator back where `state` was taken (the key must be this stream's). */
  restore(state: RngState): void {
    if (BigInt(state.key) !== this.key)
      throw new ModelError('RNG_STATE', `state of stream ${state.key}, not of ${this.snapshot().key}`, state);
    const [s0, s1, s2, s3] = state.s;
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }
}
