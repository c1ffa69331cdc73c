import type { PeSpec } from '../../../pe/index.js';

/**
 * The signatures the manifest's images carry: the signer (PS_PROTECTED_SIGNER) and the EKU OIDs of
 * the signing certificate. A PPL's SectionSignatureLevel gates every later image section mapped into
 * it, so the DLLs protected processes load must be signed as Windows binaries, not left unsigned.
 * OIDs and their roles: ../shared/reference/internals.md §4.4; levels per signer: §4.1 and §4.3.
 */
type Signature = NonNullable<PeSpec['signature']>;

/** The EKU OIDs the manifest uses (internals.md §4.4, names as in the Windows SDK szOID_*). */
export const EKU = {
  /** Windows System Component Verification: every Windows-signed binary (App Control ID_EKU_WINDOWS). */
  WINDOWS_SYSTEM_COMPONENT: '1.3.6.1.4.1.311.10.3.6',
  /** Protected Process Light Verification (szOID_PROTECTED_PROCESS_LIGHT_SIGNER): may run as PPL. */
  PROTECTED_PROCESS_LIGHT: '1.3.6.1.4.1.311.10.3.22',
  /** Windows TCB Component (szOID_WINDOWS_TCB_SIGNER): the WinTcb signer. */
  WINDOWS_TCB: '1.3.6.1.4.1.311.10.3.23',
  /** Isolated User Mode (App Control ID_EKU_IUM): trustlets. */
  ISOLATED_USER_MODE: '1.3.6.1.4.1.311.10.3.37',
  /** AntiMalware (App Control ID_EKU_AM). */
  ANTIMALWARE: '1.3.6.1.4.1.311.76.11.1',
} as const;

/** An ordinary Windows binary: signer Windows, Windows System Component Verification (§4.4). */
export const WINDOWS_SIGNED: Signature = { signer: 'Windows', ekus: [EKU.WINDOWS_SYSTEM_COMPONENT] };

/**
 * WinTcb-Light (level 0x61): smss, csrss, wininit and services run as PS_PROTECTED_WINTCB_LIGHT.
 * itm4n ("Do You Really Know About LSA Protection (RunAsPPL)?", 2021) shows wininit.exe signed with
 * .23 and .22; csrss as WinTcb-Light is paragmali after Ionescu (internals.md §4.1 table).
 */
export const WINTCB_LIGHT_SIGNED: Signature = {
  signer: 'WinTcb',
  ekus: [EKU.WINDOWS_SYSTEM_COMPONENT, EKU.PROTECTED_PROCESS_LIGHT, EKU.WINDOWS_TCB],
};

/** Lsa-Light (level 0x41): lsass.exe when RunAsPPL=1 (itm4n 2021; internals.md §4.1). */
export const LSA_LIGHT_SIGNED: Signature = {
  signer: 'Lsa',
  ekus: [EKU.WINDOWS_SYSTEM_COMPONENT, EKU.PROTECTED_PROCESS_LIGHT],
};

/**
 * Antimalware-Light (level 0x31): MsMpEng.exe ("Evading EDR" WinDbg listing, internals.md §4.1),
 * signed with the AntiMalware EKU (App Control ID_EKU_AM) and the PPL EKU (§4.4).
 */
export const ANTIMALWARE_LIGHT_SIGNED: Signature = {
  signer: 'Antimalware',
  ekus: [EKU.ANTIMALWARE, EKU.PROTECTED_PROCESS_LIGHT],
};

/**
 * A trustlet: Windows System Component Verification and Isolated User Mode EKUs at signing level 12
 * (Windows), per paragmali's summary of Ionescu's BlackHat 2015 deck (internals.md §5.3).
 */
export const IUM_SIGNED: Signature = {
  signer: 'Windows',
  ekus: [EKU.WINDOWS_SYSTEM_COMPONENT, EKU.ISOLATED_USER_MODE],
};
