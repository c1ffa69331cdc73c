import { STANDARD_RIGHT_NAMES, type GENERIC_MAPPING } from './access-mask.js';
import type { FlagTable } from './flag-names.js';

/**
 * Process-specific access rights (winnt.h; Microsoft Learn "Process Security and Access Rights").
 * PROCESS_ALL_ACCESS is STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF since Vista.
 */
export const PROCESS_TERMINATE = 0x0001;
export const PROCESS_CREATE_THREAD = 0x0002;
export const PROCESS_SET_SESSIONID = 0x0004;
export const PROCESS_VM_OPERATION = 0x0008;
export const PROCESS_VM_READ = 0x0010;
export const PROCESS_VM_WRITE = 0x0020;
export const PROCESS_DUP_HANDLE = 0x0040;
export const PROCESS_CREATE_PROCESS = 0x0080;
export const PROCESS_SET_QUOTA = 0x0100;
export const PROCESS_SET_INFORMATION = 0x0200;
export const PROCESS_QUERY_INFORMATION = 0x0400;
export const PROCESS_SUSPEND_RESUME = 0x0800;
export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
export const PROCESS_SET_LIMITED_INFORMATION = 0x2000;
export const PROCESS_ALL_ACCESS = 0x001fffff;

/**
 * PspProcessMapping as Windows 10 registers it for the Process object type (GENERIC_READ
 * 0x20410, GENERIC_WRITE 0x20BEA, GENERIC_EXECUTE 0x121001, GENERIC_ALL 0x1FFFFF), read from a
 * live system by mtth-bfft/nt-object-types (results/10.0.19361_2004.txt). GenericRead is
 * READ_CONTROL | VM_READ | QUERY_INFORMATION; GenericExecute is READ_CONTROL | SYNCHRONIZE |
 * QUERY_LIMITED_INFORMATION | TERMINATE — which is why a lower-integrity caller still gets those
 * (see integrity.ts).
 */
export const PspProcessMapping: GENERIC_MAPPING = Object.freeze({
  GenericRead: 0x00020410,
  GenericWrite: 0x00020bea,
  GenericExecute: 0x00121001,
  GenericAll: 0x001fffff,
});

export const PROCESS_ACCESS_NAMES: FlagTable = [
  ['PROCESS_TERMINATE', PROCESS_TERMINATE],
  ['PROCESS_CREATE_THREAD', PROCESS_CREATE_THREAD],
  ['PROCESS_SET_SESSIONID', PROCESS_SET_SESSIONID],
  ['PROCESS_VM_OPERATION', PROCESS_VM_OPERATION],
  ['PROCESS_VM_READ', PROCESS_VM_READ],
  ['PROCESS_VM_WRITE', PROCESS_VM_WRITE],
  ['PROCESS_DUP_HANDLE', PROCESS_DUP_HANDLE],
  ['PROCESS_CREATE_PROCESS', PROCESS_CREATE_PROCESS],
  ['PROCESS_SET_QUOTA', PROCESS_SET_QUOTA],
  ['PROCESS_SET_INFORMATION', PROCESS_SET_INFORMATION],
  ['PROCESS_QUERY_INFORMATION', PROCESS_QUERY_INFORMATION],
  ['PROCESS_SUSPEND_RESUME', PROCESS_SUSPEND_RESUME],
  ['PROCESS_QUERY_LIMITED_INFORMATION', PROCESS_QUERY_LIMITED_INFORMATION],
  ['PROCESS_SET_LIMITED_INFORMATION', PROCESS_SET_LIMITED_INFORMATION],
  ['PROCESS_ALL_ACCESS', PROCESS_ALL_ACCESS],
  ...STANDARD_RIGHT_NAMES,
];

/**
 * The mandatory policy of the Process object type: NO_WRITE_UP | NO_READ_UP. Decompiled
 * PspInitPhase0 of Windows 10 calls SeRegisterObjectTypeMandatoryPolicy(PsProcessType, 3) (and 1
 * for Job); a process's label carries it, e.g. winlogon's `S:(ML;;NWNR;;;SI)` in a public `!sd`
 * dump. Windows Internals 7, ch. 7 "Mandatory Integrity Control": processes are protected from
 * read-up as well as write-up.
 */
export const PspProcessTypeMandatoryPolicy = 0x3;
