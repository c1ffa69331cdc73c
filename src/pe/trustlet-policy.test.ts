import { describe, expect, it } from 'vitest';
import { Patch } from '../../test/support/pe-patch.js';
import { readExports } from './export-directory.js';
import { PeImage } from './image.js';
import { IMAGE_POLICY_ENTRY_TYPE, IMAGE_POLICY_ID, readTrustletPolicy } from './trustlet-policy.js';
import { writePe } from './writer.js';

// Windows Internals 7 / reference §5: LsaIso.exe is trustlet 1 (ETW on, debug off, crash dumps on).
const lsaIso = writePe({
  kind: 'exe',
  trustletPolicy: {
    trustletId: 1,
    policies: {
      etw: true,
      debug: false,
      crashDump: true,
      scenarioId: '{00000000-0000-0000-0000-000000000001}',
    },
  },
});

describe('trustlet policy (.tPolicy, s_IumPolicyMetadata)', () => {
  it('reads IMAGE_POLICY_METADATA: version 1, ApplicationId, entries in order, string values by VA', () => {
    const tp = readTrustletPolicy(PeImage.open(lsaIso))!;
    expect(tp.version).toBe(1);
    expect(tp.trustletId).toBe(1n);
    expect(tp.entries.map((e) => [e.type, e.policyId])).toEqual([
      [IMAGE_POLICY_ENTRY_TYPE.Bool, IMAGE_POLICY_ID.Etw],
      [IMAGE_POLICY_ENTRY_TYPE.Bool, IMAGE_POLICY_ID.Debug],
      [IMAGE_POLICY_ENTRY_TYPE.Bool, IMAGE_POLICY_ID.CrashDump],
      [IMAGE_POLICY_ENTRY_TYPE.AnsiString, IMAGE_POLICY_ID.ScenarioId],
    ]);
    expect(tp.policies).toEqual({
      etw: true,
      debug: false,
      crashDump: true,
      scenarioId: '{00000000-0000-0000-0000-000000000001}',
    });
  });
  it('is exported as s_IumPolicyMetadata, a data export into .tPolicy', () => {
    const image = PeImage.open(lsaIso);
    const exp = readExports(image)!.functions.find((f) => f.name === 's_IumPolicyMetadata')!;
    expect(image.sections[image.sectionIndexOf(exp.rva!)]!.Name).toBe('.tPolicy');
  });
  it('an export that points outside .tPolicy is malformed; images without .tPolicy have no policy', () => {
    const p = new Patch(lsaIso);
    const image = PeImage.open(lsaIso);
    const exp = readExports(image)!;
    const index = exp.functions.find((f) => f.name === 's_IumPolicyMetadata')!.ordinal - exp.Base;
    p.u32(p.offsetOf(exp.AddressOfFunctions) + 4 * index, image.sections[0]!.VirtualAddress);
    expect(() => readTrustletPolicy(PeImage.open(p.bytes))).toThrow(/not in \.tPolicy/);
    expect(readTrustletPolicy(PeImage.open(writePe({})))).toBeNull();
  });
});
