import { STATUS, type NTSTATUS } from '../../base/index.js';
import { PsProtectionSigner, PsProtectionType, PsProtectedType, PsProtectedSigner } from './protection.js';

/**
 * SE_SIGNING_LEVEL (winnt.h, as quoted in ../shared/reference/internals.md §4.3). The model's code
 * integrity compares the named levels by value, as the PP/PPL rules below need: UNSIGNED <
 * AUTHENTICODE < STORE < ANTIMALWARE < MICROSOFT < DYNAMIC_CODEGEN < WINDOWS < WINDOWS_TCB.
 */
export const SE_SIGNING_LEVEL = {
  UNCHECKED: 0x0,
  UNSIGNED: 0x1,
  ENTERPRISE: 0x2,
  DEVELOPER: 0x3,
  AUTHENTICODE: 0x4,
  CUSTOM_2: 0x5,
  STORE: 0x6,
  ANTIMALWARE: 0x7,
  MICROSOFT: 0x8,
  CUSTOM_4: 0x9,
  CUSTOM_5: 0xa,
  DYNAMIC_CODEGEN: 0xb,
  WINDOWS: 0xc,
  CUSTOM_7: 0xd,
  WINDOWS_TCB: 0xe,
  CUSTOM_6: 0xf,
} as const;

/** SE_SIGNING_LEVEL_* names by value (the low nibble). */
export function SeSigningLevelName(level: number): string {
  const low = level & 0xf;
  return Object.entries(SE_SIGNING_LEVEL).find(([, v]) => v === low)?.[0] ?? String(low);
}

/** The EKU OIDs code integrity reads for PP/PPL (internals.md §4.4; Windows SDK szOID_*). */
export const SE_EKU = {
  /** szOID_PROTECTED_PROCESS_LIGHT_SIGNER: the image may run as a PPL. */
  PROTECTED_PROCESS_LIGHT: '1.3.6.1.4.1.311.10.3.22',
  /** szOID_PROTECTED_PROCESS_SIGNER: the image may run as a PP. */
  PROTECTED_PROCESS: '1.3.6.1.4.1.311.10.3.24',
} as const;

/**
 * What code integrity knows of an image's signature: the signer level its certificate was issued
 * for (the PeSpec `signature.signer`, read back from the model certificate's subject) and the
 * certificate's EKUs. `origin` says where it came from: the image's own WIN_CERTIFICATE
 * ("embedded"), the machine's catalog for a system file without one ("catalog"), or nothing.
 */
export interface SeImageSignature {
  signer: string;
  ekus: readonly string[];
  origin: 'embedded' | 'catalog' | 'none';
}

/** An image with no signature at all. */
export const SE_UNSIGNED_IMAGE: SeImageSignature = { signer: 'none', ekus: [], origin: 'none' };

/**
 * The signing level code integrity validates an image at, from its signer (the model's CI, after
 * the SignatureLevel column of internals.md §4.3 — itm4n's PPLcontrol: Authenticode 0x4,
 * CodeGen 0xB, Antimalware 0x7, Lsa and Windows 0xC, WinTcb 0xE; the App signer is the Store's
 * level 0x6; a WinSystem-signed image is treated as WinTcb, the highest image level). An unsigned
 * image is SE_SIGNING_LEVEL_UNSIGNED.
 */
export function SeGetImageSigningLevel(signature: SeImageSignature): number {
  switch (signature.signer) {
    case 'Authenticode':
      return SE_SIGNING_LEVEL.AUTHENTICODE;
    case 'CodeGen':
      return SE_SIGNING_LEVEL.DYNAMIC_CODEGEN;
    case 'Antimalware':
      return SE_SIGNING_LEVEL.ANTIMALWARE;
    case 'Lsa':
    case 'Windows':
      return SE_SIGNING_LEVEL.WINDOWS;
    case 'WinTcb':
    case 'WinSystem':
      return SE_SIGNING_LEVEL.WINDOWS_TCB;
    case 'App':
      return SE_SIGNING_LEVEL.STORE;
    default:
      return SE_SIGNING_LEVEL.UNSIGNED;
  }
}

/**
 * PS_PROTECTED_SIGNER → (SignatureLevel, SectionSignatureLevel) of a process protected at that
 * signer. SignatureLevel (what the executable must reach) is itm4n's PPLcontrol table as
 * internals.md §4.3 quotes it. SectionSignatureLevel (what every later DLL must reach) follows the
 * same table except where a WinDbg dump of a real machine says otherwise:
 * - Windows: 0x08 Microsoft — `!getpps` (daem0nc0re's protected-process WinDbg extension) shows a
 *   ProtectedLight-Windows svchost.exe with SectionSignatureLevel 0x08 (PPLcontrol writes 0x0C);
 * - WinSystem: 0x0C Windows — the System process's `dt nt!_EPROCESS` shows SignatureLevel 0x1E,
 *   SectionSignatureLevel 0x1C (DebugPrivilege/InsightEngineering; the high nibble carries CI flags,
 *   PPLcontrol masks it off: "Section signature level is actually 'Windows'");
 * - WinTcb: 0x0C Windows, not PPLcontrol's 0x0E — a model choice: WinTcb-Light csrss and smss load
 *   the same in-box DLLs (csrsrv, basesrv, winsrv) that the most protected process, System, is
 *   limited to at Windows level, and no source gives the real value.
 * None: 0/0 (unchecked).
 */
export const PspSignerSigningLevels: readonly { SignatureLevel: number; SectionSignatureLevel: number }[] = [
  /* None         */ { SignatureLevel: 0x0, SectionSignatureLevel: 0x0 },
  /* Authenticode */ { SignatureLevel: 0x4, SectionSignatureLevel: 0x4 },
  /* CodeGen      */ { SignatureLevel: 0xb, SectionSignatureLevel: 0x6 },
  /* Antimalware  */ { SignatureLevel: 0x7, SectionSignatureLevel: 0x7 },
  /* Lsa          */ { SignatureLevel: 0xc, SectionSignatureLevel: 0x8 },
  /* Windows      */ { SignatureLevel: 0xc, SectionSignatureLevel: 0x8 },
  /* WinTcb       */ { SignatureLevel: 0xe, SectionSignatureLevel: 0xc },
  /* WinSystem    */ { SignatureLevel: 0xe, SectionSignatureLevel: 0xc },
  /* App          */ { SignatureLevel: 0x6, SectionSignatureLevel: 0x6 },
];

/** The (SignatureLevel, SectionSignatureLevel) a process at `protection` gets; 0/0 unprotected. */
export function PspSigningLevelsForProtection(protection: number): {
  SignatureLevel: number;
  SectionSignatureLevel: number;
} {
  if (PsProtectionType(protection) === PsProtectedType.None)
    return { SignatureLevel: 0, SectionSignatureLevel: 0 };
  return (
    PspSignerSigningLevels[PsProtectionSigner(protection)] ?? { SignatureLevel: 0, SectionSignatureLevel: 0 }
  );
}

/**
 * Whether an image may start as a process protected at `protection` (the model's
 * PspGetProcessProtectionRequirementsFromImage + CI check of the section): the image's signing level
 * must reach the SignatureLevel its signer's processes run at (§4.3), and its certificate must
 * carry the protected-process EKU of the type — Protected Process Light Verification (.22) for a
 * PPL, Protected Process Verification (.24) for a PP (internals.md §4.4; itm4n 2021: wininit.exe
 * has .23 with .22 and runs as WinTcb-Light, SgrmBroker.exe .23 with .24 as WinTcb-PP) — except an
 * Antimalware-Light image (see below); no image may ask for WinSystem. Otherwise
 * STATUS_INVALID_IMAGE_HASH, the status the kernel fails section creation with for an image whose
 * signature does not satisfy the requested protection (Ionescu, "The Evolution of Protected
 * Processes" Part 3; → ERROR_INVALID_IMAGE_HASH 577). `reason` names the unmet requirement.
 */
export function SeValidateImageForProtection(
  signature: SeImageSignature,
  protection: number,
): { status: NTSTATUS; imageLevel: number; requiredLevel: number; reason?: string } {
  const imageLevel = SeGetImageSigningLevel(signature);
  const requiredLevel = PspSigningLevelsForProtection(protection).SignatureLevel;
  const type = PsProtectionType(protection);
  const signer = PsProtectionSigner(protection);
  if (type === PsProtectedType.None) return { status: STATUS.SUCCESS, imageLevel, requiredLevel };
  const refuse = (reason: string) => ({
    status: STATUS.INVALID_IMAGE_HASH,
    imageLevel,
    requiredLevel,
    reason,
  });
  // The System signer's level (WinSystem) is the kernel's for PID 4 (and Registry), never an image's.
  if (signer === PsProtectedSigner.WinSystem) return refuse('no image may run as WinSystem');
  if (imageLevel < requiredLevel)
    return refuse(
      `image signing level ${SeSigningLevelName(imageLevel)} is below ${SeSigningLevelName(requiredLevel)}`,
    );
  // An Antimalware-Light service is signed with the vendor's certificate registered through its
  // ELAM driver's resource (Microsoft Learn "Protecting Anti-Malware Services"), not with a
  // Microsoft PPL EKU: the model's Antimalware signer stands for that registration. Any other
  // certificate (a Windows-signed notepad included) still needs the PPL EKU below.
  if (
    signer === PsProtectedSigner.Antimalware &&
    type === PsProtectedType.ProtectedLight &&
    signature.signer === 'Antimalware'
  )
    return { status: STATUS.SUCCESS, imageLevel, requiredLevel };
  const eku = type === PsProtectedType.Protected ? SE_EKU.PROTECTED_PROCESS : SE_EKU.PROTECTED_PROCESS_LIGHT;
  if (!signature.ekus.includes(eku))
    return refuse(
      `the certificate lacks the ${type === PsProtectedType.Protected ? 'PP' : 'PPL'} EKU ${eku}`,
    );
  return { status: STATUS.SUCCESS, imageLevel, requiredLevel };
}

/**
 * The DLL-load gate (MiValidateSectionSignature / SeCompareSigningLevels per Ionescu Part 3 and the
 * paragmali summary, internals.md §4.3): an image section mapped into a process whose
 * SectionSignatureLevel is set must be signed at least at that level, else
 * STATUS_INVALID_IMAGE_HASH. Level 0 (unchecked) lets everything in.
 */
export function SeCompareSigningLevels(imageLevel: number, sectionSignatureLevel: number): boolean {
  const required = sectionSignatureLevel & 0xf;
  return required === SE_SIGNING_LEVEL.UNCHECKED || (imageLevel & 0xf) >= required;
}
