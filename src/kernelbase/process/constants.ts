/**
 * The Win32 constants of process creation (winbase.h / processthreadsapi.h of the Windows SDK, as
 * Microsoft Learn's "Process Creation Flags", STARTUPINFOW and UpdateProcThreadAttribute pages list
 * them). One table each, used by CreateProcessInternalW and by the scenario parser's flag names.
 */

/** dwCreationFlags (Microsoft Learn, "Process Creation Flags"; the priority classes from SetPriorityClass). */
export const CREATE_FLAGS = {
  DEBUG_PROCESS: 0x00000001,
  DEBUG_ONLY_THIS_PROCESS: 0x00000002,
  CREATE_SUSPENDED: 0x00000004,
  DETACHED_PROCESS: 0x00000008,
  CREATE_NEW_CONSOLE: 0x00000010,
  NORMAL_PRIORITY_CLASS: 0x00000020,
  IDLE_PRIORITY_CLASS: 0x00000040,
  HIGH_PRIORITY_CLASS: 0x00000080,
  REALTIME_PRIORITY_CLASS: 0x00000100,
  CREATE_NEW_PROCESS_GROUP: 0x00000200,
  CREATE_UNICODE_ENVIRONMENT: 0x00000400,
  CREATE_SEPARATE_WOW_VDM: 0x00000800,
  CREATE_SHARED_WOW_VDM: 0x00001000,
  CREATE_FORCEDOS: 0x00002000,
  BELOW_NORMAL_PRIORITY_CLASS: 0x00004000,
  ABOVE_NORMAL_PRIORITY_CLASS: 0x00008000,
  INHERIT_PARENT_AFFINITY: 0x00010000,
  INHERIT_CALLER_PRIORITY: 0x00020000,
  CREATE_PROTECTED_PROCESS: 0x00040000,
  EXTENDED_STARTUPINFO_PRESENT: 0x00080000,
  PROCESS_MODE_BACKGROUND_BEGIN: 0x00100000,
  PROCESS_MODE_BACKGROUND_END: 0x00200000,
  CREATE_SECURE_PROCESS: 0x00400000,
  CREATE_BREAKAWAY_FROM_JOB: 0x01000000,
  CREATE_PRESERVE_CODE_AUTHZ_LEVEL: 0x02000000,
  CREATE_DEFAULT_ERROR_MODE: 0x04000000,
  CREATE_NO_WINDOW: 0x08000000,
  PROFILE_USER: 0x10000000,
  PROFILE_KERNEL: 0x20000000,
  PROFILE_SERVER: 0x40000000,
  CREATE_IGNORE_SYSTEM_DEFAULT: 0x80000000,
} as const;

/** The priority-class bits of dwCreationFlags. */
export const PRIORITY_CLASS_MASK =
  CREATE_FLAGS.NORMAL_PRIORITY_CLASS |
  CREATE_FLAGS.IDLE_PRIORITY_CLASS |
  CREATE_FLAGS.HIGH_PRIORITY_CLASS |
  CREATE_FLAGS.REALTIME_PRIORITY_CLASS |
  CREATE_FLAGS.BELOW_NORMAL_PRIORITY_CLASS |
  CREATE_FLAGS.ABOVE_NORMAL_PRIORITY_CLASS;

/** PROCESS_PRIORITY_CLASS_* (ntpsapi.h): what PsAttributePriorityClass carries. */
export const PROCESS_PRIORITY_CLASS = {
  UNKNOWN: 0,
  IDLE: 1,
  NORMAL: 2,
  HIGH: 3,
  REALTIME: 4,
  BELOW_NORMAL: 5,
  ABOVE_NORMAL: 6,
} as const;

/** STARTUPINFOW.dwFlags (Microsoft Learn, STARTUPINFOW). */
export const STARTF = {
  USESHOWWINDOW: 0x00000001,
  USESIZE: 0x00000002,
  USEPOSITION: 0x00000004,
  USECOUNTCHARS: 0x00000008,
  USEFILLATTRIBUTE: 0x00000010,
  RUNFULLSCREEN: 0x00000020,
  FORCEONFEEDBACK: 0x00000040,
  FORCEOFFFEEDBACK: 0x00000080,
  USESTDHANDLES: 0x00000100,
  USEHOTKEY: 0x00000200,
  TITLEISLINKNAME: 0x00000800,
  TITLEISAPPID: 0x00001000,
  PREVENTPINNING: 0x00002000,
  UNTRUSTEDSOURCE: 0x00008000,
} as const;

/** PROC_THREAD_ATTRIBUTE_NUM (winbase.h) and the flag bits of an attribute value. */
export const PROC_THREAD_ATTRIBUTE_NUMBER = 0x0000ffff;
export const PROC_THREAD_ATTRIBUTE_THREAD = 0x00010000;
export const PROC_THREAD_ATTRIBUTE_INPUT = 0x00020000;
export const PROC_THREAD_ATTRIBUTE_ADDITIVE = 0x00040000;

/** ProcThreadAttributeValue(Number, Thread, Input, Additive) — the SDK macro. */
function attributeValue(n: number, thread: boolean, input: boolean, additive: boolean): number {
  return (
    (n & PROC_THREAD_ATTRIBUTE_NUMBER) |
    (thread ? PROC_THREAD_ATTRIBUTE_THREAD : 0) |
    (input ? PROC_THREAD_ATTRIBUTE_INPUT : 0) |
    (additive ? PROC_THREAD_ATTRIBUTE_ADDITIVE : 0)
  );
}

/** PROC_THREAD_ATTRIBUTE_* (winbase.h; Microsoft Learn, UpdateProcThreadAttribute). */
export const PROC_THREAD_ATTRIBUTE = {
  PARENT_PROCESS: attributeValue(0, false, true, false),
  HANDLE_LIST: attributeValue(2, false, true, false),
  GROUP_AFFINITY: attributeValue(3, true, true, false),
  PREFERRED_NODE: attributeValue(4, false, true, false),
  IDEAL_PROCESSOR: attributeValue(5, true, true, false),
  UMS_THREAD: attributeValue(6, true, true, false),
  MITIGATION_POLICY: attributeValue(7, false, true, false),
  SECURITY_CAPABILITIES: attributeValue(9, false, true, false),
  PROTECTION_LEVEL: attributeValue(11, false, true, false),
  JOB_LIST: attributeValue(13, false, true, false),
  CHILD_PROCESS_POLICY: attributeValue(14, false, true, false),
  ALL_APPLICATION_PACKAGES_POLICY: attributeValue(15, false, true, false),
  WIN32K_FILTER: attributeValue(16, false, true, false),
  DESKTOP_APP_POLICY: attributeValue(18, false, true, false),
  PSEUDOCONSOLE: attributeValue(22, false, true, false),
  MITIGATION_AUDIT_POLICY: attributeValue(24, false, true, false),
  MACHINE_TYPE: attributeValue(25, false, true, false),
} as const;

/** PROTECTION_LEVEL_* (winbase.h; Microsoft Learn, PROCESS_PROTECTION_LEVEL_INFORMATION). */
export const PROTECTION_LEVEL = {
  WINTCB_LIGHT: 0,
  WINDOWS: 1,
  WINDOWS_LIGHT: 2,
  ANTIMALWARE_LIGHT: 3,
  LSA_LIGHT: 4,
  WINTCB: 5,
  CODEGEN_LIGHT: 6,
  AUTHENTICODE: 7,
  PPL_APP: 8,
  SAME: 0xffffffff,
  NONE: 0xfffffffe,
} as const;

/** PROCESS_CREATION_CHILD_PROCESS_* (winbase.h): PROC_THREAD_ATTRIBUTE_CHILD_PROCESS_POLICY values. */
export const PROCESS_CREATION_CHILD_PROCESS = {
  RESTRICTED: 0x01,
  OVERRIDE: 0x02,
  RESTRICTED_UNLESS_SECURE: 0x04,
} as const;

/** ShowWindow's nCmdShow values used by the tests and WinExec (winuser.h). */
export const SW = { HIDE: 0, SHOWNORMAL: 1, SHOWMINIMIZED: 2, SHOWMAXIMIZED: 3, SHOW: 5 } as const;

/** IMAGE_SUBSYSTEM_* (winnt.h). */
export const IMAGE_SUBSYSTEM = { NATIVE: 1, WINDOWS_GUI: 2, WINDOWS_CUI: 3, POSIX_CUI: 7 } as const;

/** IMAGE_FILE_DLL (winnt.h): what CreateProcessInternalW forbids (PS_CREATE_INFO ProhibitedImageCharacteristics). */
export const IMAGE_FILE_DLL = 0x2000;

/** PROCESS_ALL_ACCESS / THREAD_ALL_ACCESS (winnt.h, Vista and later): the rights PROCESS_INFORMATION's handles have. */
export const PROCESS_ALL_ACCESS = 0x001fffff;
export const THREAD_ALL_ACCESS = 0x001fffff;
/** MAXIMUM_ALLOWED (winnt.h): what CreateProcessInternalW asks NtCreateUserProcess for, for both handles. */
export const MAXIMUM_ALLOWED = 0x02000000;
