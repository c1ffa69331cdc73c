import type { NTSTATUS } from '../../base/index.js';
import type { SystemServiceResult } from '../../kernel/syscalls/index.js';

/** What RtlCreateUserProcess takes (after RtlCreateProcessParametersEx has normalized the parameters). */
export interface RtlUserProcessRequest {
  /** The image's NT path (`\??\C:\Windows\System32\csrss.exe`). */
  ntImagePath: string;
  /** RTL_USER_PROCESS_PARAMETERS: ImagePathName, CommandLine, CurrentDirectory, Environment, … */
  parameters: {
    imagePathName: string;
    commandLine: string;
    currentDirectory: string;
    environment?: Record<string, string> | readonly string[];
    flags?: number;
  };
  /** Inherit the caller's inheritable handles. */
  inheritHandles?: boolean;
  /** The token for the new process (smss passes a session's token). */
  token?: unknown;
  /** Create the initial thread suspended (RtlCreateUserProcess always does; the caller resumes). */
  suspended?: boolean;
  /**
   * A PS_PROTECTION for the new process, passed as PsAttributeProtectionLevel: how the boot's
   * protected processes are started (smss, csrss, wininit, services as WinTcb-Light 0x61).
   */
  protectionLevel?: number;
}

export interface RtlUserProcessInformation {
  status: NTSTATUS;
  ProcessHandle?: number;
  ThreadHandle?: number;
  ClientId?: { UniqueProcess: number; UniqueThread: number };
}

const PROCESS_ALL_ACCESS = 0x1fffff;
const THREAD_ALL_ACCESS = 0x1fffff;
const PROCESS_CREATE_FLAGS_INHERIT_HANDLES = 0x4;
const THREAD_CREATE_FLAGS_CREATE_SUSPENDED = 0x1;

/**
 * RtlCreateUserProcess: how native programs (smss creating csrss and wininit) start a process —
 * no kernelbase, no CSRSS registration: straight to NtCreateUserProcess with the image name and the
 * parameters (ReactOS sdk/lib/rtl/process.c; on Windows 10 it calls NtCreateUserProcess). The
 * thread starts suspended, as RTL_USER_PROCESS_INFORMATION callers expect.
 */
export function RtlCreateUserProcess(
  NtCreateUserProcess: (args: Record<string, unknown>) => SystemServiceResult,
  request: RtlUserProcessRequest,
): RtlUserProcessInformation {
  const attributeList: Record<string, unknown> = { ImageName: request.ntImagePath };
  if (request.token !== undefined) attributeList.Token = request.token;
  if (request.protectionLevel !== undefined) attributeList.ProtectionLevel = request.protectionLevel;
  const createInfo = { State: 0, InitFlags: 0 };
  const r = NtCreateUserProcess({
    ProcessDesiredAccess: PROCESS_ALL_ACCESS,
    ThreadDesiredAccess: THREAD_ALL_ACCESS,
    ProcessFlags: request.inheritHandles ? PROCESS_CREATE_FLAGS_INHERIT_HANDLES : 0,
    ThreadFlags: request.suspended === false ? 0 : THREAD_CREATE_FLAGS_CREATE_SUSPENDED,
    ProcessParameters: request.parameters,
    CreateInfo: createInfo,
    AttributeList: attributeList,
  });
  const out = r.out as { ProcessHandle?: number; ThreadHandle?: number } | undefined;
  const info: RtlUserProcessInformation = { status: r.status };
  if (out?.ProcessHandle !== undefined) info.ProcessHandle = out.ProcessHandle;
  if (out?.ThreadHandle !== undefined) info.ThreadHandle = out.ThreadHandle;
  const cid = attributeList.ClientId as { UniqueProcess: number; UniqueThread: number } | undefined;
  if (cid) info.ClientId = cid;
  return info;
}
