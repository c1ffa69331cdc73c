import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { Section } from '../mm/index.js';
import {
  CiValidateImageHeader,
  PspSigningLevelsForProtection,
  SE_UNSIGNED_IMAGE,
  SeCompareSigningLevels,
  SeGetImageSigningLevel,
  SeSigningLevelName,
  SeValidateImageForProtection,
  type SeImageSignature,
} from '../se/index.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';

/** How the trace names where a signature came from. */
const origin = (s: SeImageSignature): string =>
  s.origin === 'none' ? 'no signature' : `${s.origin} signature`;

/** Code integrity's verdict per image control area: one file version is validated once. */
const verdicts = new WeakMap<object, SeImageSignature>();

/**
 * The signature of an image section's file (CiValidateImageHeader with the machine's catalog),
 * computed once per control area. A data section has none.
 */
export function PspImageSignature(ps: PsSystem, section: Section, devicePath: string): SeImageSignature {
  const ca = section.image;
  if (!ca) return SE_UNSIGNED_IMAGE;
  let v = verdicts.get(ca);
  if (!v) {
    v = CiValidateImageHeader(ca.image, devicePath, ps.codeIntegrityCatalog);
    verdicts.set(ca, v);
  }
  return v;
}

/**
 * The image check of a protected creation (PspGetProcessProtectionRequirementsFromImage and the CI
 * check of the executable's section, Ionescu "The Evolution of Protected Processes" Part 3): the
 * image's signature must allow the requested level (SeValidateImageForProtection), else
 * STATUS_INVALID_IMAGE_HASH and nothing is created. On success, the process's SignatureLevel and
 * SectionSignatureLevel (internals.md §4.3). An unprotected process keeps 0/0: public WinDbg dumps
 * show 0x0/0x0 and 0x2/0x2 for ordinary processes, so what Windows stores there depends on the
 * image's CI result — the model does not guess.
 */
export function PspValidateImageForProtection(
  ps: PsSystem,
  section: Section,
  devicePath: string,
  protection: number,
): { status: NTSTATUS; SignatureLevel: number; SectionSignatureLevel: number } {
  const none = { SignatureLevel: 0, SectionSignatureLevel: 0 };
  if ((protection & 7) === 0) return { status: STATUS.SUCCESS, ...none };
  return ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'SeValidateImageForProtection',
      channel: 'se',
      args: { image: devicePath, protection: `0x${protection.toString(16).padStart(2, '0')}` },
    },
    (span) => {
      const signature = PspImageSignature(ps, section, devicePath);
      const r = SeValidateImageForProtection(signature, protection);
      span.note(
        `${origin(signature)}, signer ${signature.signer}: image level ${SeSigningLevelName(r.imageLevel)}, ` +
          `required ${SeSigningLevelName(r.requiredLevel)}`,
      );
      if (r.status !== STATUS.SUCCESS) {
        span.note(`refused: ${r.reason}`);
        return { status: r.status, value: { status: r.status, ...none } };
      }
      return { status: r.status, value: { status: r.status, ...PspSigningLevelsForProtection(protection) } };
    },
  ).value!;
}

/**
 * The DLL-load gate (MiValidateSectionSignature / SeCompareSigningLevels, internals.md §4.3 after
 * Ionescu Part 3 and the "Evading EDR" WinDbg chapter: the memory manager refuses to map an image
 * whose signing level is below the process's SectionSignatureLevel). Checked where an image section
 * is created for, or mapped into, a process with a SectionSignatureLevel: below it →
 * STATUS_INVALID_IMAGE_HASH, and the span says which image, its level and the level required.
 */
export function MiValidateSectionSigningLevel(
  ps: PsSystem,
  process: EPROCESS,
  section: Section,
  devicePath: string,
): NTSTATUS {
  const required = process.SectionSignatureLevel & 0xf;
  if (!section.image || required === 0) return STATUS.SUCCESS;
  const signature = PspImageSignature(ps, section, devicePath);
  const level = SeGetImageSigningLevel(signature);
  if (SeCompareSigningLevels(level, required)) return STATUS.SUCCESS;
  return ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'MiValidateSectionSignature',
      channel: 'mm',
      args: { image: devicePath, pid: process.UniqueProcessId },
    },
    (span) => {
      span.note(
        `${devicePath}: ${origin(signature)} (signer ${signature.signer}) at ${SeSigningLevelName(level)}, ` +
          `below the process's SectionSignatureLevel ${SeSigningLevelName(required)}`,
      );
      return { status: STATUS.INVALID_IMAGE_HASH, value: STATUS.INVALID_IMAGE_HASH };
    },
  ).value!;
}
