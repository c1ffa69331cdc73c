/**
 * SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
 * the constants of Vigna's public-domain splitmix64.c at prng.di.unimi.it), used here only to turn
 * a seed into generator state, as the xoshiro authors recommend. 64-bit arithmetic is done in
 * bigints: this runs once per seed or fork, never per random number.
 */
const MASK64 = (1n << 64n) - 1n;
export const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** The output function (a variant of MurmurHash3's fmix64): a bijection on 64-bit values. */
export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

export class SplitMix64 {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = seed & MASK64;
  }
  next(): bigint {
    this.state = (this.state + GOLDEN_GAMMA) & MASK64;
    return mix64(this.state);
  }
}

/**
 * FNV-1a, 64-bit, over the UTF-8 bytes of `text` (offset basis 0xcbf29ce484222325, prime
 * 0x100000001b3: draft-eastlake-fnv, "The FNV Non-Cryptographic Hash Algorithm"). Names a stream.
 */
export function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  const byte = (b: number): void => {
    h = ((h ^ BigInt(b)) * 0x100000001b3n) & MASK64;
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) byte(cp);
    else if (cp < 0x800) {
      byte(0xc0 | (cp >> 6));
      byte(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      byte(0xe0 | (cp >> 12));
      byte(0x80 | ((cp >> 6) & 0x3f));
      byte(0x80 | (cp & 0x3f));
    } else {
      byte(0xf0 | (cp >> 18));
      byte(0x80 | ((cp >> 12) & 0x3f));
      byte(0x80 | ((cp >> 6) & 0x3f));
      byte(0x80 | (cp & 0x3f));
    }
  }
  return h;
}
