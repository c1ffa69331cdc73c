import type { MachineSettings } from './machine.js';

/** PS_PROTECTION levels (../shared/reference/internals.md §4.1). */
const PS_PROTECTED_WINTCB_LIGHT = 0x61;
const PS_PROTECTED_LSA_LIGHT = 0x41;
const PS_PROTECTED_ANTIMALWARE_LIGHT = 0x31;

/**
 * The protection each boot process is started with — its creator passes it as
 * PsAttributeProtectionLevel (RtlCreateUserProcess), as on Windows 10 22H2:
 * - smss.exe (every instance), csrss.exe (both sessions), wininit.exe and services.exe:
 *   WinTcb-Light 0x61. A `!getpps /p` WinDbg listing of a default Windows 10 (daem0nc0re's
 *   protected-process extension) shows exactly these as ProtectedLight-WinTcb, System and Registry
 *   as Protected-WinSystem, MsMpEng.exe as ProtectedLight-AntiMalware; itm4n (2021) shows wininit
 *   signed WinTcb + PPL, paragmali (after Ionescu) csrss.
 * - MsMpEng.exe: Antimalware-Light 0x31 — services starts the WinDefend service protected
 *   (SERVICE_LAUNCH_PROTECTED_ANTIMALWARE_LIGHT, Microsoft Learn "SERVICE_LAUNCH_PROTECTED_INFO";
 *   the "Evading EDR" `dt nt!_PS_PROTECTION` listing shows Level 0x31).
 * - lsass.exe: Lsa-Light 0x41 only with RunAsPPL (`lsaRunAsPpl`; Microsoft Learn "Configuring
 *   additional LSA protection"; itm4n 2021).
 * Every other boot process is unprotected (winlogon, svchost here, userinit, explorer).
 */
export function bootProtectionOf(
  imagePath: string,
  settings: Pick<MachineSettings, 'lsaRunAsPpl'>,
): number | undefined {
  const name = imagePath.slice(imagePath.lastIndexOf('\\') + 1).toLowerCase();
  switch (name) {
    case 'smss.exe':
    case 'csrss.exe':
    case 'wininit.exe':
    case 'services.exe':
      return PS_PROTECTED_WINTCB_LIGHT;
    case 'msmpeng.exe':
      return PS_PROTECTED_ANTIMALWARE_LIGHT;
    case 'lsass.exe':
      return settings.lsaRunAsPpl ? PS_PROTECTED_LSA_LIGHT : undefined;
    default:
      return undefined;
  }
}
