import { STATUS, type NTSTATUS } from '../../base/index.js';
import { queryWin32Value, readRegSz } from '../cm/index.js';
import { IoReadFile } from '../io/index.js';
import {
  AddressSpace,
  MmCreatePeb,
  MmCreateTeb,
  MmInitializeProcessAddressSpace,
  MmMapViewOfSection,
  writeProcessParameters,
  type ProcessParametersInput,
  type Section,
  type SectionImageInformation,
} from '../mm/index.js';
import {
  NtCurrentProcess,
  ObCreateObject,
  ObDereferenceObject,
  ObInitProcess,
  ObInsertObject,
  ObCloseHandle,
  ObKillProcess,
  ObReferenceObject,
  ObReferenceObjectByHandle,
  type ObjectHeader,
} from '../ob/index.js';
import {
  KernelMode,
  PROCESS_CREATE_PROCESS,
  SepDuplicateToken,
  TokenPrimary,
  SecurityAnonymous,
  type KPROCESSOR_MODE,
  type TOKEN,
} from '../se/index.js';
import {
  PROCESS_CREATE_FLAGS,
  PROCESS_CREATE_FLAGS_USER_VALID,
  PsCreateState,
  THREAD_CREATE_FLAGS,
  THREAD_CREATE_FLAGS_VALID,
  type PS_CREATE_STATE,
} from './constants.js';
import { EPROCESS, ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';

/** The decoded PS_ATTRIBUTE_LIST (reference §3.3): inputs, and outputs filled on success. */
export interface PsAttributeList {
  /** PsAttributeImageName: the image's NT path (`\??\C:\Windows\System32\notepad.exe`). */
  ImageName: string;
  /** PsAttributeParentProcess: a handle to the process to inherit from (parent spoofing). */
  ParentProcess?: number;
  /** PsAttributeToken, for kernel-mode callers and CreateProcessAsUser: the primary token. */
  Token?: TOKEN;
  /** PsAttributeHandleList: inherit only these (strictly ascending) handles. */
  HandleList?: number[];
  /** PsAttributeProtectionLevel: PS_PROTECTION (enforced by issue #8's rules). */
  ProtectionLevel?: number;
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

/** The caller of a system service: its process and thread, and PreviousMode. */
export interface PsCaller {
  process: EPROCESS;
  thread: ETHREAD | null;
  previousMode: KPROCESSOR_MODE;
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
const IMAGE_SUBSYSTEM_NATIVE = 1;
const NTDLL_PATH = '\\??\\C:\\Windows\\System32\\ntdll.dll';

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
  const { ob, mm, trace, registry } = ps.deps;
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
    const r = ObReferenceObjectByHandle(ob, {
      handle: p.AttributeList.ParentProcess,
      desiredAccess: PROCESS_CREATE_PROCESS,
      type: ps.processType,
      accessMode: caller.previousMode,
      process: caller.process,
      currentProcess: caller.process.header ?? undefined,
    } as never);
    if (r.status !== STATUS.SUCCESS) return fail(r.status);
    parentRef = r.object!;
    parent = r.object!.body as EPROCESS;
  }
  const release = (): void => {
    if (parentRef) ObDereferenceObject(ob, parentRef);
  };

  // Stage 2: open the image file and create its (shared, cached) image section.
  const file = trace.call(
    { layer: 'kernel', module: 'nt', fn: 'IoCreateFileEx', channel: 'io', args: { name: imageName } },
    () => {
      const r = IoReadFile(ob.namespace, imageName);
      return { status: r.status, value: r.data };
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
      const r = mm.imageSection(imageName, () => file.value!);
      return { status: r.status, value: r.value };
    },
  );
  if (!sectionResult.value) {
    release();
    return fail(sectionResult.status, PsCreateState.PsCreateFailOnSectionCreate);
  }
  const section: Section = sectionResult.value;
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
    const dbg = queryWin32Value(registry, key, 'Debugger');
    ifeoExists =
      dbg.status !== STATUS.OBJECT_NAME_NOT_FOUND ||
      queryWin32Value(registry, key, '').status !== STATUS.OBJECT_NAME_NOT_FOUND;
    const debuggerCommand = dbg.value ? readRegSz(dbg.value) : null;
    if (debuggerCommand) {
      release();
      p.CreateInfo.IFEOKey = key;
      return fail(STATUS.UNSUCCESSFUL, PsCreateState.PsCreateFailExeName);
    }
  }

  const created = PspAllocateProcess(ps, caller, parent, p, section, imageName, ifeoExists);
  release();
  if (created.status !== STATUS.SUCCESS) return fail(created.status);
  const process = created.process!;
  const inserted = PspInsertProcess(ps, caller, process, p);
  if (inserted.status !== STATUS.SUCCESS) {
    PspDestroyPartialProcess(ps, caller, process);
    return fail(inserted.status);
  }
  const thread = PspCreateInitialThread(ps, caller, process, p, section);
  if (thread.status !== STATUS.SUCCESS) {
    PspDestroyPartialProcess(ps, caller, process, inserted.handle);
    return fail(thread.status);
  }
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
 * PspAllocateProcess: the EPROCESS and its object, the token (SeSubProcessToken: a primary copy of
 * the parent's, or the attribute's), the handle table (ObInitProcess: inheritance), the address
 * space with the image, ntdll and KUSER_SHARED_DATA (MmInitializeProcessAddressSpace), the process
 * parameters and the PEB (MmCreatePeb).
 */
export function PspAllocateProcess(
  ps: PsSystem,
  caller: PsCaller,
  parent: EPROCESS,
  p: NtCreateUserProcessParameters,
  section: Section,
  imageName: string,
  ifeoExists: boolean,
): { status: NTSTATUS; process?: EPROCESS } {
  const { ob, mm, luids, clock, trace } = ps.deps;
  const outcome = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PspAllocateProcess',
      channel: 'ps',
      args: { parent: parent.UniqueProcessId },
    },
    (): { status: NTSTATUS; value?: EPROCESS } => {
      const process = new EPROCESS();
      process.InheritedFromUniqueProcessId = parent.UniqueProcessId;
      process.ImageFileName = baseName(imageName).slice(0, 15);
      process.imageFileNtPath = imageName;
      process.SectionObject = section;
      process.CreateTime = clock.now();
      const info = section.image!.information();
      process.kind = info.SubSystemType === IMAGE_SUBSYSTEM_NATIVE ? 'native' : 'win32';
      // SeSubProcessToken: the child gets a primary copy of the parent's token (or the given one).
      const parentToken = p.AttributeList.Token ?? parent.Token;
      if (!parentToken) return { status: STATUS.NO_TOKEN };
      process.Token = p.AttributeList.Token
        ? p.AttributeList.Token
        : trace.call(
            { layer: 'kernel', module: 'nt', fn: 'SeSubProcessToken', channel: 'se', args: {} },
            () => ({
              status: STATUS.SUCCESS,
              value: SepDuplicateToken(parentToken, false, TokenPrimary, SecurityAnonymous, luids),
            }),
          ).value!;
      process.SessionId = process.Token.sessionId;
      const obj = ObCreateObject(ob, {
        type: ps.processType,
        body: process,
        attributes: p.ProcessObjectAttributes?.Attributes ?? 0,
        accessMode: caller.previousMode,
      });
      if (!obj.object) return { status: obj.status };
      process.header = obj.object as ObjectHeader<EPROCESS>;
      const inherit = (p.ProcessFlags & PROCESS_CREATE_FLAGS.INHERIT_HANDLES) !== 0;
      const handleList = p.AttributeList.HandleList;
      const hs = ObInitProcess(
        ob,
        inherit ? parent : null,
        process,
        handleList ? { handleList: [...handleList].sort((a, b) => a - b) } : {},
      );
      if (hs !== STATUS.SUCCESS) {
        ObDereferenceObject(ob, process.header);
        return { status: hs };
      }
      const undo = (status: NTSTATUS): { status: NTSTATUS } => {
        ObKillProcess(ob, process);
        ObDereferenceObject(ob, process.header!);
        return { status };
      };
      const as = new AddressSpace();
      process.addressSpace = as;
      const mappedOutcome = trace.call(
        { layer: 'kernel', module: 'nt', fn: 'MmInitializeProcessAddressSpace', channel: 'mm', args: {} },
        () => {
          const r = MmInitializeProcessAddressSpace(mm, as, { imageSection: section });
          return { status: r.status, value: r.imageView };
        },
      );
      if (!mappedOutcome.value) return undo(mappedOutcome.status);
      const imageView = mappedOutcome.value;
      process.imageView = imageView;
      process.SectionBaseAddress = imageView.baseAddress;
      // PspMapSystemDll: ntdll goes into every process that has a user-mode address space.
      const ntdll = mm.imageSection(
        NTDLL_PATH,
        () => IoReadFile(ob.namespace, NTDLL_PATH).data ?? new Uint8Array(0),
      );
      if (!ntdll.value) return undo(ntdll.status);
      const ntdllView = MmMapViewOfSection(mm, ntdll.value, as);
      if (!ntdllView.view) return undo(ntdllView.status);
      const params = writeProcessParameters(mm, as, p.ProcessParameters);
      if (!params.value) return undo(params.status);
      process.processParameters = params.value.address;
      process.imagePath = p.ProcessParameters.imagePathName;
      process.commandLine = p.ProcessParameters.commandLine;
      process.currentDirectory = p.ProcessParameters.currentDirectory;
      const schema = ps.deps.apiSetSchema;
      const peb = trace.call(
        { layer: 'kernel', module: 'nt', fn: 'MmCreatePeb', channel: 'mm', args: {} },
        () =>
          MmCreatePeb(mm, as, {
            imageBase: imageView.baseAddress,
            image: section,
            apiSetSchema: schema ? mm.apiSetSection(schema) : null,
            processParameters: params.value!.address,
            sessionId: process.SessionId,
            readImageFileExecOptions: ifeoExists,
          }),
      );
      if (!peb.value) return undo(peb.status);
      process.Peb = peb.value.peb;
      return { status: STATUS.SUCCESS, value: process };
    },
  );
  return outcome.value ? { status: outcome.status, process: outcome.value } : { status: outcome.status };
}

/**
 * PspInsertProcess: a CID (UniqueProcessId), PsActiveProcessHead, the process notify routines (an
 * Ex routine may refuse: its CreationStatus fails the creation), and the caller's handle.
 */
export function PspInsertProcess(
  ps: PsSystem,
  caller: PsCaller,
  process: EPROCESS,
  p: NtCreateUserProcessParameters,
): { status: NTSTATUS; handle?: number } {
  const { ob, trace } = ps.deps;
  return trace.call(
    { layer: 'kernel', module: 'nt', fn: 'PspInsertProcess', channel: 'ps', args: {} },
    (span): { status: NTSTATUS; value?: number; handle?: number } => {
      process.UniqueProcessId = ps.cid.create(process);
      span.note(`PID ${process.UniqueProcessId}`);
      const veto = ps.notify.notifyProcessCreate(process, process.UniqueProcessId, {
        ParentProcessId: process.InheritedFromUniqueProcessId,
        CreatingThreadId: {
          UniqueProcess: caller.process.UniqueProcessId,
          UniqueThread: caller.thread?.Cid.UniqueThread ?? 0,
        },
        ImageFileName: process.imageFileNtPath,
        CommandLine: process.commandLine,
        FileOpenNameAvailable: true,
        IsSubsystemProcess: false,
      });
      if (veto !== STATUS.SUCCESS) {
        ps.cid.destroy(process.UniqueProcessId);
        process.UniqueProcessId = 0;
        return { status: veto };
      }
      ps.activeProcesses.push(process);
      // A live process is referenced by the system until it exits (PspExitProcess drops it).
      ObReferenceObject(process.header!);
      const ins = ObInsertObject(ob, process.header!, {
        desiredAccess: p.ProcessDesiredAccess,
        process: caller.process,
        accessMode: caller.previousMode,
        referenceObject: false,
      });
      if (ins.status !== STATUS.SUCCESS) {
        ps.activeProcesses.splice(ps.activeProcesses.indexOf(process), 1);
        ps.cid.destroy(process.UniqueProcessId);
        return { status: ins.status };
      }
      return { status: STATUS.SUCCESS, value: ins.handle, handle: ins.handle };
    },
  );
}

/**
 * PspAllocateThread + PspInsertThread for the initial thread: a TID from the CID table, the TEB and
 * user stack (MmCreateTeb), the context at ntdll!RtlUserThreadStart, the thread notify routines,
 * the caller's handle, and — unless THREAD_CREATE_FLAGS_CREATE_SUSPENDED — ready to run.
 */
export function PspCreateInitialThread(
  ps: PsSystem,
  caller: PsCaller,
  process: EPROCESS,
  p: NtCreateUserProcessParameters,
  section: Section,
): { status: NTSTATUS; thread?: ETHREAD; handle?: number } {
  const { ob, mm, trace, clock } = ps.deps;
  const outcome = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PspCreateThread',
      channel: 'ps',
      args: { pid: process.UniqueProcessId },
    },
    (span): { status: NTSTATUS; value?: { thread: ETHREAD; handle: number } } => {
      const tid = ps.cid.create(process); // reserved now, the thread object takes it below
      const thread = new ETHREAD(process, tid);
      thread.CreateTime = clock.now();
      const teb = MmCreateTeb(mm, process.addressSpace!, {
        peb: process.Peb,
        clientId: { uniqueProcess: thread.Cid.UniqueProcess, uniqueThread: thread.Cid.UniqueThread },
        image: section.image,
        initialThread: true,
      });
      if (!teb.value) {
        ps.cid.destroy(tid);
        return { status: teb.status };
      }
      thread.Teb = teb.value.teb;
      thread.stackBase = teb.value.stackBase;
      thread.stackLimit = teb.value.stackLimit;
      thread.Win32StartAddress =
        process.SectionBaseAddress + (section.image!.information().TransferAddress || 0);
      const obj = ObCreateObject(ob, { type: ps.threadType, body: thread, accessMode: caller.previousMode });
      if (!obj.object) {
        ps.cid.destroy(tid);
        return { status: obj.status };
      }
      thread.header = obj.object as ObjectHeader<ETHREAD>;
      ObReferenceObject(thread.header); // the running thread's own reference, dropped at exit
      process.threads.push(thread);
      for (const r of ps.notify.thread.routines) r(process.UniqueProcessId, tid, true);
      const ins = ObInsertObject(ob, thread.header, {
        desiredAccess: p.ThreadDesiredAccess,
        process: caller.process,
        accessMode: caller.previousMode,
      });
      if (ins.status !== STATUS.SUCCESS) {
        process.threads.pop();
        ps.cid.destroy(tid);
        return { status: ins.status };
      }
      const suspended = (p.ThreadFlags & THREAD_CREATE_FLAGS.CREATE_SUSPENDED) !== 0;
      thread.SuspendCount = suspended ? 1 : 0;
      thread.State = suspended ? 'Waiting' : 'Ready';
      span.note(`TID ${tid}${suspended ? ' (suspended)' : ''}`);
      return { status: STATUS.SUCCESS, value: { thread, handle: ins.handle! } };
    },
  );
  return outcome.value
    ? { status: outcome.status, thread: outcome.value.thread, handle: outcome.value.handle }
    : { status: outcome.status };
}

/**
 * Undoes a creation that failed at or after PspInsertProcess: the caller's handle is closed, the
 * system's reference of a live process dropped (or, if it never got in, the creation reference),
 * so the delete procedure frees the CID — no process, CID, handle or mapping stays.
 */
function PspDestroyPartialProcess(ps: PsSystem, caller: PsCaller, process: EPROCESS, handle?: number): void {
  const { ob } = ps.deps;
  ObKillProcess(ob, process);
  process.addressSpace = null;
  const at = ps.activeProcesses.indexOf(process);
  if (at >= 0) ps.activeProcesses.splice(at, 1);
  if (handle !== undefined) ObCloseHandle(ob, caller.process, handle, KernelMode);
  if (process.header && !process.header.deleted) ObDereferenceObject(ob, process.header);
}

export { NtCurrentProcess };
