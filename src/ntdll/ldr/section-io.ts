import { STATUS, type NTSTATUS } from '../../base/index.js';
import { NtCurrentProcess, type UserThreadContext } from './context.js';

const SYNCHRONIZE = 0x100000;
const FILE_SHARE_READ = 0x1;
const FILE_SHARE_DELETE = 0x4;
const FILE_NON_DIRECTORY_FILE = 0x40;
const FILE_SYNCHRONOUS_IO_NONALERT = 0x20;
const ViewUnmap = 2;

/**
 * A section over a file, as the loader makes them: NtOpenFile (synchronous, not a directory,
 * shared for reading and deletion), NtCreateSection over the handle, the file handle closed. The
 * section handle, or the failing status.
 */
export function LdrpCreateFileSection(
  ctx: UserThreadContext,
  ntPath: string,
  o: { fileAccess: number; sectionAccess: number; pageProtection: number; allocationAttributes: number },
): { status: NTSTATUS; section?: number } {
  const f = ctx.nt.NtOpenFile({
    DesiredAccess: SYNCHRONIZE | o.fileAccess,
    ObjectAttributes: { ObjectName: ntPath },
    ShareAccess: FILE_SHARE_READ | FILE_SHARE_DELETE,
    OpenOptions: FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT,
  });
  if (f.status !== STATUS.SUCCESS) return { status: f.status };
  const file = Number(f.out!.FileHandle);
  const s = ctx.nt.NtCreateSection({
    DesiredAccess: o.sectionAccess,
    ObjectAttributes: null,
    MaximumSize: null,
    SectionPageProtection: o.pageProtection,
    AllocationAttributes: o.allocationAttributes,
    FileHandle: file,
  });
  ctx.nt.NtClose({ Handle: file });
  return s.status === STATUS.SUCCESS
    ? { status: s.status, section: Number(s.out!.SectionHandle) }
    : { status: s.status };
}

/** NtMapViewOfSection of a whole section into this process (ViewUnmap), anywhere. */
export function LdrpMapWholeView(
  ctx: UserThreadContext,
  section: number,
  protect: number,
): ReturnType<UserThreadContext['nt']['NtMapViewOfSection']> {
  return ctx.nt.NtMapViewOfSection({
    SectionHandle: section,
    ProcessHandle: NtCurrentProcess,
    BaseAddress: 0,
    ZeroBits: 0,
    CommitSize: 0,
    SectionOffset: 0,
    ViewSize: 0,
    InheritDisposition: ViewUnmap,
    AllocationType: 0,
    Win32Protect: protect,
  });
}
