/**
 * The object manager's numbers: OBJECT_ATTRIBUTES and handle attributes, duplication options,
 * handle values, OBJECT_HEADER flags and sizes, and the access rights of the types ob itself owns.
 * Values from the WDK (wdm.h, ntdef.h, ntifs.h) as ReactOS and phnt reproduce them.
 */

/**
 * KPROCESSOR_MODE: who is asking; kernel-mode callers skip access checks (ObReferenceObjectByHandle).
 * One definition for the kernel: kernel/se's.
 */
export { KernelMode, UserMode, type KPROCESSOR_MODE } from '../se/index.js';

// OBJECT_ATTRIBUTES.Attributes (ntdef.h).
export const OBJ_INHERIT = 0x00000002;
export const OBJ_PERMANENT = 0x00000010;
export const OBJ_EXCLUSIVE = 0x00000020;
export const OBJ_CASE_INSENSITIVE = 0x00000040;
export const OBJ_OPENIF = 0x00000080;
export const OBJ_OPENLINK = 0x00000100;
export const OBJ_KERNEL_HANDLE = 0x00000200;
export const OBJ_FORCE_ACCESS_CHECK = 0x00000400;
export const OBJ_IGNORE_IMPERSONATED_DEVICEMAP = 0x00000800;
export const OBJ_DONT_REPARSE = 0x00001000;
/** OBJ_VALID_ATTRIBUTES: anything else in OBJECT_ATTRIBUTES is STATUS_INVALID_PARAMETER. */
export const OBJ_VALID_ATTRIBUTES = 0x00001ff2;
/** Kernel callers only: user-mode code can never get a handle to the object (OB_FLAG KernelOnlyAccess). */
export const OBJ_KERNEL_EXCLUSIVE = 0x00010000;

// Handle attributes as HANDLE_TABLE_ENTRY.Attributes keeps them (3 bits; wdm.h OBJ_PROTECT_CLOSE,
// OBJ_INHERIT, OBJ_AUDIT_OBJECT_CLOSE). Win32's HANDLE_FLAG_INHERIT (1) and
// HANDLE_FLAG_PROTECT_FROM_CLOSE (2) are the other way round; kernelbase translates.
export const OBJ_PROTECT_CLOSE = 0x00000001;
export const OBJ_AUDIT_OBJECT_CLOSE = 0x00000004;
export const OBJ_HANDLE_ATTRIBUTES = OBJ_PROTECT_CLOSE | OBJ_INHERIT | OBJ_AUDIT_OBJECT_CLOSE;

// NtDuplicateObject options (winnt.h).
export const DUPLICATE_CLOSE_SOURCE = 0x00000001;
export const DUPLICATE_SAME_ACCESS = 0x00000002;
export const DUPLICATE_SAME_ATTRIBUTES = 0x00000004;

/**
 * Handle values are numbers, as a HANDLE sign-extended to 64 bits reads: NtCurrentProcess() is -1,
 * NtCurrentThread() -2, and a kernel handle has bit 31 set, so 4 in the kernel table is
 * `4 | 0x80000000` = -0x7FFFFFFC, i.e. 0xFFFFFFFF80000004 as a pointer (ObMarkHandleAsKernelHandle,
 * KERNEL_HANDLE_MASK in ReactOS ob.h; Windows Internals 7, ch. 8 "Handles").
 */
export const NtCurrentProcess = -1;
export const NtCurrentThread = -2;
export const KERNEL_HANDLE_BIT = 0x80000000;

// Access rights (winnt.h). Kept here for RtlMapGenericMask; kernel/se owns the security model.
export const DELETE = 0x00010000;
export const READ_CONTROL = 0x00020000;
export const WRITE_DAC = 0x00040000;
export const WRITE_OWNER = 0x00080000;
export const SYNCHRONIZE = 0x00100000;
export const STANDARD_RIGHTS_REQUIRED = 0x000f0000;
export const STANDARD_RIGHTS_ALL = 0x001f0000;
export const SPECIFIC_RIGHTS_ALL = 0x0000ffff;
export const ACCESS_SYSTEM_SECURITY = 0x01000000;
export const MAXIMUM_ALLOWED = 0x02000000;
export const GENERIC_ALL = 0x10000000;
export const GENERIC_EXECUTE = 0x20000000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_READ = 0x80000000;
/**
 * HANDLE_TABLE_ENTRY.GrantedAccessBits is 25 bits wide on Windows 10 x64 (`dt nt!_HANDLE_TABLE_ENTRY`
 * in rayanfam.com, "Reversing Windows Internals (Part 1)", 2019): what a handle can hold.
 */
export const GRANTED_ACCESS_BITS = 0x01ffffff;

// The types ob owns (ReactOS ob/obinit.c ObInitSystem and its generic mappings).
export const DIRECTORY_QUERY = 0x0001;
export const DIRECTORY_TRAVERSE = 0x0002;
export const DIRECTORY_CREATE_OBJECT = 0x0004;
export const DIRECTORY_CREATE_SUBDIRECTORY = 0x0008;
export const DIRECTORY_ALL_ACCESS = STANDARD_RIGHTS_REQUIRED | 0x000f;
export const SYMBOLIC_LINK_QUERY = 0x0001;
export const SYMBOLIC_LINK_ALL_ACCESS = STANDARD_RIGHTS_REQUIRED | 0x0001;
export const OBJECT_TYPE_CREATE = 0x0001;
export const OBJECT_TYPE_ALL_ACCESS = STANDARD_RIGHTS_REQUIRED | 0x0001;

/**
 * _OBJECT_HEADER.Flags bits, Windows 10 x64 (`dt nt!_OBJECT_HEADER`: NewObject Pos 0 … DeletedInline
 * Pos 7; public transcripts, e.g. rayanfam.com "Reversing Windows Internals (Part 1)").
 */
export const OB_FLAG = {
  NewObject: 0x01,
  KernelObject: 0x02,
  KernelOnlyAccess: 0x04,
  ExclusiveObject: 0x08,
  PermanentObject: 0x10,
  DefaultSecurityQuota: 0x20,
  SingleHandleEntry: 0x40,
  DeletedInline: 0x80,
} as const;

/**
 * _OBJECT_HEADER.InfoMask: which optional headers precede the header (Windows Internals 7, ch. 8,
 * "Object headers and bodies"). The lower the bit, the closer to the header: the creator info sits
 * right below it, the name info below that.
 */
export const OB_INFO_MASK = {
  CreatorInfo: 0x01,
  NameInfo: 0x02,
  HandleInfo: 0x04,
  QuotaInfo: 0x08,
  ProcessInfo: 0x10,
  AuditInfo: 0x20,
  ExtendedInfo: 0x40,
  PaddingInfo: 0x80,
} as const;

/** x64 sizes: the body is at OBJECT_HEADER+0x30; OBJECT_HEADER_NAME_INFO and _CREATOR_INFO are 0x20. */
export const OBJECT_HEADER_BODY_OFFSET = 0x30;
export const OBJECT_HEADER_NAME_INFO_SIZE = 0x20;
export const OBJECT_HEADER_CREATOR_INFO_SIZE = 0x20;
