import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NtStatusError } from '../base/index.js';
import { describePeSource } from './describe.js';
import { PeImage } from './image.js';
import { readManifest } from './resource-directory.js';
import { readBoundImports } from './bound-import-directory.js';
import { specFromImage } from './spec-from-image.js';
import type { PeSpec } from './spec.js';
import { writePe } from './writer.js';
import REGRESSIONS from '../../test/fuzz/pe-regressions.json' with { type: 'json' };

/**
 * Property tests over mutated images: whatever bytes come in, reading gives a full view or an
 * NtStatusError with a status, never another exception or a hang. Seeds are writer images and,
 * when wine64 is installed, a few real DLLs. Every input that once failed is kept in
 * test/fuzz/pe-regressions.json (seed + mutations) and replayed first.
 */
const SEED_SPECS: Record<string, PeSpec> = {
  full: {
    kind: 'dll',
    imports: { 'kernel32.dll': ['Sleep', '#4'], 'api-ms-win-core-synch-l1-2-0.dll': ['WaitOnAddress'] },
    delayImports: { 'user32.dll': ['MessageBoxW'] },
    exports: ['A', 'B', { name: 'C', forward: 'k.D' }, { name: 'E', ordinal: 9 }],
    tlsCallbacks: 2,
    signature: { signer: 'Lsa', ekus: ['1.3.6.1.4.1.311.10.3.22'] },
    trustletPolicy: { trustletId: 1, policies: { etw: true, scenarioId: 'x' } },
    exitCode: 1,
  },
  x86: { machine: 'I386', imports: { 'kernel32.dll': ['Sleep'] }, tlsCallbacks: 1, exports: ['X'] },
};
const WINE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const seeds: Record<string, Uint8Array> = Object.fromEntries(
  Object.entries(SEED_SPECS).map(([k, v]) => [k, writePe(v)]),
);
for (const f of ['apisetschema.dll', 'version.dll', 'winecfg.exe'])
  if (existsSync(`${WINE}/${f}`)) seeds[f] = readFileSync(`${WINE}/${f}`);

/** Reads everything a user of the reader can reach. Returns the status of the failure, or 0. */
function readAll(bytes: Uint8Array): number {
  const view = describePeSource(bytes, 'fuzz');
  if ('error' in view && view.error) return Number(view.error.status);
  try {
    const image = PeImage.open(bytes);
    readManifest(image);
    readBoundImports(image);
    specFromImage(image);
  } catch (e) {
    if (e instanceof NtStatusError) return e.status;
    throw e;
  }
  return 0;
}

type Mutation = [offset: number, byte: number];
function mutate(seed: Uint8Array, mutations: Mutation[], truncateTo?: number): Uint8Array {
  const b = seed.slice(0, truncateTo ?? seed.length);
  for (const [o, v] of mutations) if (o < b.length) b[o] = v;
  return b;
}

describe('PE reader under mutation', () => {
  it('replays every kept regression input', () => {
    for (const r of REGRESSIONS as {
      seed: string;
      mutations: Mutation[];
      truncateTo?: number;
      note: string;
    }[]) {
      const seed = seeds[r.seed];
      if (!seed) continue;
      expect(() => readAll(mutate(seed, r.mutations, r.truncateTo)), r.note).not.toThrow();
    }
  });

  for (const [name, seed] of Object.entries(seeds)) {
    it(`never throws anything but NtStatusError, nor hangs: mutations of ${name}`, () => {
      // Bias offsets to the first 4 KB (headers, small directories) where structure is densest.
      const offset = fc.oneof(
        fc.integer({ min: 0, max: Math.min(0x1000, seed.length - 1) }),
        fc.integer({ min: 0, max: seed.length - 1 }),
      );
      // A mutation writes a byte, or a 32-bit value (aligned, like most header fields) as 4 bytes.
      const byte = fc.oneof(fc.constantFrom(0, 0xff, 0x7f, 0x80, 1), fc.integer({ min: 0, max: 255 }));
      const dword = fc.oneof(
        fc.constantFrom(0, 0xffffffff, 0x7fffffff, 0x80000000, 0x1000, 0x10000),
        fc.integer({ min: 0, max: 0x20000 }),
        fc.nat(),
      );
      const mutation = fc.oneof(
        fc.tuple(offset, byte).map(([o, v]): Mutation[] => [[o, v]]),
        fc
          .tuple(offset, dword)
          .map(([o, v]): Mutation[] =>
            [0, 1, 2, 3].map((i): Mutation => [(o & ~3) + i, (v >>> (8 * i)) & 0xff]),
          ),
      );
      fc.assert(
        fc.property(
          fc.array(mutation, { minLength: 1, maxLength: 12 }),
          fc.option(fc.integer({ min: 0, max: seed.length }), { nil: undefined }),
          (mutations, cut) => {
            readAll(mutate(seed, mutations.flat(), cut));
          },
        ),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 4000), seed: 20261121 },
      );
    });
  }
});
