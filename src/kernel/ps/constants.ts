/** PS_CREATE_STATE (reference §3.1, phnt ntpsapi.h). */
export const PsCreateState = {
  PsCreateInitialState: 0,
  PsCreateFailOnFileOpen: 1,
  PsCreateFailOnSectionCreate: 2,
  PsCreateFailExeFormat: 3,
  PsCreateFailMachineMismatch: 4,
  PsCreateFailExeName: 5,
  PsCreateSuccess: 6,
} as const;
export type PS_CREATE_STATE = (typeof PsCreateState)[keyof typeof PsCreateState];

/** PROCESS_CREATE_FLAGS_* (reference §3.4). */
export const PROCESS_CREATE_FLAGS = {
  BREAKAWAY: 0x1,
  NO_DEBUG_INHERIT: 0x2,
  INHERIT_HANDLES: 0x4,
  OVERRIDE_ADDRESS_SPACE: 0x8,
  LARGE_PAGES: 0x10,
  LARGE_PAGE_SYSTEM_DLL: 0x20,
  PROTECTED_PROCESS: 0x40,
  CREATE_SESSION: 0x80,
  INHERIT_FROM_PARENT: 0x100,
  CREATE_SUSPENDED: 0x200,
  FORCE_BREAKAWAY: 0x400,
  MINIMAL_PROCESS: 0x800,
  RELEASE_SECTION: 0x1000,
  CLONE_MINIMAL: 0x2000,
  CLONE_MINIMAL_REDUCED_COMMIT: 0x4000,
  AUXILIARY_PROCESS: 0x8000,
  CREATE_STORE: 0x20000,
  USE_PROTECTED_ENVIRONMENT: 0x40000,
  IMAGE_EXPANSION_MITIGATION_DISABLE: 0x80000,
  PARTITION_CREATE_SLAB_IDENTITY: 0x400000,
} as const;

/** The flags NtCreateUserProcess accepts (phnt: the ones not marked "NtCreateProcessEx only"). */
export const PROCESS_CREATE_FLAGS_USER_VALID =
  PROCESS_CREATE_FLAGS.BREAKAWAY |
  PROCESS_CREATE_FLAGS.NO_DEBUG_INHERIT |
  PROCESS_CREATE_FLAGS.INHERIT_HANDLES |
  PROCESS_CREATE_FLAGS.PROTECTED_PROCESS |
  PROCESS_CREATE_FLAGS.CREATE_SESSION |
  PROCESS_CREATE_FLAGS.INHERIT_FROM_PARENT |
  PROCESS_CREATE_FLAGS.CREATE_SUSPENDED |
  PROCESS_CREATE_FLAGS.FORCE_BREAKAWAY |
  PROCESS_CREATE_FLAGS.RELEASE_SECTION |
  PROCESS_CREATE_FLAGS.AUXILIARY_PROCESS |
  PROCESS_CREATE_FLAGS.CREATE_STORE |
  PROCESS_CREATE_FLAGS.USE_PROTECTED_ENVIRONMENT |
  PROCESS_CREATE_FLAGS.IMAGE_EXPANSION_MITIGATION_DISABLE |
  PROCESS_CREATE_FLAGS.PARTITION_CREATE_SLAB_IDENTITY;

/** THREAD_CREATE_FLAGS_* (reference §3.4). */
export const THREAD_CREATE_FLAGS = {
  CREATE_SUSPENDED: 0x1,
  SKIP_THREAD_ATTACH: 0x2,
  HIDE_FROM_DEBUGGER: 0x4,
  LOADER_WORKER: 0x10,
  SKIP_LOADER_INIT: 0x20,
  BYPASS_PROCESS_FREEZE: 0x40,
} as const;
export const THREAD_CREATE_FLAGS_VALID = 0x7f;

/** STATUS_PENDING: a live process's and thread's ExitStatus (PspAllocateProcess sets it). */
export const STATUS_PENDING = 0x103;

/**
 * The flags NtCreateProcessEx accepts: every PROCESS_CREATE_FLAGS_* but PROTECTED_PROCESS, which
 * phnt marks "NtCreateUserProcess only" (reference §3.4). Others are STATUS_INVALID_PARAMETER
 * (WRK ps/create.c PspCreateProcess: `Flags & ~PROCESS_CREATE_FLAGS_LEGAL_MASK`).
 */
export const PROCESS_CREATE_FLAGS_EX_VALID =
  Object.values(PROCESS_CREATE_FLAGS).reduce((a, b) => a | b, 0) & ~PROCESS_CREATE_FLAGS.PROTECTED_PROCESS;

/** EPROCESS.Flags bits the model uses (reference §1.3, Flags @0x464). */
export const PS_PROCESS_FLAGS_CREATE_REPORTED = 1 << 0;
export const PS_PROCESS_FLAGS_NO_DEBUG_INHERIT = 1 << 1;
export const PS_PROCESS_FLAGS_PROCESS_DELETE = 1 << 3;
export const PS_PROCESS_FLAGS_BREAK_ON_TERMINATION = 1 << 13;
/** EPROCESS.Flags3 bit 0, Minimal (reference §1.3, Flags3 @0x87c; §7). */
export const PS_PROCESS_FLAGS3_MINIMAL = 1 << 0;

/**
 * MAXIMUM_SUSPEND_COUNT (ntddk.h, 0x7F): KeSuspendThread raises STATUS_SUSPEND_COUNT_EXCEEDED when
 * the count already is this (WRK ke/thredobj.c KeSuspendThread).
 */
export const MAXIMUM_SUSPEND_COUNT = 0x7f;

/** KPROCESS.BasePriority of a NORMAL_PRIORITY_CLASS process (WRK ps/create.c: NORMAL_BASE_PRIORITY). */
export const NORMAL_BASE_PRIORITY = 8;

/** PROCESSINFOCLASS values the model answers (phnt ntpsapi.h; m417z/ntdoc processinfoclass.md). */
export const PROCESSINFOCLASS = {
  ProcessBasicInformation: 0,
  ProcessDebugPort: 7,
  ProcessHandleCount: 20,
  ProcessSessionInformation: 24,
  ProcessWow64Information: 26,
  ProcessImageFileName: 27,
  ProcessBreakOnTermination: 29,
  ProcessDebugObjectHandle: 30,
  ProcessDebugFlags: 31,
  ProcessImageFileNameWin32: 43,
  ProcessMitigationPolicy: 52,
  ProcessProtectionInformation: 61,
} as const;
