import { STATUS, type NTSTATUS } from '../../base/index.js';
import { NtCurrentProcess, type UserThreadContext } from '../../ntdll/index.js';
import { PROC_THREAD_ATTRIBUTE, PROTECTION_LEVEL } from './constants.js';
import {
  handleArray,
  type ProcThreadAttributeEntry,
  type ProcThreadAttributeList,
} from './proc-thread-attributes.js';

/** ProcessProtectionInformation (PROCESSINFOCLASS 61): the caller's PS_PROTECTION byte. */
const ProcessProtectionInformation = 61;

/**
 * The PS_ATTRIBUTE_LIST entries the Win32 attributes become (the NtCreateUserProcess AttributeList
 * keys of the model, reference §3.3): parent, inherited handles, protection, jobs, mitigations, and
 * the child-process policy.
 */
export interface ConvertedAttributes {
  ParentProcess?: number;
  HandleList?: number[];
  ProtectionLevel?: number;
  JobList?: number[];
  MitigationOptions?: bigint;
  MitigationOptions2?: bigint;
  /** PsAttributeChildProcessPolicy (PROCESS_CREATION_CHILD_PROCESS_*). */
  ChildProcessPolicy?: number;
}

/**
 * PROTECTION_LEVEL_* → PS_PROTECTION {Type:3, Audit:1, Signer:4} (reference §4.1): each level names
 * its signer (PsProtectedSigner*: Authenticode 1, CodeGen 2, Antimalware 3, Lsa 4, Windows 5,
 * WinTcb 6, App 8) and whether it is Light (PsProtectedTypeProtectedLight 1) or full
 * (PsProtectedTypeProtected 2).
 */
const PS_PROTECTION_OF_LEVEL = new Map<number, number>([
  [PROTECTION_LEVEL.WINTCB_LIGHT, 0x61],
  [PROTECTION_LEVEL.WINDOWS, 0x52],
  [PROTECTION_LEVEL.WINDOWS_LIGHT, 0x51],
  [PROTECTION_LEVEL.ANTIMALWARE_LIGHT, 0x31],
  [PROTECTION_LEVEL.LSA_LIGHT, 0x41],
  [PROTECTION_LEVEL.WINTCB, 0x62],
  [PROTECTION_LEVEL.CODEGEN_LIGHT, 0x21],
  [PROTECTION_LEVEL.AUTHENTICODE, 0x12],
  [PROTECTION_LEVEL.PPL_APP, 0x81],
]);

/** A DWORD, DWORD64 or DWORD64[2] value as the two 64-bit mitigation maps. */
function mitigationMaps(e: ProcThreadAttributeEntry): [bigint, bigint | undefined] {
  const v = e.Value;
  const big = (x: unknown): bigint => BigInt.asUintN(64, BigInt(x as bigint | number));
  if (Array.isArray(v)) return [big(v[0] ?? 0n), e.Size >= 16 ? big(v[1] ?? 0n) : undefined];
  return [e.Size === 4 ? BigInt(Number(v) >>> 0) : big(v), undefined];
}

/**
 * BasepConvertWin32AttributeList: the attributes of STARTUPINFOEXW.lpAttributeList as PS attributes
 * (Microsoft Learn, UpdateProcThreadAttribute; Wine dlls/kernelbase/process.c CreateProcessInternalW):
 * - PARENT_PROCESS: a NULL handle is ERROR_INVALID_HANDLE (Wine); so is the current-process pseudo
 *   handle, as Windows 10 answers (Wine's test_parent_process_attribute: "Broken on Vista / w7 / w10");
 *   other handles are checked by the kernel (PROCESS_CREATE_PROCESS);
 * - HANDLE_LIST: used only when handles are inherited (Learn: "pass in a value of TRUE for the
 *   bInheritHandles parameter"; Wine passes it only then);
 * - PROTECTION_LEVEL: the PS_PROTECTION of the level, PROTECTION_LEVEL_SAME the caller's own (an
 *   unprotected caller's is ERROR_INVALID_PARAMETER); another value is ERROR_INVALID_PARAMETER;
 * - MITIGATION_POLICY: one or two 64-bit maps; JOB_LIST: the job handles; CHILD_PROCESS_POLICY: the
 *   flags;
 * - IDEAL_PROCESSOR, GROUP_AFFINITY, PREFERRED_NODE: scheduling hints the model does not keep.
 */
export function BasepConvertWin32AttributeList(
  ctx: UserThreadContext,
  list: ProcThreadAttributeList | null | undefined,
  inheritHandles: boolean,
): { status: NTSTATUS; attributes: ConvertedAttributes } {
  const attributes: ConvertedAttributes = {};
  for (const e of list?.Attributes ?? []) {
    switch (e.Attribute) {
      case PROC_THREAD_ATTRIBUTE.PARENT_PROCESS: {
        const h = Number(e.Value);
        if (!h || h === NtCurrentProcess) return { status: STATUS.INVALID_HANDLE, attributes };
        attributes.ParentProcess = h;
        break;
      }
      case PROC_THREAD_ATTRIBUTE.HANDLE_LIST:
        if (inheritHandles) attributes.HandleList = handleArray(e);
        break;
      case PROC_THREAD_ATTRIBUTE.PROTECTION_LEVEL: {
        const level = Number(e.Value) >>> 0;
        if (level === PROTECTION_LEVEL.SAME) {
          const q = ctx.nt.NtQueryInformationProcess({
            ProcessHandle: NtCurrentProcess,
            ProcessInformationClass: ProcessProtectionInformation,
            ProcessInformationLength: 1,
          });
          if (q.status !== STATUS.SUCCESS) return { status: q.status, attributes };
          const own = Number(q.out?.ProcessInformation ?? 0) & 0xff;
          // An unprotected caller has no level to pass on: ERROR_INVALID_PARAMETER, as observed on
          // Windows (MaulingMonkey/firehazard's sandbox: PROTECTION_LEVEL_SAME "will cause
          // create_process_as_user_w to fail with ERROR_INVALID_PARAMETER" when not protected).
          if ((own & 7) === 0) return { status: STATUS.INVALID_PARAMETER, attributes };
          attributes.ProtectionLevel = own;
          break;
        }
        const protection = PS_PROTECTION_OF_LEVEL.get(level);
        if (protection === undefined) return { status: STATUS.INVALID_PARAMETER, attributes };
        attributes.ProtectionLevel = protection;
        break;
      }
      case PROC_THREAD_ATTRIBUTE.MITIGATION_POLICY: {
        const [first, second] = mitigationMaps(e);
        attributes.MitigationOptions = first;
        if (second !== undefined) attributes.MitigationOptions2 = second;
        break;
      }
      case PROC_THREAD_ATTRIBUTE.JOB_LIST:
        attributes.JobList = handleArray(e);
        break;
      case PROC_THREAD_ATTRIBUTE.CHILD_PROCESS_POLICY:
        attributes.ChildProcessPolicy = Number(e.Value) >>> 0;
        break;
      default:
        break;
    }
  }
  return { status: STATUS.SUCCESS, attributes };
}
