import { describe, expect, it } from 'vitest';
import {
  PS_PROTECTED_SIGNER_NAMES,
  PS_PROTECTED_TYPE_NAMES,
  PsProtectedValue,
  RtlProtectedAccess,
  RtlTestProtectedAccess,
} from './index.js';

/**
 * RtlTestProtectedAccess over every (Type 0-2, Signer 0-8) source against every target: 27 × 27.
 * The expected answers are written from ../shared/reference/internals.md §4.2 — the rule (an
 * unprotected target is open; Source.Type < Target.Type denies; else the target's signer must be
 * in the source signer's "dominates signers" column) and the column itself, as sets, not the
 * DominateMask bits the model encodes.
 */
const DOMINATES: readonly (readonly number[])[] = [
  /* None */ [],
  /* Authenticode */ [1],
  /* CodeGen */ [2],
  /* Antimalware */ [3, 8],
  /* Lsa */ [4, 8],
  /* Windows */ [1, 2, 3, 4, 5, 8],
  /* WinTcb */ [1, 2, 3, 4, 5, 6, 8],
  /* WinSystem */ [1, 2, 3, 4, 5, 6, 7, 8],
  /* App */ [],
];

const LEVELS: { level: number; type: number; signer: number }[] = [];
for (let type = 0; type < 3; type++)
  for (let signer = 0; signer < 9; signer++)
    LEVELS.push({ level: PsProtectedValue(signer, false, type), type, signer });

const name = (l: { level: number; type: number; signer: number }): string =>
  `0x${l.level.toString(16).padStart(2, '0')} (${PS_PROTECTED_TYPE_NAMES[l.type]} ${PS_PROTECTED_SIGNER_NAMES[l.signer]})`;

describe('RtlTestProtectedAccess: the 27 × 27 matrix of internals.md §4.2', () => {
  for (const source of LEVELS)
    it(`source ${name(source)} against every target (§4.2 rule and dominance column)`, () => {
      const got = LEVELS.map((t) => RtlTestProtectedAccess(source.level, t.level));
      const want = LEVELS.map(
        (t) => t.type === 0 || (source.type >= t.type && DOMINATES[source.signer]!.includes(t.signer)),
      );
      expect(got).toEqual(want);
    });

  it('follows the table, not "the higher signer wins" (§4.2: Antimalware ⊉ Authenticode, Lsa ⊉ Antimalware)', () => {
    expect(RtlTestProtectedAccess(0x31, 0x11)).toBe(false);
    expect(RtlTestProtectedAccess(0x31, 0x21)).toBe(false);
    expect(RtlTestProtectedAccess(0x41, 0x31)).toBe(false);
    expect(RtlTestProtectedAccess(0x31, 0x41)).toBe(false);
    // A PPL never dominates a PP, whatever the signers (§4.2 step 2).
    expect(RtlTestProtectedAccess(0x71, 0x12)).toBe(false);
    expect(RtlTestProtectedAccess(0x72, 0x61)).toBe(true);
  });
});

describe('RtlProtectedAccess denied masks (§4.2 table; Ionescu 0xFC7FE / 0xFC7FF via paragmali)', () => {
  it('leaves 0x103801 / 0x103800 of the process rights and 0x101C02 / 0x101C00 / 0x100800 of the thread rights', () => {
    const left = (m: number): number => (0x1fffff & ~m) >>> 0;
    expect(RtlProtectedAccess.map((r) => left(r.DeniedProcessAccess))).toEqual([
      0x1fffff, 0x103801, 0x103801, 0x103800, 0x103800, 0x103801, 0x103800, 0x103800, 0x103901,
    ]);
    expect(RtlProtectedAccess.map((r) => left(r.DeniedThreadAccess))).toEqual([
      0x1fffff, 0x101c02, 0x101c02, 0x101c00, 0x101c00, 0x101c02, 0x101c00, 0x100800, 0x101c02,
    ]);
  });
});
