import { NT_SUCCESS, STATUS, type NTSTATUS } from '../../base/index.js';
import { IoReadFile } from '../io/index.js';
import {
  AddressSpace,
  MmCreatePeb,
  MmInitializeProcessAddressSpace,
  MmMapViewOfSection,
  writeProcessParameters,
  type ProcessParametersInput,
  type Section,
} from '../mm/index.js';
import {
  KernelMode,
  ObCloseHandle,
  ObCreateObject,
  ObDereferenceObject,
  ObInitProcess,
  ObInsertObject,
  ObKillProcess,
  ObReferenceObject,
  type ObjectHeader,
} from '../ob/index.js';
import type { TOKEN } from '../se/index.js';
import type { PsCaller } from './caller.js';
import {
  PS_PROCESS_FLAGS_CREATE_REPORTED,
  PS_PROCESS_FLAGS_NO_DEBUG_INHERIT,
  PS_PROCESS_FLAGS3_MINIMAL,
} from './constants.js';
import { DbgkCopyProcessDebugPort } from './dbgk.js';
import type { DEBUG_OBJECT } from './debug-object.js';
import { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { PspAssignPrimaryToken, PspProcessSecurityDescriptor, PspSelectPrimaryToken } from './security.js';

const IMAGE_SUBSYSTEM_NATIVE = 1;
const NTDLL_PATH = '\\??\\C:\\Windows\\System32\\ntdll.dll';

function baseName(ntPath: string): string {
  return ntPath.slice(ntPath.lastIndexOf('\\') + 1);
}

/** What PspAllocateProcess builds the process from. */
export interface PspAllocateProcessOptions {
  /** The process inherited from: the caller, or PsAttributeParentProcess / ParentProcess's. */
  parent: EPROCESS;
  /** OBJECT_ATTRIBUTES.Attributes of the process object (OBJ_INHERIT for the creator's handle …). */
  attributes?: number;
  /** PROCESS_CREATE_FLAGS_INHERIT_HANDLES. */
  inheritHandles?: boolean;
  /** PsAttributeHandleList: inherit only these handles. */
  handleList?: readonly number[];
  /** The explicit primary token (PsAttributeToken / TokenHandle), or null for a copy of the parent's. */
  token?: TOKEN | null;
  /** The image section, or null: a minimal process, or a system-like process with an empty space. */
  section: Section | null;
  /** The image's NT path, '' when there is no image. */
  imageName: string;
  /** PROCESS_CREATE_FLAGS_MINIMAL_PROCESS. */
  minimal?: boolean;
  /** RTL_USER_PROCESS_PARAMETERS to write (NtCreateUserProcess); NtCreateProcessEx's creator writes them itself. */
  processParameters?: ProcessParametersInput;
  /** The image's IFEO key exists (PEB.ReadImageFileExecOptions). */
  ifeoExists?: boolean;
  /** The debug object the process reports to (PsAttributeDebugObject, NtCreateProcessEx's DebugPort). */
  debugObject?: DEBUG_OBJECT | null;
  /** PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT (DEBUG_ONLY_THIS_PROCESS): EPROCESS.Flags.NoDebugInherit. */
  noDebugInherit?: boolean;
  /** PS_PROTECTION (PsAttributeProtectionLevel, validated): EPROCESS.Protection and the PEB bits. */
  protection?: number;
  /** EPROCESS.SignatureLevel / SectionSignatureLevel of a protected process (protected-image.ts). */
  signatureLevel?: number;
  sectionSignatureLevel?: number;
}

/**
 * PspAllocateProcess: the EPROCESS and its object (with its security descriptor), the primary token
 * (SeSubProcessToken: a primary copy of the parent's, or the explicit one), the handle table
 * (ObInitProcess: inheritance), and the address space:
 * - with an image section, MmInitializeProcessAddressSpace maps KUSER_SHARED_DATA and the image,
 *   PspMapSystemDll maps ntdll, the process parameters are written when given, and MmCreatePeb
 *   makes the PEB;
 * - a minimal process (PROCESS_CREATE_FLAGS_MINIMAL_PROCESS) gets an empty space: no image, no
 *   ntdll, no PEB, EPROCESS.Flags3.Minimal set (reference §7);
 * - no section and not minimal: an empty space with KUSER_SHARED_DATA only (WRK ps/create.c: the
 *   "system process" case of a process whose parent is System).
 * On failure nothing stays: the object's delete procedure gives back the token reference.
 */
export function PspAllocateProcess(
  ps: PsSystem,
  caller: PsCaller,
  o: PspAllocateProcessOptions,
): { status: NTSTATUS; process?: EPROCESS } {
  const { ob, mm, clock, trace } = ps.deps;
  const parent = o.parent;
  const outcome = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PspAllocateProcess',
      channel: 'ps',
      args: { parent: parent.UniqueProcessId, minimal: o.minimal ?? false },
    },
    (): { status: NTSTATUS; value?: EPROCESS } => {
      const process = new EPROCESS();
      process.InheritedFromUniqueProcessId = parent.UniqueProcessId;
      process.ImageFileName = baseName(o.imageName).slice(0, 15);
      process.imageFileNtPath = o.imageName;
      process.SectionObject = o.section;
      process.CreateTime = clock.now();
      process.Protection = (o.protection ?? 0) & 0xff;
      process.SignatureLevel = (o.signatureLevel ?? 0) & 0xff;
      process.SectionSignatureLevel = (o.sectionSignatureLevel ?? 0) & 0xff;
      const info = o.section?.image?.information();
      process.kind = o.minimal
        ? 'minimal'
        : !info
          ? 'system'
          : info.SubSystemType === IMAGE_SUBSYSTEM_NATIVE
            ? 'native'
            : 'win32';
      const parentToken = parent.Token;
      if (!parentToken && !o.token) return { status: STATUS.NO_TOKEN };
      const token = PspSelectPrimaryToken(ps, parentToken!, o.token ?? null);
      // The descriptor comes from the creator's token — the System process's when System is the
      // parent (WRK ps/create.c PspCreateProcess) — labelled with the new token's integrity.
      const creator = (parent === ps.systemProcess ? parent.Token : caller.process.Token) ?? token;
      const obj = ObCreateObject(ob, {
        type: ps.processType.typeInfo,
        body: process,
        attributes: o.attributes ?? 0,
        securityDescriptor: PspProcessSecurityDescriptor(creator, token),
        accessMode: caller.previousMode,
      });
      if (!obj.object) return { status: obj.status };
      process.header = obj.object as ObjectHeader<EPROCESS>;
      // The debug port (ReactOS ps/process.c PspCreateProcess): the given debug object, with
      // NoDebugInherit when asked; otherwise the parent's, unless it was made NoDebugInherit. The
      // PEB below says BeingDebugged when there is one (MmCreatePeb).
      if (o.debugObject) {
        process.DebugPort = o.debugObject;
        ObReferenceObject(o.debugObject.header!);
        if (o.noDebugInherit) process.Flags |= PS_PROCESS_FLAGS_NO_DEBUG_INHERIT;
      } else DbgkCopyProcessDebugPort(process, parent, PS_PROCESS_FLAGS_NO_DEBUG_INHERIT);
      const undo = (status: NTSTATUS): { status: NTSTATUS } => {
        ObKillProcess(ob, process);
        ObDereferenceObject(ob, process.header!);
        return { status };
      };
      const assigned = PspAssignPrimaryToken(ps, creator, process, token);
      if (assigned !== STATUS.SUCCESS) return undo(assigned);
      process.SessionId = token.sessionId;
      const hs = ObInitProcess(
        ob,
        o.inheritHandles ? parent : null,
        process,
        o.handleList ? { handleList: [...o.handleList].sort((a, b) => a - b) } : {},
      );
      if (hs !== STATUS.SUCCESS) return undo(hs);
      const as = new AddressSpace();
      process.addressSpace = as;
      if (o.minimal) {
        process.Flags3 |= PS_PROCESS_FLAGS3_MINIMAL;
        return { status: STATUS.SUCCESS, value: process };
      }
      const section = o.section;
      const mapped = trace.call(
        { layer: 'kernel', module: 'nt', fn: 'MmInitializeProcessAddressSpace', channel: 'mm', args: {} },
        () => {
          const r = MmInitializeProcessAddressSpace(mm, as, { imageSection: section });
          return { status: r.status, value: r };
        },
      );
      if (!NT_SUCCESS(mapped.status)) return undo(mapped.status);
      const imageView = mapped.value?.imageView;
      if (!section) return { status: STATUS.SUCCESS, value: process };
      if (!imageView) return undo(mapped.status);
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
      process.ntdllView = ntdllView.view;
      let parameters = 0;
      if (o.processParameters) {
        const params = writeProcessParameters(mm, as, o.processParameters);
        if (!params.value) return undo(params.status);
        parameters = params.value.address;
        process.processParameters = parameters;
        process.imagePath = o.processParameters.imagePathName;
        process.commandLine = o.processParameters.commandLine;
        process.currentDirectory = o.processParameters.currentDirectory;
      }
      const schema = ps.deps.apiSetSchema;
      const peb = trace.call(
        { layer: 'kernel', module: 'nt', fn: 'MmCreatePeb', channel: 'mm', args: {} },
        () =>
          MmCreatePeb(mm, as, {
            imageBase: imageView.baseAddress,
            image: section,
            apiSetSchema: schema ? mm.apiSetSection(schema) : null,
            ...(parameters ? { processParameters: parameters } : {}),
            sessionId: process.SessionId,
            readImageFileExecOptions: o.ifeoExists ?? false,
            beingDebugged: process.DebugPort !== null,
            // PEB.IsProtectedProcess for any protected level, IsProtectedProcessLight for a PPL
            // (PS_PROTECTION.Type PsProtectedTypeProtectedLight).
            isProtectedProcess: (process.Protection & 7) !== 0,
            isProtectedProcessLight: (process.Protection & 7) === 1,
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
 * PspCallProcessNotifyRoutines at creation (EPROCESS.Flags.CreateReported): Ex routines may refuse
 * (the first error in CreationStatus is the creation's status), then the legacy ones are told.
 */
export function PspCallProcessNotifyRoutines(ps: PsSystem, caller: PsCaller, process: EPROCESS): NTSTATUS {
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
  if (veto === STATUS.SUCCESS) process.Flags |= PS_PROCESS_FLAGS_CREATE_REPORTED;
  return veto;
}

/**
 * PspInsertProcess: a CID (UniqueProcessId), PsActiveProcessHead, the process notify routines (an
 * Ex routine may refuse: its CreationStatus fails the creation) unless `notify` is false — a
 * process from NtCreateProcessEx is reported when its first thread is made (WRK ps/create.c: "The
 * callout for creation happens just after the first thread in the process has been created"), a
 * minimal process never (only PsSetCreateProcessNotifyRoutineEx2's subsystem callbacks see those,
 * which the model does not have) — and the caller's handle with `desiredAccess`.
 */
export function PspInsertProcess(
  ps: PsSystem,
  caller: PsCaller,
  process: EPROCESS,
  desiredAccess: number,
  options: { notify?: boolean } = {},
): { status: NTSTATUS; handle?: number } {
  const { ob, trace } = ps.deps;
  return trace.call(
    { layer: 'kernel', module: 'nt', fn: 'PspInsertProcess', channel: 'ps', args: {} },
    (span): { status: NTSTATUS; value?: number; handle?: number } => {
      process.UniqueProcessId = ps.cid.create(process);
      span.note(`PID ${process.UniqueProcessId}`);
      if (options.notify ?? true) {
        const veto = PspCallProcessNotifyRoutines(ps, caller, process);
        if (veto !== STATUS.SUCCESS) {
          ps.cid.destroy(process.UniqueProcessId);
          process.UniqueProcessId = 0;
          return { status: veto };
        }
      }
      ps.activeProcesses.push(process);
      // A live process is referenced by the system until it exits (PspExitProcess drops it).
      ObReferenceObject(process.header!);
      const ins = ObInsertObject(ob, process.header!, {
        desiredAccess,
        process: caller.process,
        accessMode: caller.previousMode,
        referenceObject: false,
      });
      if (ins.status !== STATUS.SUCCESS) {
        // The creator's reference went with the failed insert; the system's is dropped by the
        // caller (PspDestroyPartialProcess), and the delete procedure frees the CID.
        ps.activeProcesses.splice(ps.activeProcesses.indexOf(process), 1);
        return { status: ins.status };
      }
      return { status: STATUS.SUCCESS, value: ins.handle, handle: ins.handle };
    },
  );
}

/**
 * Undoes a creation that failed at or after PspInsertProcess: the caller's handle is closed, the
 * system's reference of a live process dropped (or, if it never got in, the creation reference),
 * so the delete procedure frees the CID and the token — no process, CID, handle or mapping stays.
 */
export function PspDestroyPartialProcess(
  ps: PsSystem,
  caller: PsCaller,
  process: EPROCESS,
  handle?: number,
): void {
  const { ob } = ps.deps;
  ObKillProcess(ob, process);
  process.addressSpace = null;
  const at = ps.activeProcesses.indexOf(process);
  if (at >= 0) ps.activeProcesses.splice(at, 1);
  if (handle !== undefined) ObCloseHandle(ob, caller.process, handle, KernelMode);
  if (process.header && !process.header.deleted) ObDereferenceObject(ob, process.header);
}
