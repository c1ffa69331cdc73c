import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  FILE_ATTRIBUTE_ARCHIVE,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_ATTRIBUTE_VALID_FLAGS,
  FILE_COMPLETE_IF_OPLOCKED,
  FILE_CREATE,
  FILE_DELETE_ON_CLOSE,
  FILE_DIRECTORY_FILE,
  FILE_MAXIMUM_DISPOSITION,
  FILE_NO_COMPRESSION,
  FILE_NO_INTERMEDIATE_BUFFERING,
  FILE_NON_DIRECTORY_FILE,
  FILE_OBJECT,
  FILE_OPEN,
  FILE_OPEN_BY_FILE_ID,
  FILE_OPEN_FOR_BACKUP_INTENT,
  FILE_OPEN_FOR_FREE_SPACE_QUERY,
  FILE_OPEN_IF,
  FILE_OPEN_REPARSE_POINT,
  FILE_OPENED,
  FILE_RESERVE_OPFILTER,
  FILE_SHARE_DELETE,
  FILE_SHARE_READ,
  FILE_SHARE_VALID_FLAGS,
  FILE_SHARE_WRITE,
  FILE_SYNCHRONOUS_IO_ALERT,
  FILE_SYNCHRONOUS_IO_NONALERT,
  FILE_VALID_OPTION_FLAGS,
  FILE_WRITE_THROUGH,
  FO_ALERTABLE_IO,
  FO_SYNCHRONOUS_IO,
  IoStatFile,
} from '../io/index.js';
import {
  KernelMode,
  OBJ_FORCE_ACCESS_CHECK,
  OBJ_INHERIT,
  OBJ_KERNEL_HANDLE,
  OBJ_VALID_ATTRIBUTES,
  ObCreateObject,
  ObInsertObject,
} from '../ob/index.js';
import {
  DELETE,
  FILE_APPEND_DATA,
  FILE_EXECUTE,
  FILE_READ_DATA,
  FILE_WRITE_DATA,
  IopFileMapping,
  RtlMapGenericMask,
  SYNCHRONIZE,
} from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspObjectAttributesPath, type OBJECT_ATTRIBUTES } from './object-attributes.js';
import type { PsSystem } from './ps-system.js';

/** IO_STATUS_BLOCK: the final status and the request's information (FILE_OPENED for an open). */
export interface IO_STATUS_BLOCK {
  Status: NTSTATUS;
  Information: number;
}

export interface NtOpenFileParameters {
  DesiredAccess: number;
  ObjectAttributes?: OBJECT_ATTRIBUTES | null;
  /** FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE. */
  ShareAccess?: number;
  /** FILE_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE, FILE_SYNCHRONOUS_IO_NONALERT, … */
  OpenOptions?: number;
}

export interface NtCreateFileParameters {
  DesiredAccess: number;
  ObjectAttributes?: OBJECT_ATTRIBUTES | null;
  FileAttributes?: number;
  ShareAccess?: number;
  /** FILE_OPEN is the only disposition the model carries out. */
  CreateDisposition: number;
  CreateOptions?: number;
}

/** FILE_BASIC_INFORMATION (NtQueryAttributesFile): times as 100 ns since 1601 (LARGE_INTEGER). */
export interface FILE_BASIC_INFORMATION {
  CreationTime: bigint;
  LastAccessTime: bigint;
  LastWriteTime: bigint;
  ChangeTime: bigint;
  FileAttributes: number;
}

/** The options a directory open may carry (the list IoCreateFileEx checks FILE_DIRECTORY_FILE against). */
const DIRECTORY_OPTIONS =
  FILE_DIRECTORY_FILE |
  FILE_SYNCHRONOUS_IO_ALERT |
  FILE_SYNCHRONOUS_IO_NONALERT |
  FILE_WRITE_THROUGH |
  FILE_COMPLETE_IF_OPLOCKED |
  FILE_OPEN_FOR_BACKUP_INTENT |
  FILE_DELETE_ON_CLOSE |
  FILE_OPEN_FOR_FREE_SPACE_QUERY |
  FILE_OPEN_BY_FILE_ID |
  FILE_NO_COMPRESSION |
  FILE_OPEN_REPARSE_POINT;

/**
 * IoCreateFileEx's IO_CHECK_CREATE_PARAMETERS, done for every user-mode NtCreateFile/NtOpenFile
 * (ReactOS io/iomgr/file.c IoCreateFileEx): each of these is STATUS_INVALID_PARAMETER — attribute,
 * share or option bits outside the valid masks; a disposition past FILE_OVERWRITE_IF; synchronous
 * I/O without SYNCHRONIZE, or both kinds; FILE_DELETE_ON_CLOSE without DELETE; FILE_DIRECTORY_FILE
 * with FILE_NON_DIRECTORY_FILE, with an option a directory cannot take or a disposition other than
 * FILE_CREATE/FILE_OPEN/FILE_OPEN_IF; FILE_COMPLETE_IF_OPLOCKED with FILE_RESERVE_OPFILTER; and
 * FILE_NO_INTERMEDIATE_BUFFERING with FILE_APPEND_DATA.
 */
function IopCheckCreateParameters(
  desiredAccess: number,
  fileAttributes: number,
  shareAccess: number,
  disposition: number,
  options: number,
): NTSTATUS {
  const sync = options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT);
  const bad =
    fileAttributes & ~FILE_ATTRIBUTE_VALID_FLAGS ||
    shareAccess & ~FILE_SHARE_VALID_FLAGS ||
    disposition < 0 ||
    disposition > FILE_MAXIMUM_DISPOSITION ||
    options & ~FILE_VALID_OPTION_FLAGS ||
    (sync && !(desiredAccess & SYNCHRONIZE)) ||
    (options & FILE_DELETE_ON_CLOSE && !(desiredAccess & DELETE)) ||
    sync === (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) ||
    (options & FILE_DIRECTORY_FILE && options & FILE_NON_DIRECTORY_FILE) ||
    (options & FILE_DIRECTORY_FILE &&
      (options & ~DIRECTORY_OPTIONS ||
        (disposition !== FILE_CREATE && disposition !== FILE_OPEN && disposition !== FILE_OPEN_IF))) ||
    (options & FILE_COMPLETE_IF_OPLOCKED && options & FILE_RESERVE_OPFILTER) ||
    (options & FILE_NO_INTERMEDIATE_BUFFERING && desiredAccess & FILE_APPEND_DATA);
  return bad ? STATUS.INVALID_PARAMETER : STATUS.SUCCESS;
}

/**
 * The open itself (IopCreateFile → ObOpenObjectByName → IopParseDevice → the file system's
 * IRP_MJ_CREATE, reduced to what the model's file systems can say): the name is resolved through
 * the namespace to a volume and looked up there — a miss is the lookup's status
 * (STATUS_OBJECT_NAME_NOT_FOUND, STATUS_OBJECT_PATH_NOT_FOUND, STATUS_OBJECT_NAME_INVALID; a path
 * ending at an object that is not a volume STATUS_OBJECT_TYPE_MISMATCH) —; FILE_NON_DIRECTORY_FILE
 * on a directory is STATUS_FILE_IS_A_DIRECTORY and FILE_DIRECTORY_FILE on a file
 * STATUS_NOT_A_DIRECTORY (Microsoft Learn ZwCreateFile, CreateOptions). The new FILE_OBJECT is
 * unnamed; its handle gets DesiredAccess (generic rights mapped with IopFileMapping — the model's
 * files have no security descriptors, so nothing is refused). A failure leaves no object or handle.
 */
function IopOpenFile(
  ps: PsSystem,
  caller: PsCaller,
  p: { DesiredAccess: number; ObjectAttributes?: OBJECT_ATTRIBUTES | null; FileAttributes: number },
  shareAccess: number,
  disposition: number,
  options: number,
): { status: NTSTATUS; FileHandle?: number; IoStatusBlock?: IO_STATUS_BLOCK } {
  const { ob } = ps.deps;
  const access = p.DesiredAccess >>> 0;
  if (caller.previousMode !== KernelMode) {
    const checked = IopCheckCreateParameters(access, p.FileAttributes, shareAccess, disposition, options);
    if (checked !== STATUS.SUCCESS) return { status: checked };
  }
  const oa = p.ObjectAttributes;
  if (!oa) return { status: STATUS.INVALID_PARAMETER };
  const attributes = oa.Attributes ?? 0;
  if (attributes & ~OBJ_VALID_ATTRIBUTES) return { status: STATUS.INVALID_PARAMETER };
  const named = PspObjectAttributesPath(ps, caller, oa);
  if (named.status !== STATUS.SUCCESS) return { status: named.status };
  const path = named.path!;
  const st = IoStatFile(ob.namespace, path);
  if (st.status !== STATUS.SUCCESS) return { status: st.status };
  const entry = st.entry!;
  const resolved = st.file!;
  if (entry.isDirectory && options & FILE_NON_DIRECTORY_FILE) return { status: STATUS.FILE_IS_A_DIRECTORY };
  if (!entry.isDirectory && options & FILE_DIRECTORY_FILE) return { status: STATUS.NOT_A_DIRECTORY };
  const mapped = RtlMapGenericMask(access, IopFileMapping);
  const file = new FILE_OBJECT({
    DeviceObject: resolved.volume!,
    FileName: '\\' + resolved.components.join('\\'),
    openedName: path,
    devicePath: resolved.devicePath,
    components: resolved.components,
    isDirectory: entry.isDirectory,
    version: entry.version ?? 0,
    size: entry.size,
    ReadAccess: (mapped & (FILE_READ_DATA | FILE_EXECUTE)) !== 0,
    WriteAccess: (mapped & (FILE_WRITE_DATA | FILE_APPEND_DATA)) !== 0,
    DeleteAccess: (mapped & DELETE) !== 0,
    SharedRead: (shareAccess & FILE_SHARE_READ) !== 0,
    SharedWrite: (shareAccess & FILE_SHARE_WRITE) !== 0,
    SharedDelete: (shareAccess & FILE_SHARE_DELETE) !== 0,
    Flags:
      (options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT) ? FO_SYNCHRONOUS_IO : 0) |
      (options & FILE_SYNCHRONOUS_IO_ALERT ? FO_ALERTABLE_IO : 0),
  });
  const created = ObCreateObject(ob, {
    type: ps.fileType.typeInfo,
    body: file,
    attributes: attributes & (OBJ_INHERIT | OBJ_KERNEL_HANDLE | OBJ_FORCE_ACCESS_CHECK),
    accessMode: caller.previousMode,
  });
  if (!created.object) return { status: created.status };
  const ins = ObInsertObject(ob, created.object, {
    desiredAccess: access,
    process: caller.process,
    accessMode: caller.previousMode,
  });
  if (ins.status !== STATUS.SUCCESS) return { status: ins.status };
  return {
    status: STATUS.SUCCESS,
    FileHandle: ins.handle!,
    IoStatusBlock: { Status: STATUS.SUCCESS, Information: FILE_OPENED },
  };
}

/**
 * NtOpenFile (Microsoft Learn ZwOpenFile: NtCreateFile with FILE_OPEN and no attributes): a handle
 * to an existing file or directory, and IoStatusBlock {STATUS_SUCCESS, FILE_OPENED}. What the
 * loader does to map a DLL: NtOpenFile(SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, FILE_SHARE_READ |
 * FILE_SHARE_DELETE, FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT) and then
 * NtCreateSection(SEC_IMAGE) on the handle. Statuses: see IopCheckCreateParameters and IopOpenFile.
 */
export function NtOpenFile(
  ps: PsSystem,
  caller: PsCaller,
  p: NtOpenFileParameters,
): { status: NTSTATUS; FileHandle?: number; IoStatusBlock?: IO_STATUS_BLOCK } {
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtOpenFile',
      channel: 'io',
      args: {
        name: p.ObjectAttributes?.ObjectName ?? null,
        DesiredAccess: p.DesiredAccess >>> 0,
        ShareAccess: p.ShareAccess ?? 0,
        OpenOptions: p.OpenOptions ?? 0,
      },
    },
    () => {
      const r = IopOpenFile(
        ps,
        caller,
        { ...p, FileAttributes: 0 },
        p.ShareAccess ?? 0,
        FILE_OPEN,
        p.OpenOptions ?? 0,
      );
      return { status: r.status, value: r, ...(r.FileHandle !== undefined ? { result: r.FileHandle } : {}) };
    },
  );
  return out.value ?? { status: out.status };
}

/**
 * NtCreateFile, for the disposition the model's file systems can honour through a handle:
 * FILE_OPEN (an existing file, as NtOpenFile). Creating, superseding or overwriting files through a
 * handle is not modelled: STATUS_NOT_IMPLEMENTED once the parameters are valid.
 */
export function NtCreateFile(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateFileParameters,
): { status: NTSTATUS; FileHandle?: number; IoStatusBlock?: IO_STATUS_BLOCK } {
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtCreateFile',
      channel: 'io',
      args: {
        name: p.ObjectAttributes?.ObjectName ?? null,
        DesiredAccess: p.DesiredAccess >>> 0,
        CreateDisposition: p.CreateDisposition,
        CreateOptions: p.CreateOptions ?? 0,
      },
    },
    () => {
      const options = p.CreateOptions ?? 0;
      const share = p.ShareAccess ?? 0;
      const attributes = p.FileAttributes ?? 0;
      if (caller.previousMode !== KernelMode) {
        const access = p.DesiredAccess >>> 0;
        const checked = IopCheckCreateParameters(access, attributes, share, p.CreateDisposition, options);
        if (checked !== STATUS.SUCCESS) return { status: checked };
      }
      if (p.CreateDisposition !== FILE_OPEN) return { status: STATUS.NOT_IMPLEMENTED };
      const r = IopOpenFile(ps, caller, { ...p, FileAttributes: attributes }, share, FILE_OPEN, options);
      return { status: r.status, value: r, ...(r.FileHandle !== undefined ? { result: r.FileHandle } : {}) };
    },
  );
  return out.value ?? { status: out.status };
}

/**
 * NtQueryAttributesFile (Microsoft Learn ZwQueryAttributesFile; what RtlDoesFileExists_U and the
 * loader's search probe): the FILE_BASIC_INFORMATION of a file by name, without a handle — nothing
 * is left behind, successful or not. Missing files are the lookup's status, as for NtOpenFile.
 * FileAttributes: FILE_ATTRIBUTE_DIRECTORY (0x10) for a directory; FILE_ATTRIBUTE_ARCHIVE (0x20)
 * for a file — NTFS sets the archive bit when a file is created or written, so files on a Windows
 * volume (System32's DLLs included) report it; FILE_ATTRIBUTE_NORMAL (0x80) means "no other
 * attribute" and is never combined (Microsoft Learn, "File Attribute Constants"). The model's file
 * systems keep no times: all four are 0.
 */
export function NtQueryAttributesFile(
  ps: PsSystem,
  caller: PsCaller,
  p: { ObjectAttributes?: OBJECT_ATTRIBUTES | null },
): { status: NTSTATUS; FileInformation?: FILE_BASIC_INFORMATION } {
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtQueryAttributesFile',
      channel: 'io',
      args: { name: p.ObjectAttributes?.ObjectName ?? null },
    },
    (): { status: NTSTATUS; value?: FILE_BASIC_INFORMATION } => {
      const oa = p.ObjectAttributes;
      if (!oa) return { status: STATUS.INVALID_PARAMETER };
      if ((oa.Attributes ?? 0) & ~OBJ_VALID_ATTRIBUTES) return { status: STATUS.INVALID_PARAMETER };
      const named = PspObjectAttributesPath(ps, caller, oa);
      if (named.status !== STATUS.SUCCESS) return { status: named.status };
      const st = IoStatFile(ps.deps.ob.namespace, named.path!);
      if (st.status !== STATUS.SUCCESS) return { status: st.status };
      return {
        status: STATUS.SUCCESS,
        value: {
          CreationTime: 0n,
          LastAccessTime: 0n,
          LastWriteTime: 0n,
          ChangeTime: 0n,
          FileAttributes: st.entry!.isDirectory ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE,
        },
      };
    },
  );
  return out.value ? { status: out.status, FileInformation: out.value } : { status: out.status };
}
