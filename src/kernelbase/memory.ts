import { STATUS } from '../base/index.js';
import type { UserThreadContext } from '../ntdll/index.js';
import type { Win32Result } from './loader.js';
import { failed, ok } from './process/result.js';

/**
 * ReadProcessMemory (Microsoft Learn; Wine dlls/kernelbase/memory.c): NtReadVirtualMemory, and
 * `*lpNumberOfBytesRead` is what it copied. A short copy fails with the status's error
 * (STATUS_PARTIAL_COPY → ERROR_PARTIAL_COPY) and still reports the bytes done.
 */
export function ReadProcessMemory(
  ctx: UserThreadContext,
  process: number,
  baseAddress: number,
  size: number,
): Win32Result & { buffer: Uint8Array; numberOfBytesRead: number } {
  const r = ctx.nt.NtReadVirtualMemory({
    ProcessHandle: process,
    BaseAddress: baseAddress,
    BufferSize: size,
  });
  const out = r.out as { Buffer?: Uint8Array; NumberOfBytesRead?: number } | undefined;
  const buffer = out?.Buffer ?? new Uint8Array(0);
  const numberOfBytesRead = Number(out?.NumberOfBytesRead ?? 0);
  const res = r.status === STATUS.SUCCESS ? ok(1) : failed(0, r.status);
  return { ...res, buffer, numberOfBytesRead };
}

/** WriteProcessMemory (Microsoft Learn; Wine memory.c): NtWriteVirtualMemory, as ReadProcessMemory. */
export function WriteProcessMemory(
  ctx: UserThreadContext,
  process: number,
  baseAddress: number,
  buffer: Uint8Array,
): Win32Result & { numberOfBytesWritten: number } {
  const r = ctx.nt.NtWriteVirtualMemory({
    ProcessHandle: process,
    BaseAddress: baseAddress,
    Buffer: buffer,
    BufferSize: buffer.length,
  });
  const numberOfBytesWritten = Number(
    (r.out as { NumberOfBytesWritten?: number } | undefined)?.NumberOfBytesWritten ?? 0,
  );
  const res = r.status === STATUS.SUCCESS ? ok(1) : failed(0, r.status);
  return { ...res, numberOfBytesWritten };
}

/** GENERIC_READ | SYNCHRONIZE … as CreateFileW passes them (winnt.h). */
const SYNCHRONIZE = 0x00100000;
const FILE_READ_ATTRIBUTES = 0x80;
const FILE_OPEN = 1;
const FILE_SYNCHRONOUS_IO_NONALERT = 0x20;
const FILE_NON_DIRECTORY_FILE = 0x40;
const INVALID_HANDLE_VALUE = 0xffffffff;
const OBJ_CASE_INSENSITIVE = 0x40;

/**
 * CreateFileW with OPEN_EXISTING (Wine dlls/kernelbase/file.c CreateFileW): the Win32 path as an NT
 * path (`\??\`), NtCreateFile(FILE_OPEN, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE) with
 * SYNCHRONIZE | FILE_READ_ATTRIBUTES added to the access asked for. The model opens existing files
 * only (no other disposition); a failure is INVALID_HANDLE_VALUE with the status's error.
 */
export function CreateFileW(
  ctx: UserThreadContext,
  fileName: string,
  desiredAccess: number,
  shareMode: number,
): Win32Result {
  const ntPath = /^[A-Za-z]:\\/.test(fileName) ? `\\??\\${fileName}` : fileName;
  const r = ctx.nt.NtCreateFile({
    DesiredAccess: (desiredAccess | SYNCHRONIZE | FILE_READ_ATTRIBUTES) >>> 0,
    ObjectAttributes: { ObjectName: ntPath, Attributes: OBJ_CASE_INSENSITIVE },
    FileAttributes: 0,
    ShareAccess: shareMode >>> 0,
    CreateDisposition: FILE_OPEN,
    CreateOptions: FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
  });
  return r.status === STATUS.SUCCESS
    ? ok(Number((r.out as { FileHandle?: number }).FileHandle))
    : failed(INVALID_HANDLE_VALUE, r.status);
}
