import { Rng } from '../../base/index.js';
import { MmSystem } from './system.js';

/** A boot of the memory manager with a seeded random source (tests and benchmarks). */
export function bootMm(seed: number | bigint = 1): MmSystem {
  const rng = new Rng(seed);
  return new MmSystem({ nextU32: () => rng.nextU32() });
}
