import { STATUS, type NTSTATUS } from '../../base/index.js';
import { openWin32Key, queryWin32Value, readRegSz } from '../cm/index.js';
import { IoStatFile } from '../io/index.js';
import type { ProcessParametersInput, Section, SectionImageInformation } from '../mm/index.js';
import { NtCurrentProcess, ObDereferenceObject, type ObjectHeader } from '../ob/index.js';
import {
  PROCESS_CREATE_PROCESS,
  SE_ASSIGNPRIMARYTOKEN_PRIVILEGE,
  SeSinglePrivilegeCheck,
  TOKEN_ASSIGN_PRIMARY,
  TokenPrimary,
  UserMode,
  type TOKEN,
} from '../se/index.js';
import { PspAllocateProcess, PspDestroyPartialProcess, PspInsertProcess } from './allocate-process.js';
import type { PsCaller } from './caller.js';
import { PspReferenceObjectByHandle } from './object-attributes.js';
import {
  PROCESS_CREATE_FLAGS,
  PROCESS_CREATE_FLAGS_USER_VALID,
  PsCreateState,
  THREAD_CREATE_FLAGS,
  THREAD_CREATE_FLAGS_VALID,
  type PS_CREATE_STATE,
} from './constants.js';
import { PspCreateThread } from './create-thread.js';
import { PspReferenceProcessByHandle } from './handles.js';
import { DbgkpReferenceDebugObject } from './debug-services.js';
import {
  JOB_OBJECT_ASSIGN_PROCESS,
  JOB_OBJECT_LIMIT_BREAKAWAY_OK,
  JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK,
  PspAddProcessToJob,
  PspCheckJobLimits,
  PspReferenceJobByHandle,
  type EJOB,
} from './job.js';
import { PspApplyMitigationOptions } from './mitigation.js';
import { PspCreatorDesiredAccess, PspValidateProtectionLevel } from './protection.js';
import { PspValidateImageForProtection } from './protected-image.js';
import type { EPROCESS, ETHREAD } from './objects.js';
import { PspDuplicateStdHandles, type PsStdHandleInfo } from './std-handles.js';
import { MmImageSectionOfFile } from './section-object.js';
import {
  PspCreateSecureProcess,
  PspValidateSecureProcessCreation,
  type PS_TRUSTLET_CREATE_ATTRIBUTES,
} from './secure-process.js';
import type { SkValidatedTrustlet } from '../sk/index.js';
import type { PsSystem } from './ps-system.js';
import { DEBUG_PROCESS_ASSIGN, type DEBUG_OBJECT } from './debug-object.js';

/** The decoded PS_ATTRIBUTE_LIST (reference §3.3): inputs, and outputs filled on success. */
export interface PsAttributeList {
  /** PsAttributeImageName: the image's NT path (`\??\C:\Windows\System32\notepad.exe`). */
  ImageName: string;
  /** PsAttributeParentProcess: a handle to the process to inherit from (parent spoofing). */
  ParentProcess?: number;
  /**
   * PsAttributeToken as a TOKEN object: how kernel code in the model hands a token over without a
   * handle — boot's smss and winlogon pass their session tokens this way, through their ntdll stubs,
   * so it is accepted from either mode (user code cannot forge a TOKEN object in the model). Giving
   * both Token and TokenHandle is STATUS_INVALID_PARAMETER.
   */
  Token?: TOKEN;
  /**
   * PsAttributeToken as Windows passes it: a handle to a primary token granting
   * TOKEN_ASSIGN_PRIMARY (CreateProcessAsUser). A user-mode caller needs SeAssignPrimaryTokenPrivilege
   * unless the token is a restricted or filtered copy of the caller's (SeIsTokenChild /
   * SeIsTokenSibling): see createUserProcess.
   */
  TokenHandle?: number;
  /**
   * PsAttributeDebugObject: a debug object handle granting DEBUG_PROCESS_ASSIGN — CreateProcess's
   * DEBUG_PROCESS / DEBUG_ONLY_THIS_PROCESS pass the caller's (DbgUiGetThreadDebugObject).
   */
  DebugObject?: number;
  /** PsAttributeHandleList: inherit only these (strictly ascending) handles. */
  HandleList?: number[];
  /**
   * PsAttributeProtectionLevel: a PS_PROTECTION byte — validated (Type < PsProtectedTypeMax, Signer
   * < PsProtectedSignerMax, else STATUS_INVALID_PARAMETER), checked against the creator
   * (PsSystem.checkProtectedProcessCreation) and the image's signature (PspValidateImageForProtection:
   * STATUS_INVALID_IMAGE_HASH), and stored.
   */
  ProtectionLevel?: number;
  /**
   * PsAttributeJobList: handles to jobs (JOB_OBJECT_ASSIGN_PROCESS each) the new process joins at
   * creation (UpdateProcThreadAttribute PROC_THREAD_ATTRIBUTE_JOB_LIST).
   */
  JobList?: number[];
  /**
   * PsAttributeMitigationOptions: the PROCESS_CREATION_MITIGATION_POLICY_* map (and the optional
   * second map, PROCESS_CREATION_MITIGATION_POLICY2_*), as 64-bit unsigned values.
   */
  MitigationOptions?: bigint;
  MitigationOptions2?: bigint;
  /**
   * PsAttributeSecureProcess: PS_TRUSTLET_CREATE_ATTRIBUTES (or its TrustletIdentity alone) — create
   * a trustlet (an IUM process); needs VBS (secure-process.ts).
   */
  SecureProcess?: bigint | PS_TRUSTLET_CREATE_ATTRIBUTES;
  /** PsAttributeStdHandleInfo: which standard handles the kernel duplicates into the child. */
  StdHandleInfo?: PsStdHandleInfo;
  ClientId?: { UniqueProcess: number; UniqueThread: number };
  TebAddress?: number;
  ImageInfo?: SectionImageInformation;
}

/** PS_CREATE_INFO (reference §3.2): State in and out, and the active union member's fields. */
export interface PsCreateInfo {
  State: PS_CREATE_STATE;
  /** InitState.InitFlags: bit 2 IFEOSkipDebugger; bits 16-31 ProhibitedImageCharacteristics. */
  InitFlags?: number;
  /** ExeFormat.DllCharacteristics (PsCreateFailExeFormat). */
  DllCharacteristics?: number;
  /** ExeName.IFEOKey: the IFEO key's path (PsCreateFailExeName; a handle once keys are objects). */
  IFEOKey?: string;
  /** SuccessState. */
  OutputFlags?: number;
  PebAddressNative?: number;
  UserProcessParametersNative?: number;
}

export interface NtCreateUserProcessParameters {
  ProcessDesiredAccess: number;
  ThreadDesiredAccess: number;
  ProcessObjectAttributes?: { Attributes?: number } | null;
  ThreadObjectAttributes?: { Attributes?: number } | null;
  ProcessFlags: number;
  ThreadFlags: number;
  ProcessParameters: ProcessParametersInput;
  CreateInfo: PsCreateInfo;
  AttributeList: PsAttributeList;
}

export interface NtCreateUserProcessResult {
  status: NTSTATUS;
  ProcessHandle?: number;
  ThreadHandle?: number;
  process?: EPROCESS;
  thread?: ETHREAD;
}

const IFEO_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\';
const IFEO_SKIP_DEBUGGER = 0x4;
const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
const IMAGE_FILE_MACHINE_I386 = 0x14c;

function baseName(ntPath: string): string {
  return ntPath.slice(ntPath.lastIndexOf('\\') + 1);
}

/**
 * NtCreateUserProcess (Windows Internals 7, ch. 3, "Flow of CreateProcess", stages 3–5): open the
 * image, create its section, check the IFEO Debugger, then PspAllocateProcess, PspInsertProcess and
 * the initial thread. A failure leaves nothing behind (no process object, CID, handle or mapping),
 * and CreateInfo.State says where it failed so CreateProcessInternalW can react.
 */
export function NtCreateUserProcess(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateUserProcessParameters,
): NtCreateUserProcessResult {
  const { trace } = ps.deps;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtCreateUserProcess',
      channel: 'ps',
      args: {
        ImageName: p.AttributeList.ImageName,
        ProcessFlags: p.ProcessFlags,
        ThreadFlags: p.ThreadFlags,
      },
    },
    (span) => {
      const r = createUserProcess(ps, caller, p);
      if (r.process)
        span.object({
          type: 'Process',
          name: r.process.ImageFileName,
          address: r.process.header?.bodyAddress,
        });
      return {
        status: r.status,
        value: r,
        result: r.process
          ? {
              pid: r.process.UniqueProcessId,
              tid: r.thread?.Cid.UniqueThread,
              handles: [r.ProcessHandle, r.ThreadHandle],
            }
          : { state: p.CreateInfo.State },
      };
    },
  ).value!;
}

function createUserProcess(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateUserProcessParameters,
): NtCreateUserProcessResult {
  const { ob, trace, registry } = ps.deps;
  const fail = (status: NTSTATUS, state?: PS_CREATE_STATE): NtCreateUserProcessResult => {
    if (state !== undefined) p.CreateInfo.State = state;
    return { status };
  };
  // Parameter validation: flags this service does not take (MINIMAL_PROCESS is NtCreateProcessEx's).
  if (p.ProcessFlags & ~PROCESS_CREATE_FLAGS_USER_VALID) return fail(STATUS.INVALID_PARAMETER);
  if (p.ThreadFlags & ~THREAD_CREATE_FLAGS_VALID) return fail(STATUS.INVALID_PARAMETER);
  if (p.CreateInfo.State !== PsCreateState.PsCreateInitialState) return fail(STATUS.INVALID_PARAMETER);
  const imageName = p.AttributeList.ImageName;
  if (!imageName) return fail(STATUS.INVALID_PARAMETER);

  // The parent: the caller, or PsAttributeParentProcess (needs PROCESS_CREATE_PROCESS on it).
  let parent = caller.process;
  let parentRef: ObjectHeader | null = null;
  if (p.AttributeList.ParentProcess !== undefined) {
    const r = PspReferenceProcessByHandle(ps, caller, p.AttributeList.ParentProcess, PROCESS_CREATE_PROCESS);
    if (r.status !== STATUS.SUCCESS) return fail(r.status);
    parentRef = r.header!;
    parent = r.object!;
  }
  // PsAttributeToken: a primary token handle granting TOKEN_ASSIGN_PRIMARY (ReactOS ps/security.c
  // PspSetPrimaryToken; an impersonation token is STATUS_BAD_TOKEN_TYPE), or a kernel TOKEN.
  let tokenRef: ObjectHeader | null = null;
  let explicitToken: TOKEN | null = p.AttributeList.Token ?? null;
  const jobRefs: ObjectHeader[] = [];
  const release = (): void => {
    if (parentRef) ObDereferenceObject(ob, parentRef);
    if (tokenRef) ObDereferenceObject(ob, tokenRef);
    for (const j of jobRefs.splice(0)) ObDereferenceObject(ob, j);
    parentRef = tokenRef = null;
  };
  if (p.AttributeList.TokenHandle !== undefined) {
    if (explicitToken) {
      release();
      return fail(STATUS.INVALID_PARAMETER);
    }
    const r = PspReferenceObjectByHandle<TOKEN>(
      ps,
      caller,
      p.AttributeList.TokenHandle,
      TOKEN_ASSIGN_PRIMARY,
      ps.tokenType.typeInfo,
    );
    if (r.status !== STATUS.SUCCESS) {
      release();
      return fail(r.status);
    }
    tokenRef = r.header!;
    explicitToken = r.object!;
    if (explicitToken.tokenType !== TokenPrimary) {
      release();
      return fail(STATUS.BAD_TOKEN_TYPE);
    }
    // PspAssignPrimaryToken's rule for a user-mode caller: a token that is not a child of the
    // caller's (a filtered/restricted copy: SeIsTokenChild) nor its sibling (a duplicate in the same
    // logon session: SeIsTokenSibling) needs SeAssignPrimaryTokenPrivilege (ReactOS ps/security.c
    // PspSetPrimaryToken; Microsoft Learn, CreateProcessAsUserW: "If hToken is a restricted version
    // of the caller's primary token, the SE_ASSIGNPRIMARYTOKEN_NAME privilege is not required").
    const own = caller.process.Token;
    if (caller.previousMode === UserMode && own) {
      const child = explicitToken.parentTokenId === own.tokenId;
      const sibling =
        explicitToken.parentTokenId === own.parentTokenId &&
        explicitToken.authenticationId === own.authenticationId;
      if (!child && !sibling && !SeSinglePrivilegeCheck(SE_ASSIGNPRIMARYTOKEN_PRIVILEGE, own, UserMode)) {
        release();
        return fail(STATUS.PRIVILEGE_NOT_HELD);
      }
    }
  }

  // PsAttributeDebugObject (ReactOS ps/process.c PspCreateProcess: DEBUG_OBJECT_ADD_REMOVE_PROCESS).
  let debugObject: DEBUG_OBJECT | null = null;
  if (p.AttributeList.DebugObject !== undefined) {
    const r = DbgkpReferenceDebugObject(ps, caller, p.AttributeList.DebugObject, DEBUG_PROCESS_ASSIGN);
    if (r.status !== STATUS.SUCCESS) {
      release();
      return fail(r.status);
    }
    jobRefs.push(r.header!);
    debugObject = r.object!;
  }

  const attrs = selectAttributes(ps, caller, p, parent, jobRefs);
  if (attrs.status !== STATUS.SUCCESS) {
    release();
    return fail(attrs.status);
  }
  const job = attrs.job ?? null;

  let opened: ReturnType<typeof IoStatFile> | undefined;
  // Stage 2: open the image file and create its (shared, cached) image section.
  const file = trace.call(
    { layer: 'kernel', module: 'nt', fn: 'IoCreateFileEx', channel: 'io', args: { name: imageName } },
    () => {
      // Opening checks the file; its bytes are read only when no image section is cached for it
      // (MmCreateSection finds the file's existing image control area and shares it).
      const r = IoStatFile(ob.namespace, imageName);
      opened = r;
      return {
        status: r.status === STATUS.SUCCESS && r.entry!.isDirectory ? STATUS.FILE_IS_A_DIRECTORY : r.status,
      };
    },
  );
  if (file.status !== STATUS.SUCCESS) {
    release();
    return fail(file.status, PsCreateState.PsCreateFailOnFileOpen);
  }
  const sectionResult = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'MmCreateSection',
      channel: 'mm',
      args: { name: imageName, SEC_IMAGE: true },
    },
    () => {
      const r = MmImageSectionOfFile(ps, imageName, opened);
      return { status: r.status, value: r.section };
    },
  );
  if (!sectionResult.value) {
    release();
    return fail(sectionResult.status, PsCreateState.PsCreateFailOnSectionCreate);
  }
  const section: Section = sectionResult.value;
  ps.sectionFileNames.set(section, imageName);
  // A protected process's image must be signed for its level (protected-image.ts). The section was
  // made: the failure is not PsCreateFailOnSectionCreate (a 19041 NtCreateUserProcess sets that
  // state only when MmCreateSpecialImageSection fails, id 65118651375).
  const signing = PspValidateImageForProtection(
    ps,
    section,
    opened!.file!.devicePath,
    p.AttributeList.ProtectionLevel ?? 0,
  );
  if (signing.status !== STATUS.SUCCESS) {
    release();
    return fail(signing.status);
  }
  const info = section.image!.information();
  // ProhibitedImageCharacteristics (InitFlags bits 16-31): kernelbase passes IMAGE_FILE_DLL.
  const prohibited = ((p.CreateInfo.InitFlags ?? 0) >>> 16) & 0xffff;
  if (info.ImageCharacteristics & prohibited) {
    release();
    p.CreateInfo.DllCharacteristics = info.DllCharacteristics;
    return fail(STATUS.INVALID_IMAGE_FORMAT, PsCreateState.PsCreateFailExeFormat);
  }
  if (info.Machine !== IMAGE_FILE_MACHINE_AMD64 && info.Machine !== IMAGE_FILE_MACHINE_I386) {
    release();
    return fail(STATUS.INVALID_IMAGE_FORMAT, PsCreateState.PsCreateFailMachineMismatch);
  }
  // Image File Execution Options: a Debugger value turns the creation back to the caller, which
  // starts the debugger instead (PsCreateFailExeName; the IFEO key goes back in CreateInfo). The
  // status of this path is not documented; kernelbase switches on the state, not the status.
  let ifeoExists = false;
  if (!((p.CreateInfo.InitFlags ?? 0) & IFEO_SKIP_DEBUGGER)) {
    const key = IFEO_KEY + baseName(imageName);
    // One open of the image's IFEO key (PEB.ReadImageFileExecOptions records that it exists), then
    // its Debugger value.
    const ifeo = openWin32Key(registry, key);
    ifeoExists = ifeo.status === STATUS.SUCCESS;
    const dbg = ifeoExists ? queryWin32Value(registry, key, 'Debugger') : null;
    const debuggerCommand = dbg?.value ? readRegSz(dbg.value) : null;
    if (debuggerCommand) {
      release();
      p.CreateInfo.IFEOKey = key;
      return fail(STATUS.UNSUCCESSFUL, PsCreateState.PsCreateFailExeName);
    }
  }

  // A trustlet: the secure kernel checks the image (IUM signature, policy, identity) first.
  let trustlet: SkValidatedTrustlet | undefined;
  if (p.AttributeList.SecureProcess !== undefined) {
    const v = PspValidateSecureProcessCreation(
      ps,
      p.AttributeList.SecureProcess,
      section,
      opened!.file!.devicePath,
      debugObject !== null,
    );
    if (!v.trustlet) {
      release();
      return fail(v.status);
    }
    trustlet = v.trustlet;
  }

  const created = PspAllocateProcess(ps, caller, {
    parent,
    attributes: p.ProcessObjectAttributes?.Attributes ?? 0,
    inheritHandles: (p.ProcessFlags & PROCESS_CREATE_FLAGS.INHERIT_HANDLES) !== 0,
    ...(p.AttributeList.HandleList ? { handleList: p.AttributeList.HandleList } : {}),
    token: explicitToken,
    section,
    imageName,
    processParameters: p.ProcessParameters,
    ifeoExists,
    debugObject,
    noDebugInherit: (p.ProcessFlags & PROCESS_CREATE_FLAGS.NO_DEBUG_INHERIT) !== 0,
    ...(p.AttributeList.ProtectionLevel !== undefined ? { protection: p.AttributeList.ProtectionLevel } : {}),
    signatureLevel: signing.SignatureLevel,
    sectionSignatureLevel: signing.SectionSignatureLevel,
  });
  if (created.status !== STATUS.SUCCESS) {
    release();
    return fail(created.status);
  }
  const process = created.process!;
  if (trustlet) {
    const secure = PspCreateSecureProcess(ps, process, trustlet);
    if (secure !== STATUS.SUCCESS) {
      release();
      PspDestroyPartialProcess(ps, caller, process);
      return fail(secure);
    }
  }
  // Validated above; cannot fail here.
  PspApplyMitigationOptions(process, p.AttributeList.MitigationOptions, p.AttributeList.MitigationOptions2);
  if (p.AttributeList.StdHandleInfo) {
    const pp = p.ProcessParameters;
    PspDuplicateStdHandles(
      ps,
      parent,
      process,
      p.AttributeList.StdHandleInfo,
      [pp.standardInput ?? 0, pp.standardOutput ?? 0, pp.standardError ?? 0],
      (p.ProcessFlags & PROCESS_CREATE_FLAGS.INHERIT_HANDLES) !== 0,
    );
  }
  const inserted = PspInsertProcess(
    ps,
    caller,
    process,
    PspCreatorDesiredAccess(caller.previousMode, caller.process, process, p.ProcessDesiredAccess, 'Process'),
  );
  if (inserted.status !== STATUS.SUCCESS) {
    release();
    PspDestroyPartialProcess(ps, caller, process);
    return fail(inserted.status);
  }
  // PsCallImageNotifyRoutines for the two images the kernel maps itself — the executable and ntdll
  // (PspMapSystemDll) — with the process's id (Microsoft Learn, PsSetLoadImageNotifyRoutine: the
  // routine is called when an image is mapped, the executable included; ProcessId identifies the
  // process). The loader's own DLL mappings come with issue #5.
  for (const [name, view] of [
    [process.imageFileNtPath, process.imageView],
    ['\\SystemRoot\\System32\\ntdll.dll', process.ntdllView],
  ] as const)
    if (view)
      for (const r of ps.notify.loadImage.routines)
        r(name, process.UniqueProcessId, {
          ImageBase: view.baseAddress,
          ImageSize: view.viewSize,
          SystemModeImage: false,
        });
  const thread = PspCreateInitialThread(ps, caller, process, p, section);
  if (thread.status !== STATUS.SUCCESS) {
    release();
    PspDestroyPartialProcess(ps, caller, process, inserted.handle);
    return fail(thread.status);
  }
  // PspInsertProcess's PspAddProcessToJob, done once nothing else can fail (the limit was checked
  // before anything was made, and nothing runs in between).
  if (job) PspAddProcessToJob(process, job);
  release();
  p.CreateInfo.State = PsCreateState.PsCreateSuccess;
  p.CreateInfo.PebAddressNative = process.Peb;
  p.CreateInfo.UserProcessParametersNative = process.processParameters;
  p.CreateInfo.OutputFlags = 0;
  p.AttributeList.ClientId = { ...thread.thread!.Cid };
  p.AttributeList.TebAddress = thread.thread!.Teb;
  p.AttributeList.ImageInfo = info;
  return {
    status: STATUS.SUCCESS,
    ProcessHandle: inserted.handle,
    ThreadHandle: thread.handle,
    process,
    thread: thread.thread,
  };
}

/**
 * The attributes checked before anything is made (PspBuildCreateProcessContext):
 * - PsAttributeSecureProcess: STATUS_NOT_SUPPORTED without VBS (secure-process.ts, kernel/sk);
 * - PsAttributeProtectionLevel: an invalid PS_PROTECTION is STATUS_INVALID_PARAMETER; then
 *   PspValidateCreateProcessProtection (every creation: protection.ts);
 * - PsAttributeMitigationOptions: 64-bit maps (STATUS_INVALID_PARAMETER otherwise);
 * - the job (Windows Internals 7 ch. 3 "Jobs"; Microsoft Learn "Job Objects"): the child inherits
 *   the parent's job; PROCESS_CREATE_FLAGS_BREAKAWAY (CREATE_BREAKAWAY_FROM_JOB) leaves it when the
 *   job has JOB_OBJECT_LIMIT_BREAKAWAY_OK, else STATUS_ACCESS_DENIED; JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK
 *   leaves it always. PsAttributeJobList's handles need JOB_OBJECT_ASSIGN_PROCESS; as the model has
 *   no nested jobs, the list may name one job (repeats allowed), and only the inherited one if
 *   the child inherits a job — another is STATUS_ACCESS_DENIED, as NtAssignProcessToJobObject.
 *   The job's active-process limit refuses the process with STATUS_QUOTA_EXCEEDED.
 * Job references go into `jobRefs` (the caller releases them).
 */
function selectAttributes(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateUserProcessParameters,
  parent: EPROCESS,
  jobRefs: ObjectHeader[],
): { status: NTSTATUS; job?: EJOB | null } {
  const a = p.AttributeList;
  if (a.SecureProcess !== undefined && !ps.vbsEnabled) return { status: STATUS.NOT_SUPPORTED };
  if (a.ProtectionLevel !== undefined) {
    const v = PspValidateProtectionLevel(a.ProtectionLevel);
    if (v !== STATUS.SUCCESS) return { status: v };
  }
  // PspValidateCreateProcessProtection runs for every creation (protection.ts).
  const allowed = ps.checkProtectedProcessCreation({
    creator: caller.process,
    parent,
    protection: a.ProtectionLevel ?? 0,
    imageName: a.ImageName,
    accessMode: caller.previousMode,
    inheritHandles: (p.ProcessFlags & PROCESS_CREATE_FLAGS.INHERIT_HANDLES) !== 0,
    handleList: a.HandleList !== undefined,
  });
  if (allowed !== STATUS.SUCCESS) return { status: allowed };
  const m64 = (v: bigint | undefined): boolean =>
    v === undefined || (typeof v === 'bigint' && v >= 0n && v < 1n << 64n);
  if (!m64(a.MitigationOptions) || !m64(a.MitigationOptions2)) return { status: STATUS.INVALID_PARAMETER };
  let job: EJOB | null = parent.Job;
  if (job) {
    const breakaway = (p.ProcessFlags & PROCESS_CREATE_FLAGS.BREAKAWAY) !== 0;
    if (job.LimitFlags & JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK) job = null;
    else if (breakaway) {
      if (!(job.LimitFlags & JOB_OBJECT_LIMIT_BREAKAWAY_OK)) return { status: STATUS.ACCESS_DENIED };
      job = null;
    }
  }
  for (const h of a.JobList ?? []) {
    const r = PspReferenceJobByHandle(ps, caller, h, JOB_OBJECT_ASSIGN_PROCESS);
    if (r.status !== STATUS.SUCCESS) return { status: r.status };
    jobRefs.push(r.header!);
    if (job && job !== r.job) return { status: STATUS.ACCESS_DENIED };
    job = r.job!;
  }
  if (job) {
    const limit = PspCheckJobLimits(job);
    if (limit !== STATUS.SUCCESS) return { status: limit };
  }
  return { status: STATUS.SUCCESS, job };
}

/**
 * The initial thread of NtCreateUserProcess (PspCreateThread with the process's first TEB): it
 * starts at the image's entry point (Win32StartAddress; the context is at RtlUserThreadStart),
 * suspended when THREAD_CREATE_FLAGS_CREATE_SUSPENDED.
 */
export function PspCreateInitialThread(
  ps: PsSystem,
  caller: PsCaller,
  process: EPROCESS,
  p: NtCreateUserProcessParameters,
  section: Section,
): { status: NTSTATUS; thread?: ETHREAD; handle?: number } {
  return PspCreateThread(ps, caller, process, {
    desiredAccess: PspCreatorDesiredAccess(
      caller.previousMode,
      caller.process,
      process,
      p.ThreadDesiredAccess,
      'Thread',
    ),
    attributes: p.ThreadObjectAttributes?.Attributes ?? 0,
    startAddress: process.SectionBaseAddress + (section.image!.information().TransferAddress || 0),
    createSuspended: (p.ThreadFlags & THREAD_CREATE_FLAGS.CREATE_SUSPENDED) !== 0,
    initialThread: true,
    image: section.image,
  });
}

export { NtCurrentProcess };
