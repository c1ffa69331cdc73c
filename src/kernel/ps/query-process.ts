import { STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode, ObDereferenceObject, ObOpenObjectByPointer } from '../ob/index.js';
import { DEBUG_ALL_ACCESS } from './debug-object.js';
import { PROCESS_QUERY_INFORMATION, PROCESS_QUERY_LIMITED_INFORMATION } from '../se/index.js';
import type { PsCaller } from './caller.js';
import {
  PROCESSINFOCLASS,
  PS_PROCESS_FLAGS_BREAK_ON_TERMINATION,
  PS_PROCESS_FLAGS_NO_DEBUG_INHERIT,
} from './constants.js';
import { PspReferenceProcessByHandle } from './handles.js';
import { PspQueryMitigationPolicy, type PROCESS_MITIGATION_POLICY_INFORMATION } from './mitigation.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';

/** PROCESS_BASIC_INFORMATION (x64: 0x30 bytes). */
export interface PROCESS_BASIC_INFORMATION {
  ExitStatus: number;
  PebBaseAddress: number;
  AffinityMask: number;
  BasePriority: number;
  UniqueProcessId: number;
  InheritedFromUniqueProcessId: number;
}

/** UNICODE_STRING as a value: Length and MaximumLength in bytes, the characters in Buffer. */
export interface UNICODE_STRING {
  Length: number;
  MaximumLength: number;
  Buffer: string;
}

/** What NtQueryInformationProcess writes, by class. */
export type ProcessInformation =
  | PROCESS_BASIC_INFORMATION
  | UNICODE_STRING
  | { SessionId: number }
  | { HandleCount: number; HandleCountHighWatermark?: number }
  | PROCESS_MITIGATION_POLICY_INFORMATION
  | number;

export interface NtQueryInformationProcessParameters {
  ProcessHandle: number;
  ProcessInformationClass: number;
  /** The buffer's size; when given it must fit the class (STATUS_INFO_LENGTH_MISMATCH). */
  ProcessInformationLength?: number;
  /** The input part of an in/out class (ProcessMitigationPolicy: {Policy}). */
  ProcessInformation?: unknown;
}

const SIZEOF_UNICODE_STRING = 16;

interface ClassInfo {
  /** The rights the handle needs. */
  access: number;
  /** The accepted buffer sizes; null for a variable-sized answer (a UNICODE_STRING and its text). */
  sizes: readonly number[] | null;
  query(
    ps: PsSystem,
    process: EPROCESS,
    input: unknown,
    caller: PsCaller,
  ): { status: NTSTATUS; info?: ProcessInformation };
}

/** The string and its terminating NUL; an empty name is a zeroed UNICODE_STRING (Buffer NULL). */
function unicodeString(text: string): UNICODE_STRING {
  return { Length: text.length * 2, MaximumLength: text ? text.length * 2 + 2 : 0, Buffer: text };
}

/**
 * SeLocateProcessImageName: the image's NT name with the device (`\Device\HarddiskVolume3\…`), as
 * the object manager resolves the `\??\C:` the process was created from; empty for a process
 * without an image file (System: WRK ps/create.c gives it "a zero length UNICODE_STRING").
 */
function imageNtName(ps: PsSystem, process: EPROCESS): string {
  const path = process.imageFileNtPath;
  if (!path) return '';
  const r = ps.deps.ob.namespace.lookup(path);
  return r.status === STATUS.SUCCESS ? r.resolvedPath : path;
}

/** The Win32 form of the image name: `C:\Windows\…` for a `\??\C:\…` path. */
function imageWin32Name(process: EPROCESS): string {
  const path = process.imageFileNtPath;
  return path.startsWith('\\??\\') ? path.slice(4) : path;
}

/**
 * The classes the model answers, with the rights and sizes m417z/ntdoc "PROCESSINFOCLASS" gives
 * (phnt ntpsapi.h for the structures; x64 sizes).
 */
const CLASSES: ReadonlyMap<number, ClassInfo> = new Map<number, ClassInfo>([
  [
    PROCESSINFOCLASS.ProcessBasicInformation,
    {
      access: PROCESS_QUERY_LIMITED_INFORMATION,
      sizes: [0x30],
      query: (ps, p) => ({
        status: STATUS.SUCCESS,
        info: {
          ExitStatus: p.ExitStatus >>> 0,
          PebBaseAddress: p.Peb,
          AffinityMask: 2 ** ps.deps.mm.numberOfProcessors - 1,
          BasePriority: p.BasePriority,
          UniqueProcessId: p.UniqueProcessId,
          InheritedFromUniqueProcessId: p.InheritedFromUniqueProcessId,
        },
      }),
    },
  ],
  [
    // A DWORD_PTR: (DWORD_PTR)-1 while a debug object is attached, else 0 (Microsoft Learn
    // NtQueryInformationProcess: "a nonzero value indicates that the process is being run under the
    // control of a ring 3 debugger"; Wine ntdll/tests/info.c expects ~0 for a debugged child).
    PROCESSINFOCLASS.ProcessDebugPort,
    {
      access: PROCESS_QUERY_INFORMATION,
      sizes: [8],
      query: (_ps, p) => ({ status: STATUS.SUCCESS, info: p.DebugPort ? -1 : 0 }),
    },
  ],
  [
    // A HANDLE to the process's debug object, opened in the caller with all access; none attached is
    // STATUS_PORT_NOT_SET with a NULL handle written (Wine ntdll/tests/info.c
    // test_query_process_debug_object_handle, whose expectations are Windows').
    PROCESSINFOCLASS.ProcessDebugObjectHandle,
    {
      access: PROCESS_QUERY_INFORMATION,
      sizes: [8],
      query: (ps, p, _input, caller) => {
        const port = p.DebugPort;
        if (!port?.header || port.header.deleted) return { status: STATUS.PORT_NOT_SET, info: 0 };
        const h = ObOpenObjectByPointer(ps.deps.ob, port.header, {
          desiredAccess: DEBUG_ALL_ACCESS,
          type: ps.debugObjectType.typeInfo,
          accessMode: KernelMode,
          process: caller.process,
        });
        return h.status === STATUS.SUCCESS
          ? { status: STATUS.SUCCESS, info: h.handle! }
          : { status: h.status };
      },
    },
  ],
  [
    // A ULONG: PROCESS_DEBUG_INHERIT (1) unless the process was created with
    // PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT (DEBUG_ONLY_THIS_PROCESS) — Wine ntdll/tests/info.c
    // test_query_process_debug_flags: TRUE for itself, FALSE for its DEBUG_ONLY_THIS_PROCESS child.
    PROCESSINFOCLASS.ProcessDebugFlags,
    {
      access: PROCESS_QUERY_INFORMATION,
      sizes: [4],
      query: (_ps, p) => ({
        status: STATUS.SUCCESS,
        info: p.Flags & PS_PROCESS_FLAGS_NO_DEBUG_INHERIT ? 0 : 1,
      }),
    },
  ],
  [
    // A ULONG, or PROCESS_HANDLE_INFORMATION {HandleCount, HandleCountHighWatermark}.
    PROCESSINFOCLASS.ProcessHandleCount,
    {
      access: PROCESS_QUERY_LIMITED_INFORMATION,
      sizes: [4, 8],
      query: (_ps, p) => {
        const t = p.ObjectTable;
        if (!t) return { status: STATUS.PROCESS_IS_TERMINATING };
        return {
          status: STATUS.SUCCESS,
          info: { HandleCount: t.handleCount, HandleCountHighWatermark: t.highWaterMark },
        };
      },
    },
  ],
  [
    PROCESSINFOCLASS.ProcessSessionInformation,
    {
      access: PROCESS_QUERY_LIMITED_INFORMATION,
      sizes: [4],
      query: (_ps, p) => ({ status: STATUS.SUCCESS, info: { SessionId: p.SessionId } }),
    },
  ],
  [
    // The PEB32 of a WoW64 process, else 0 (the model runs x64 processes).
    PROCESSINFOCLASS.ProcessWow64Information,
    {
      access: PROCESS_QUERY_LIMITED_INFORMATION,
      sizes: [8],
      query: () => ({ status: STATUS.SUCCESS, info: 0 }),
    },
  ],
  [
    PROCESSINFOCLASS.ProcessImageFileName,
    {
      access: PROCESS_QUERY_LIMITED_INFORMATION,
      sizes: null,
      query: (ps, p) => ({ status: STATUS.SUCCESS, info: unicodeString(imageNtName(ps, p)) }),
    },
  ],
  [
    PROCESSINFOCLASS.ProcessBreakOnTermination,
    {
      access: PROCESS_QUERY_LIMITED_INFORMATION,
      sizes: [4],
      query: (_ps, p) => ({
        status: STATUS.SUCCESS,
        info: p.Flags & PS_PROCESS_FLAGS_BREAK_ON_TERMINATION ? 1 : 0,
      }),
    },
  ],
  [
    // Needs a file with a Win32 name: a process without an image fails (model: STATUS_UNSUCCESSFUL,
    // which QueryFullProcessImageNameW turns into ERROR_GEN_FAILURE).
    PROCESSINFOCLASS.ProcessImageFileNameWin32,
    {
      access: PROCESS_QUERY_LIMITED_INFORMATION,
      sizes: null,
      query: (_ps, p) =>
        p.imageFileNtPath
          ? { status: STATUS.SUCCESS, info: unicodeString(imageWin32Name(p)) }
          : { status: STATUS.UNSUCCESSFUL },
    },
  ],
  [
    // PROCESS_MITIGATION_POLICY_INFORMATION {Policy; union of the policy structures}: 8 bytes, the
    // Policy read from the caller's buffer (Microsoft Learn GetProcessMitigationPolicy).
    PROCESSINFOCLASS.ProcessMitigationPolicy,
    {
      access: PROCESS_QUERY_INFORMATION,
      sizes: [8],
      query: (_ps, p, input) => {
        const policy = (input as { Policy?: unknown } | undefined)?.Policy;
        if (typeof policy !== 'number') return { status: STATUS.INVALID_PARAMETER };
        return PspQueryMitigationPolicy(p, policy);
      },
    },
  ],
  [
    // PS_PROTECTION: one byte, {Type:3, Audit:1, Signer:4}.
    PROCESSINFOCLASS.ProcessProtectionInformation,
    {
      access: PROCESS_QUERY_LIMITED_INFORMATION,
      sizes: [1],
      query: (_ps, p) => ({ status: STATUS.SUCCESS, info: p.Protection & 0xff }),
    },
  ],
]);

/**
 * NtQueryInformationProcess (Microsoft Learn "NtQueryInformationProcess"; m417z/ntdoc
 * "PROCESSINFOCLASS"), in Windows' order: a class the model does not answer is
 * STATUS_INVALID_INFO_CLASS; a buffer of the wrong size STATUS_INFO_LENGTH_MISMATCH (for a string,
 * one too small — ReturnLength then says what is needed); then the handle, which must grant the
 * class's right (PROCESS_QUERY_LIMITED_INFORMATION, which PROCESS_QUERY_INFORMATION implies, or
 * PROCESS_QUERY_INFORMATION). The answer is a typed value; ReturnLength is its size in bytes.
 */
export function NtQueryInformationProcess(
  ps: PsSystem,
  caller: PsCaller,
  p: NtQueryInformationProcessParameters,
): { status: NTSTATUS; ProcessInformation?: ProcessInformation; ReturnLength?: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtQueryInformationProcess',
      channel: 'ps',
      args: { ProcessHandle: p.ProcessHandle, ProcessInformationClass: p.ProcessInformationClass },
    },
    () => {
      type Out = { ProcessInformation?: ProcessInformation; ReturnLength?: number };
      const c = CLASSES.get(p.ProcessInformationClass);
      if (!c) return { status: STATUS.INVALID_INFO_CLASS, value: {} as Out };
      const length = p.ProcessInformationLength;
      if (c.sizes && length !== undefined && !c.sizes.includes(length))
        return { status: STATUS.INFO_LENGTH_MISMATCH, value: {} as Out };
      const ref = PspReferenceProcessByHandle(ps, caller, p.ProcessHandle, c.access);
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status, value: {} as Out };
      const r = c.query(ps, ref.object!, p.ProcessInformation, caller);
      ObDereferenceObject(ob, ref.header!);
      if (!r.info && r.info !== 0) return { status: r.status, value: {} as Out };
      // A failing class that still writes its buffer (ProcessDebugObjectHandle: NULL).
      if (r.status !== STATUS.SUCCESS)
        return { status: r.status, value: { ProcessInformation: r.info, ReturnLength: 0 } as Out };
      let info = r.info;
      let size: number;
      if (c.sizes === null) {
        const s = info as UNICODE_STRING;
        size = SIZEOF_UNICODE_STRING + s.MaximumLength;
        if (length !== undefined && length < size)
          return { status: STATUS.INFO_LENGTH_MISMATCH, value: { ReturnLength: size } as Out };
      } else {
        size = length ?? c.sizes[c.sizes.length - 1]!;
        // ProcessHandleCount: a ULONG, or PROCESS_HANDLE_INFORMATION when the buffer holds one.
        if (p.ProcessInformationClass === PROCESSINFOCLASS.ProcessHandleCount && size === 4)
          info = (info as { HandleCount: number }).HandleCount;
      }
      return { status: STATUS.SUCCESS, value: { ProcessInformation: info, ReturnLength: size } as Out };
    },
  );
  return { status: out.status, ...out.value };
}
