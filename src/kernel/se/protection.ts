/**
 * PP/PPL protection as the security reference monitor decides it: PS_PROTECTION's fields, the
 * RtlProtectedAccess table and RtlTestProtectedAccess (ntoskrnl and ntdll have the same routine).
 * Sources: ../shared/reference/internals.md §4.1 (encoding: [phnt] ntpsapi.h PS_PROTECTION,
 * PS_PROTECTED_TYPE, PS_PROTECTED_SIGNER) and §4.2 (the rule, from decompilations of ntoskrnl's
 * RtlTestProtectedAccess; the table from `ppl_dominate_mask.cpp`, whose denied masks match Ionescu's
 * 0xFC7FE / 0xFC7FF as quoted by paragmali). The model follows the table, not the folklore "the
 * higher signer wins": Antimalware does not dominate Authenticode or CodeGen, Lsa does not dominate
 * Antimalware.
 */

/** PS_PROTECTED_TYPE ([phnt] ntpsapi.h). */
export const PsProtectedType = { None: 0, ProtectedLight: 1, Protected: 2 } as const;
/** PS_PROTECTED_SIGNER ([phnt] ntpsapi.h; WinSystem and App came after Ionescu's 8.1 list). */
export const PsProtectedSigner = {
  None: 0,
  Authenticode: 1,
  CodeGen: 2,
  Antimalware: 3,
  Lsa: 4,
  Windows: 5,
  WinTcb: 6,
  WinSystem: 7,
  App: 8,
} as const;
/** PS_PROTECTED_SIGNER names by value. */
export const PS_PROTECTED_SIGNER_NAMES: readonly string[] = Object.keys(PsProtectedSigner);
/** PS_PROTECTED_TYPE names by value. */
export const PS_PROTECTED_TYPE_NAMES: readonly string[] = Object.keys(PsProtectedType);

/** PsProtectedValue(Signer, Audit, Type) = Signer << 4 | Audit << 3 | Type (phnt). */
export function PsProtectedValue(signer: number, audit: boolean, type: number): number {
  return ((signer & 0xf) << 4) | (audit ? 8 : 0) | (type & 7);
}

/** PS_PROTECTION.Type (bits 0-2). */
export const PsProtectionType = (level: number): number => level & 7;
/** PS_PROTECTION.Signer (bits 4-7). */
export const PsProtectionSigner = (level: number): number => (level >> 4) & 0xf;

/** _RTL_PROTECTED_ACCESS { ULONG DominateMask; ULONG DeniedProcessAccess; ULONG DeniedThreadAccess; }. */
export interface RTL_PROTECTED_ACCESS {
  readonly DominateMask: number;
  readonly DeniedProcessAccess: number;
  readonly DeniedThreadAccess: number;
}

/** RtlProtectedAccess[], indexed by PS_PROTECTED_SIGNER (internals.md §4.2 table). */
export const RtlProtectedAccess: readonly RTL_PROTECTED_ACCESS[] = [
  /* None         */ { DominateMask: 0x000, DeniedProcessAccess: 0x000000, DeniedThreadAccess: 0x000000 },
  /* Authenticode */ { DominateMask: 0x002, DeniedProcessAccess: 0x0fc7fe, DeniedThreadAccess: 0x0fe3fd },
  /* CodeGen      */ { DominateMask: 0x004, DeniedProcessAccess: 0x0fc7fe, DeniedThreadAccess: 0x0fe3fd },
  /* Antimalware  */ { DominateMask: 0x108, DeniedProcessAccess: 0x0fc7ff, DeniedThreadAccess: 0x0fe3ff },
  /* Lsa          */ { DominateMask: 0x110, DeniedProcessAccess: 0x0fc7ff, DeniedThreadAccess: 0x0fe3ff },
  /* Windows      */ { DominateMask: 0x13e, DeniedProcessAccess: 0x0fc7fe, DeniedThreadAccess: 0x0fe3fd },
  /* WinTcb       */ { DominateMask: 0x17e, DeniedProcessAccess: 0x0fc7ff, DeniedThreadAccess: 0x0fe3ff },
  /* WinSystem    */ { DominateMask: 0x1fe, DeniedProcessAccess: 0x0fc7ff, DeniedThreadAccess: 0x0ff7ff },
  /* App          */ { DominateMask: 0x000, DeniedProcessAccess: 0x0fc6fe, DeniedThreadAccess: 0x0fe3fd },
];

const NO_ACCESS_DENIED: RTL_PROTECTED_ACCESS = RtlProtectedAccess[0]!;

/** The table row of a level's signer (a signer past the table denies nothing and dominates nothing). */
export function RtlProtectedAccessOf(level: number): RTL_PROTECTED_ACCESS {
  return RtlProtectedAccess[PsProtectionSigner(level)] ?? NO_ACCESS_DENIED;
}

/**
 * RtlTestProtectedAccess(Source, Target) — whether Source dominates Target (internals.md §4.2):
 * 1. an unprotected target (Type 0) is open to everyone;
 * 2. Source.Type < Target.Type denies (a PPL never dominates a PP, nor an unprotected process
 *    anything protected);
 * 3. else allowed iff bit Target.Signer is set in RtlProtectedAccess[Source.Signer].DominateMask.
 */
export function RtlTestProtectedAccess(source: number, target: number): boolean {
  if (PsProtectionType(target) === 0) return true;
  if (PsProtectionType(source) < PsProtectionType(target)) return false;
  return ((RtlProtectedAccessOf(source).DominateMask >>> PsProtectionSigner(target)) & 1) === 1;
}
