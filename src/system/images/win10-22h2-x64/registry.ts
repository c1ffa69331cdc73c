import {
  CmLoadKey,
  REG_OPTION_VOLATILE,
  createKeyRecursive,
  createRegistry,
  createSymbolicLinkKey,
  applyRegFileOperations,
  parseRegFile,
  win32PathToNative,
  type CmRegistry,
} from '../../../kernel/cm/index.js';
import { STATUS, ntStatusName, type NTSTATUS } from '../../../base/index.js';

/**
 * The default registry of the embedded Windows 10 22H2 x64 machine: the keys and values that
 * process creation and image loading read, as data in regedit's .reg format. Each block below says
 * where its contents come from and what was not verified.
 *
 * A .reg file cannot say that a key is a hive root, volatile, or a symbolic link, so those are
 * listed beside the text and applied by createWin10Registry in this order:
 * 1. the hives (WIN10_22H2_HIVES), linked under \REGISTRY\MACHINE and \REGISTRY\USER;
 * 2. the volatile keys (WIN10_22H2_VOLATILE_KEYS);
 * 3. the .reg text (WIN10_22H2_REGISTRY_REG). It writes under ControlSet001, never through
 *    CurrentControlSet, so it does not depend on the links;
 * 4. the symbolic links (WIN10_22H2_REGISTRY_LINKS), CurrentControlSet → ControlSet001 among them.
 */

/** The interactive user "user" (scenario contract) and the computer name. */
export const WIN10_22H2_USER_SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';
export const WIN10_22H2_COMPUTER_NAME = 'DESKTOP';

/**
 * Hives loaded on a running Windows 10 with the user logged on: the machine hives of
 * \Windows\System32\config plus the volatile HARDWARE, and the loaded user hives (.DEFAULT,
 * LocalService, NetworkService, the user's NTUSER.DAT and UsrClass.dat; Microsoft Learn "Registry
 * Hives"). BCD00000000 and the ELAM hive are left out: nothing on the creation path reads them.
 */
export const WIN10_22H2_HIVES: readonly { path: string; volatile?: boolean }[] = [
  { path: '\\REGISTRY\\MACHINE\\HARDWARE', volatile: true },
  { path: '\\REGISTRY\\MACHINE\\SAM' },
  { path: '\\REGISTRY\\MACHINE\\SECURITY' },
  { path: '\\REGISTRY\\MACHINE\\SOFTWARE' },
  { path: '\\REGISTRY\\MACHINE\\SYSTEM' },
  { path: '\\REGISTRY\\USER\\.DEFAULT' },
  { path: '\\REGISTRY\\USER\\S-1-5-19' },
  { path: '\\REGISTRY\\USER\\S-1-5-19_Classes' },
  { path: '\\REGISTRY\\USER\\S-1-5-20' },
  { path: '\\REGISTRY\\USER\\S-1-5-20_Classes' },
  { path: `\\REGISTRY\\USER\\${WIN10_22H2_USER_SID}` },
  { path: `\\REGISTRY\\USER\\${WIN10_22H2_USER_SID}_Classes` },
];

/** Keys Windows creates volatile (REG_OPTION_VOLATILE): winlogon's Volatile Environment. */
export const WIN10_22H2_VOLATILE_KEYS: readonly string[] = [
  `HKEY_USERS\\${WIN10_22H2_USER_SID}\\Volatile Environment`,
];

/**
 * Symbolic links (REG_OPTION_CREATE_LINK + SymbolicLinkValue), created volatile as Windows creates
 * them at boot and logon:
 * - CurrentControlSet and Hardware Profiles\Current (ReactOS cmsysini.c CmpCreateControlSet);
 * - HKU\S-1-5-18 → HKU\.DEFAULT, the same profile under two names (Raymond Chen, "The .Default
 *   user is not the default user": ".Default … is an alias for HKEY_USERS\S-1-5-18"); that the
 *   alias is a registry link is this model's reading;
 * - the user's Software\Classes → the user's classes hive (Microsoft Learn "HKEY_CLASSES_ROOT
 *   Key": HKCU\Software\Classes holds the per-user registrations; the classes hive is
 *   HKU\<sid>_Classes). That it is a link is this model's reading too.
 */
export const WIN10_22H2_REGISTRY_LINKS: readonly { link: string; target: string }[] = [
  {
    link: '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet',
    target: '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001',
  },
  {
    link: '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Hardware Profiles\\Current',
    target: '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Hardware Profiles\\0001',
  },
  { link: '\\REGISTRY\\USER\\S-1-5-18', target: '\\REGISTRY\\USER\\.DEFAULT' },
  {
    link: `\\REGISTRY\\USER\\${WIN10_22H2_USER_SID}\\Software\\Classes`,
    target: `\\REGISTRY\\USER\\${WIN10_22H2_USER_SID}_Classes`,
  },
];

const BLOCKS: readonly string[] = [
  // The control set in use: ControlSet001 is the only one a Windows 8+ install keeps (last known
  // good is off), and the kernel links CurrentControlSet to it at boot (WIN10_22H2_REGISTRY_LINKS).
  // The four values are those of a single-control-set install, from memory of Windows 10 — not
  // checked against a 22H2 export.
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000001
"Default"=dword:00000001
"Failed"=dword:00000000
"LastKnownGood"=dword:00000001`,
  // Session Manager (smss). SafeDllSearchMode and CWDIllegalInDllSearch are absent on a default
  // install: absence means safe DLL search mode on (Microsoft Learn "Dynamic-link library search
  // order") and no CWD restriction (KB 2264107). BootExecute and CriticalSectionTimeout: the
  // defaults in Microsoft KB 102985 "CurrentControlSet Entries Part 2: SessionManager";
  // ProtectionMode 1 ("strengthen default permissions of internal system objects", on by default)
  // is from memory, not checked.
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Session Manager]
"BootExecute"=hex(7):61,00,75,00,74,00,6f,00,63,00,68,00,65,00,63,00,6b,00,20,\
  00,61,00,75,00,74,00,6f,00,63,00,68,00,6b,00,20,00,2a,00,00,00,00,00
"CriticalSectionTimeout"=dword:00278d00
"ProtectionMode"=dword:00000001`,
  // KnownDLLs as on Windows 10 x64 (19041–19045): the 32 names and their value spelling as winPEAS
  // listed them on a Windows 10 machine (a winPEAS run kept on GitHub), matching the Windows 10
  // list in a KnownDLLs table of a PureBasic project on GitHub (wowarmhw, xtajit, _wow64cpu …; no
  // lpk/iertutil/urlmon of Windows 7; winhelponline "Autoruns: KnownDlls wow64cpu, wowarmhw, xtajit"). DllDirectory/DllDirectory32 are REG_EXPAND_SZ %SystemRoot%\system32 and
  // %SystemRoot%\syswow64 (winPEAS shows them expanded to C:\Windows\system32 and C:\Windows\syswow64;
  // smss skips both names when it maps the list — decompiled SmpConfigureKnownDlls). The value
  // order of a real hive was not available: this is the listed order with the two directories after
  // DifxApi (lower-case sort).
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Session Manager\KnownDLLs]
"_wow64cpu"="wow64cpu.dll"
"_wowarmhw"="wowarmhw.dll"
"_xtajit"="xtajit.dll"
"advapi32"="advapi32.dll"
"clbcatq"="clbcatq.dll"
"combase"="combase.dll"
"COMDLG32"="COMDLG32.dll"
"coml2"="coml2.dll"
"DifxApi"="difxapi.dll"
"DllDirectory"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,\
  00,74,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,00,00
"DllDirectory32"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,\
  6f,00,74,00,25,00,5c,00,73,00,79,00,73,00,77,00,6f,00,77,00,36,00,34,00,00,\
  00
"gdi32"="gdi32.dll"
"gdiplus"="gdiplus.dll"
"IMAGEHLP"="IMAGEHLP.dll"
"IMM32"="IMM32.dll"
"kernel32"="kernel32.dll"
"MSCTF"="MSCTF.dll"
"MSVCRT"="MSVCRT.dll"
"NORMALIZ"="NORMALIZ.dll"
"NSI"="NSI.dll"
"ole32"="ole32.dll"
"OLEAUT32"="OLEAUT32.dll"
"PSAPI"="PSAPI.DLL"
"rpcrt4"="rpcrt4.dll"
"sechost"="sechost.dll"
"Setupapi"="Setupapi.dll"
"SHCORE"="SHCORE.dll"
"SHELL32"="SHELL32.dll"
"SHLWAPI"="SHLWAPI.dll"
"user32"="user32.dll"
"WLDAP32"="WLDAP32.dll"
"wow64"="wow64.dll"
"wow64win"="wow64win.dll"
"WS2_32"="WS2_32.dll"`,
  // The system environment (Session Manager\Environment). Path is the default of Windows 10 1809
  // and later (reg query output on many machines: %SystemRoot%\system32;%SystemRoot%;…\Wbem;
  // …\WindowsPowerShell\v1.0\;%SYSTEMROOT%\System32\OpenSSH\); ComSpec, TEMP, TMP, windir,
  // PSModulePath, PATHEXT, OS, USERNAME and DriverData are the Windows 10 defaults. The processor
  // values describe the simulated 2-processor x64 machine (setup writes them from the CPU). Only
  // Path was checked against published output; the others are from memory of Windows 10.
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Session Manager\Environment]
"ComSpec"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,\
  74,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,63,\
  00,6d,00,64,00,2e,00,65,00,78,00,65,00,00,00
"DriverData"="C:\\Windows\\System32\\Drivers\\DriverData"
"NUMBER_OF_PROCESSORS"="2"
"OS"="Windows_NT"
"Path"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\
  00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,3b,00,25,00,\
  53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,00,3b,00,25,\
  00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,00,5c,00,\
  53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,57,00,62,00,65,00,6d,\
  00,3b,00,25,00,53,00,59,00,53,00,54,00,45,00,4d,00,52,00,4f,00,4f,00,54,00,\
  25,00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,57,00,69,\
  00,6e,00,64,00,6f,00,77,00,73,00,50,00,6f,00,77,00,65,00,72,00,53,00,68,00,\
  65,00,6c,00,6c,00,5c,00,76,00,31,00,2e,00,30,00,5c,00,3b,00,25,00,53,00,59,\
  00,53,00,54,00,45,00,4d,00,52,00,4f,00,4f,00,54,00,25,00,5c,00,53,00,79,00,\
  73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,4f,00,70,00,65,00,6e,00,53,00,53,\
  00,48,00,5c,00,00,00
"PATHEXT"=".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC"
"PROCESSOR_ARCHITECTURE"="AMD64"
"PROCESSOR_IDENTIFIER"="Intel64 Family 6 Model 158 Stepping 10, GenuineIntel"
"PROCESSOR_LEVEL"="6"
"PROCESSOR_REVISION"="9e0a"
"PSModulePath"=hex(2):25,00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,00,46,00,69,\
  00,6c,00,65,00,73,00,25,00,5c,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,\
  50,00,6f,00,77,00,65,00,72,00,53,00,68,00,65,00,6c,00,6c,00,5c,00,4d,00,6f,\
  00,64,00,75,00,6c,00,65,00,73,00,3b,00,25,00,53,00,79,00,73,00,74,00,65,00,\
  6d,00,52,00,6f,00,6f,00,74,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,\
  00,33,00,32,00,5c,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,50,00,6f,00,\
  77,00,65,00,72,00,53,00,68,00,65,00,6c,00,6c,00,5c,00,76,00,31,00,2e,00,30,\
  00,5c,00,4d,00,6f,00,64,00,75,00,6c,00,65,00,73,00,00,00
"TEMP"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\
  00,25,00,5c,00,54,00,45,00,4d,00,50,00,00,00
"TMP"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,\
  25,00,5c,00,54,00,45,00,4d,00,50,00,00,00
"USERNAME"="SYSTEM"
"windir"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\
  00,25,00,00,00`,
  // SubSystems: smss starts Required (Debug, Windows); Windows is csrss's command line as Windows 10
  // prints it (Volatility windows.cmdline output of Windows 10 memory images: SharedSection=
  // 1024,20480,768 … ServerDll=sxssrv,4). Kmode, Optional and Posix: renenyffenegger.ch notes on
  // this key ("Posix … %SystemRoot%\system32\psxss.exe, but this executable does not exist").
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Session Manager\SubSystems]
"Debug"=hex(2):00,00
"Kmode"=hex(2):5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\
  00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,77,00,69,00,\
  6e,00,33,00,32,00,6b,00,2e,00,73,00,79,00,73,00,00,00
"Optional"=hex(7):50,00,6f,00,73,00,69,00,78,00,00,00,00,00
"Posix"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,\
  00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,70,00,\
  73,00,78,00,73,00,73,00,2e,00,65,00,78,00,65,00,00,00
"Required"=hex(7):44,00,65,00,62,00,75,00,67,00,00,00,57,00,69,00,6e,00,64,00,\
  6f,00,77,00,73,00,00,00,00,00
"Windows"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,\
  74,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,63,\
  00,73,00,72,00,73,00,73,00,2e,00,65,00,78,00,65,00,20,00,4f,00,62,00,6a,00,\
  65,00,63,00,74,00,44,00,69,00,72,00,65,00,63,00,74,00,6f,00,72,00,79,00,3d,\
  00,5c,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,20,00,53,00,68,00,61,00,\
  72,00,65,00,64,00,53,00,65,00,63,00,74,00,69,00,6f,00,6e,00,3d,00,31,00,30,\
  00,32,00,34,00,2c,00,32,00,30,00,34,00,38,00,30,00,2c,00,37,00,36,00,38,00,\
  20,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,3d,00,4f,00,6e,00,20,00,53,\
  00,75,00,62,00,53,00,79,00,73,00,74,00,65,00,6d,00,54,00,79,00,70,00,65,00,\
  3d,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,20,00,53,00,65,00,72,00,76,\
  00,65,00,72,00,44,00,6c,00,6c,00,3d,00,62,00,61,00,73,00,65,00,73,00,72,00,\
  76,00,2c,00,31,00,20,00,53,00,65,00,72,00,76,00,65,00,72,00,44,00,6c,00,6c,\
  00,3d,00,77,00,69,00,6e,00,73,00,72,00,76,00,3a,00,55,00,73,00,65,00,72,00,\
  53,00,65,00,72,00,76,00,65,00,72,00,44,00,6c,00,6c,00,49,00,6e,00,69,00,74,\
  00,69,00,61,00,6c,00,69,00,7a,00,61,00,74,00,69,00,6f,00,6e,00,2c,00,33,00,\
  20,00,53,00,65,00,72,00,76,00,65,00,72,00,44,00,6c,00,6c,00,3d,00,73,00,78,\
  00,73,00,73,00,72,00,76,00,2c,00,34,00,20,00,50,00,72,00,6f,00,66,00,69,00,\
  6c,00,65,00,43,00,6f,00,6e,00,74,00,72,00,6f,00,6c,00,3d,00,4f,00,66,00,66,\
  00,20,00,4d,00,61,00,78,00,52,00,65,00,71,00,75,00,65,00,73,00,74,00,54,00,\
  68,00,72,00,65,00,61,00,64,00,73,00,3d,00,31,00,36,00,00,00`,
  // The computer name, DESKTOP (the scenario contract's machine).
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\ComputerName\ComputerName]
"ComputerName"="DESKTOP"`,
  // LSA. RunAsPPL is absent by default (Microsoft Learn "Configuring Additional LSA Protection": it
  // is opt-in; the machine writes it when asked). The packages and LimitBlankPasswordUse/NoLmHash are
  // Windows 10 defaults from memory of real installs, not checked against a 22H2 export.
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\Lsa]
"Authentication Packages"=hex(7):6d,00,73,00,76,00,31,00,5f,00,30,00,00,00,00,\
  00
"LimitBlankPasswordUse"=dword:00000001
"NoLmHash"=dword:00000001
"Notification Packages"=hex(7):73,00,63,00,65,00,63,00,6c,00,69,00,00,00,00,00
"Security Packages"=hex(7):00,00,00,00`,
  // The one hardware profile; HKEY_CURRENT_CONFIG is …\Hardware Profiles\Current, a link to it
  // (WIN10_22H2_REGISTRY_LINKS).
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Hardware Profiles\0001]`,
  // The Secondary Logon service, which CreateProcessWithLogonW uses. ImagePath, Start (demand),
  // Type (SERVICE_WIN32_SHARE_PROCESS 0x20), ObjectName and Parameters\ServiceDll as the brief of
  // this model states them from a Windows 10 22H2 install; ErrorControl 1 (normal) is the value
  // Windows services use by default.
  String.raw`[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\seclogon]
"ErrorControl"=dword:00000001
"ImagePath"=hex(2):25,00,77,00,69,00,6e,00,64,00,69,00,72,00,25,00,5c,00,73,00,\
  79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,73,00,76,00,63,00,68,00,6f,\
  00,73,00,74,00,2e,00,65,00,78,00,65,00,20,00,2d,00,6b,00,20,00,6e,00,65,00,\
  74,00,73,00,76,00,63,00,73,00,20,00,2d,00,70,00,00,00
"ObjectName"="LocalSystem"
"Start"=dword:00000003
"Type"=dword:00000020

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\seclogon\Parameters]
"ServiceDll"=hex(2):25,00,77,00,69,00,6e,00,64,00,69,00,72,00,25,00,5c,00,73,\
  00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,73,00,65,00,63,00,6c,00,\
  6f,00,67,00,6f,00,6e,00,2e,00,64,00,6c,00,6c,00,00,00`,
  // CurrentVersion of Windows 10 Pro 22H2: build 19045 shares the 19041 (vb_release) base, so the
  // BuildLab strings are 19041's; CurrentVersion stays "6.3" and the major/minor numbers carry 10.0
  // (Microsoft Learn "Operating System Version"; "Windows 10 release information": 22H2 = 19045).
  // UBR 2006 is the 22H2 release build (19045.2006). From memory of Windows 10, not checked
  // against a 22H2 export.
  String.raw`[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"SystemRoot"="C:\\Windows"
"BuildBranch"="vb_release"
"BuildLab"="19041.vb_release.191206-1406"
"BuildLabEx"="19041.1.amd64fre.vb_release.191206-1406"
"CurrentBuild"="19045"
"CurrentBuildNumber"="19045"
"CurrentMajorVersionNumber"=dword:0000000a
"CurrentMinorVersionNumber"=dword:00000000
"CurrentType"="Multiprocessor Free"
"CurrentVersion"="6.3"
"DisplayVersion"="22H2"
"EditionID"="Professional"
"InstallationType"="Client"
"PathName"="C:\\Windows"
"ProductName"="Windows 10 Pro"
"RegisteredOrganization"=""
"RegisteredOwner"="user"
"ReleaseId"="2009"
"SoftwareType"="System"
"UBR"=dword:000007d6`,
  // Image File Execution Options, consulted for every image at process creation. Created empty:
  // Windows 10 ships some subkeys here (mitigation settings for particular programs), but their
  // list for 22H2 could not be checked, so none are invented.
  String.raw`[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options]`,
  // ProfileList: the three service profiles and the interactive user (Microsoft Learn "User
  // Profiles"; ProfilesDirectory/Default/Public/ProgramData are the Windows 10 defaults). Sid is the
  // binary SID (revision 1, authority 5, sub-authorities little-endian).
  String.raw`[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList]
"Default"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,44,00,72,00,69,00,\
  76,00,65,00,25,00,5c,00,55,00,73,00,65,00,72,00,73,00,5c,00,44,00,65,00,66,\
  00,61,00,75,00,6c,00,74,00,00,00
"ProfilesDirectory"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,44,00,72,\
  00,69,00,76,00,65,00,25,00,5c,00,55,00,73,00,65,00,72,00,73,00,00,00
"ProgramData"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,44,00,72,00,69,\
  00,76,00,65,00,25,00,5c,00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,00,44,00,\
  61,00,74,00,61,00,00,00
"Public"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,44,00,72,00,69,00,76,\
  00,65,00,25,00,5c,00,55,00,73,00,65,00,72,00,73,00,5c,00,50,00,75,00,62,00,\
  6c,00,69,00,63,00,00,00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\S-1-5-18]
"Flags"=dword:0000000c
"ProfileImagePath"=hex(2):25,00,73,00,79,00,73,00,74,00,65,00,6d,00,72,00,6f,\
  00,6f,00,74,00,25,00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,\
  5c,00,63,00,6f,00,6e,00,66,00,69,00,67,00,5c,00,73,00,79,00,73,00,74,00,65,\
  00,6d,00,70,00,72,00,6f,00,66,00,69,00,6c,00,65,00,00,00
"RefCount"=dword:00000001
"Sid"=hex:01,01,00,00,00,00,00,05,12,00,00,00
"State"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\S-1-5-19]
"Flags"=dword:00000000
"ProfileImagePath"=hex(2):25,00,73,00,79,00,73,00,74,00,65,00,6d,00,72,00,6f,\
  00,6f,00,74,00,25,00,5c,00,53,00,65,00,72,00,76,00,69,00,63,00,65,00,50,00,\
  72,00,6f,00,66,00,69,00,6c,00,65,00,73,00,5c,00,4c,00,6f,00,63,00,61,00,6c,\
  00,53,00,65,00,72,00,76,00,69,00,63,00,65,00,00,00
"State"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\S-1-5-20]
"Flags"=dword:00000000
"ProfileImagePath"=hex(2):25,00,73,00,79,00,73,00,74,00,65,00,6d,00,72,00,6f,\
  00,6f,00,74,00,25,00,5c,00,53,00,65,00,72,00,76,00,69,00,63,00,65,00,50,00,\
  72,00,6f,00,66,00,69,00,6c,00,65,00,73,00,5c,00,4e,00,65,00,74,00,77,00,6f,\
  00,72,00,6b,00,53,00,65,00,72,00,76,00,69,00,63,00,65,00,00,00
"State"=dword:00000000

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\S-1-5-21-1004336348-1177238915-682003330-1001]
"ProfileImagePath"=hex(2):43,00,3a,00,5c,00,55,00,73,00,65,00,72,00,73,00,5c,\
  00,75,00,73,00,65,00,72,00,00,00
"Flags"=dword:00000000
"State"=dword:00000000
"Sid"=hex:01,05,00,00,00,00,00,05,15,00,00,00,dc,f4,dc,3b,83,3d,2b,46,82,8b,a6,\
  28,e9,03,00,00`,
  // App Paths used by ShellExecute: WordPad, whose entry is REG_EXPAND_SZ with quotes on NT
  // (an Inno Setup script on GitHub reads it and strips %ProgramFiles% and the quotes); WRITE.EXE
  // points at WordPad too (write.exe starts what App Paths\wordpad.exe names — LOLBAS write.yml).
  String.raw`[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\WORDPAD.EXE]
@=hex(2):22,00,25,00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,00,46,00,69,00,6c,\
  00,65,00,73,00,25,00,5c,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,20,00,\
  4e,00,54,00,5c,00,41,00,63,00,63,00,65,00,73,00,73,00,6f,00,72,00,69,00,65,\
  00,73,00,5c,00,57,00,4f,00,52,00,44,00,50,00,41,00,44,00,2e,00,45,00,58,00,\
  45,00,22,00,00,00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\WRITE.EXE]
@=hex(2):22,00,25,00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,00,46,00,69,00,6c,\
  00,65,00,73,00,25,00,5c,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,20,00,\
  4e,00,54,00,5c,00,41,00,63,00,63,00,65,00,73,00,73,00,6f,00,72,00,69,00,65,\
  00,73,00,5c,00,57,00,4f,00,52,00,44,00,50,00,41,00,44,00,2e,00,45,00,58,00,\
  45,00,22,00,00,00`,
  // File associations (HKLM\SOFTWARE\Classes) that CreateProcess/ShellExecute meet: .exe, .com,
  // .bat, .cmd run "%1" %*; batfile/cmdfile "runas" runs cmd.exe /C; exefile has a runas verb with
  // HasLUAShield; .txt opens in NOTEPAD.EXE %1 (REG_EXPAND_SZ); .lnk is lnkfile (IsShortcut).
  // Values as a Windows 10 install has them, from memory of Windows 10 exports; not checked against
  // a 22H2 export.
  String.raw`[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\.bat]
@="batfile"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\.cmd]
@="cmdfile"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\.com]
@="comfile"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\.exe]
@="exefile"
"Content Type"="application/x-msdownload"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\.lnk]
@="lnkfile"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\.txt]
@="txtfile"
"Content Type"="text/plain"
"PerceivedType"="text"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\batfile]
@="Windows Batch File"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\batfile\shell\edit\command]
@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\
  00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,4e,00,4f,00,\
  54,00,45,00,50,00,41,00,44,00,2e,00,45,00,58,00,45,00,20,00,25,00,31,00,00,\
  00

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\batfile\shell\open\command]
@="\"%1\" %*"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\batfile\shell\runas\command]
@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\
  00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,63,00,6d,00,\
  64,00,2e,00,65,00,78,00,65,00,20,00,2f,00,43,00,20,00,22,00,25,00,31,00,22,\
  00,20,00,25,00,2a,00,00,00

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\cmdfile]
@="Windows Command Script"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\cmdfile\shell\edit\command]
@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\
  00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,4e,00,4f,00,\
  54,00,45,00,50,00,41,00,44,00,2e,00,45,00,58,00,45,00,20,00,25,00,31,00,00,\
  00

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\cmdfile\shell\open\command]
@="\"%1\" %*"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\cmdfile\shell\runas\command]
@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\
  00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,63,00,6d,00,\
  64,00,2e,00,65,00,78,00,65,00,20,00,2f,00,43,00,20,00,22,00,25,00,31,00,22,\
  00,20,00,25,00,2a,00,00,00

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\comfile]
@="MS-DOS Application"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\comfile\shell\open\command]
@="\"%1\" %*"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\exefile]
@="Application"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\exefile\shell\open\command]
@="\"%1\" %*"
"IsolatedCommand"="\"%1\" %*"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\exefile\shell\runas]
"HasLUAShield"=""

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\exefile\shell\runas\command]
@="\"%1\" %*"
"IsolatedCommand"="\"%1\" %*"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\lnkfile]
@="Shortcut"
"IsShortcut"=""
"NeverShowExt"=""

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\txtfile]
@="Text Document"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\txtfile\shell\open\command]
@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\
  00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,4e,00,4f,00,\
  54,00,45,00,50,00,41,00,44,00,2e,00,45,00,58,00,45,00,20,00,25,00,31,00,00,\
  00`,
  // HKEY_USERS\.DEFAULT is the LocalSystem profile (Raymond Chen, "The .Default user is not the
  // default user"); S-1-5-18 is linked to it (WIN10_22H2_REGISTRY_LINKS).
  String.raw`[HKEY_USERS\.DEFAULT\Environment]
"TEMP"=hex(2):25,00,55,00,53,00,45,00,52,00,50,00,52,00,4f,00,46,00,49,00,4c,\
  00,45,00,25,00,5c,00,41,00,70,00,70,00,44,00,61,00,74,00,61,00,5c,00,4c,00,\
  6f,00,63,00,61,00,6c,00,5c,00,54,00,65,00,6d,00,70,00,00,00
"TMP"=hex(2):25,00,55,00,53,00,45,00,52,00,50,00,52,00,4f,00,46,00,49,00,4c,00,\
  45,00,25,00,5c,00,41,00,70,00,70,00,44,00,61,00,74,00,61,00,5c,00,4c,00,6f,\
  00,63,00,61,00,6c,00,5c,00,54,00,65,00,6d,00,70,00,00,00`,
  // The interactive user's environment: a new Windows 10 profile has TEMP/TMP under
  // %USERPROFILE%\AppData\Local\Temp and Path = the WindowsApps folder (with its trailing ';').
  String.raw`[HKEY_USERS\S-1-5-21-1004336348-1177238915-682003330-1001\Environment]
"Path"=hex(2):25,00,55,00,53,00,45,00,52,00,50,00,52,00,4f,00,46,00,49,00,4c,\
  00,45,00,25,00,5c,00,41,00,70,00,70,00,44,00,61,00,74,00,61,00,5c,00,4c,00,\
  6f,00,63,00,61,00,6c,00,5c,00,4d,00,69,00,63,00,72,00,6f,00,73,00,6f,00,66,\
  00,74,00,5c,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,41,00,70,00,70,00,\
  73,00,3b,00,00,00
"TEMP"=hex(2):25,00,55,00,53,00,45,00,52,00,50,00,52,00,4f,00,46,00,49,00,4c,\
  00,45,00,25,00,5c,00,41,00,70,00,70,00,44,00,61,00,74,00,61,00,5c,00,4c,00,\
  6f,00,63,00,61,00,6c,00,5c,00,54,00,65,00,6d,00,70,00,00,00
"TMP"=hex(2):25,00,55,00,53,00,45,00,52,00,50,00,52,00,4f,00,46,00,49,00,4c,00,\
  45,00,25,00,5c,00,41,00,70,00,70,00,44,00,61,00,74,00,61,00,5c,00,4c,00,6f,\
  00,63,00,61,00,6c,00,5c,00,54,00,65,00,6d,00,70,00,00,00`,
  // Volatile Environment, written by winlogon/userinit at logon (the key is volatile: see
  // WIN10_22H2_VOLATILE_KEYS): the names the logon sets for user "user" on the workgroup computer
  // DESKTOP.
  String.raw`[HKEY_USERS\S-1-5-21-1004336348-1177238915-682003330-1001\Volatile Environment]
"LOGONSERVER"="\\\\DESKTOP"
"USERDOMAIN"="DESKTOP"
"USERNAME"="user"
"USERPROFILE"="C:\\Users\\user"
"HOMEPATH"="\\Users\\user"
"HOMEDRIVE"="C:"
"APPDATA"="C:\\Users\\user\\AppData\\Roaming"
"LOCALAPPDATA"="C:\\Users\\user\\AppData\\Local"
"USERDOMAIN_ROAMINGPROFILE"="DESKTOP"`,
  // The user's Software key; Software\Classes in it is a link to the user's classes hive
  // (WIN10_22H2_REGISTRY_LINKS).
  String.raw`[HKEY_USERS\S-1-5-21-1004336348-1177238915-682003330-1001\Software]`,
];

/** The default registry as regedit would export it (CRLF line ends; import it as text or bytes). */
export const WIN10_22H2_REGISTRY_REG: string = ['Windows Registry Editor Version 5.00', ...BLOCKS, '']
  .join('\n\n')
  .replace(/\r?\n/g, '\r\n');

/**
 * A registry holding the default data, built in the order described at the top of this file.
 * `time` is every key's LastWriteTime. A failure (which would be a defect in this data) is returned
 * with a message naming what failed.
 */
export function createWin10Registry(time: number): {
  status: NTSTATUS;
  registry?: CmRegistry;
  error?: string;
} {
  const reg = createRegistry(time);
  for (const hive of WIN10_22H2_HIVES) {
    const s = CmLoadKey(reg, hive.path, { time, volatile: hive.volatile ?? false }).status;
    if (s !== STATUS.SUCCESS) return { status: s, error: `hive ${hive.path}: ${ntStatusName(s)}` };
  }
  for (const path of WIN10_22H2_VOLATILE_KEYS) {
    const name = win32PathToNative(path, WIN10_22H2_USER_SID).nativePath!;
    const s = createKeyRecursive(reg, { name, options: REG_OPTION_VOLATILE, time }).status;
    if (s !== STATUS.SUCCESS) return { status: s, error: `volatile key ${path}: ${ntStatusName(s)}` };
  }
  // The image's own data: applied directly, without importRegFile's trial run on a copy (a failure
  // here is a defect in this file, reported, and the half-built registry is thrown away).
  const parsed = parseRegFile(WIN10_22H2_REGISTRY_REG);
  if (parsed.status !== STATUS.SUCCESS) return { status: parsed.status, error: parsed.error!.message };
  const imported = applyRegFileOperations(reg, parsed.file!.operations, {
    userSid: WIN10_22H2_USER_SID,
    time,
  });
  if (imported.status !== STATUS.SUCCESS) return { status: imported.status, error: imported.error!.message };
  for (const { link, target } of WIN10_22H2_REGISTRY_LINKS) {
    const s = createSymbolicLinkKey(reg, link, target, { time, volatile: true }).status;
    if (s !== STATUS.SUCCESS) return { status: s, error: `link ${link}: ${ntStatusName(s)}` };
  }
  return { status: STATUS.SUCCESS, registry: reg };
}
