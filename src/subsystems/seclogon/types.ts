import type { NTSTATUS } from '../../base/index.js';
import type { UserThreadContext } from '../../ntdll/index.js';

/** A client as the RPC runtime names it (the ALPC message's client id). */
export interface RpcClient {
  processId: number;
  threadId: number;
}

/** STARTUPINFOW's marshalled members (seclogon.idl). */
export interface SeclStartupInfo {
  desktop?: string | null;
  title?: string | null;
  x?: number;
  y?: number;
  xSize?: number;
  ySize?: number;
  xCountChars?: number;
  yCountChars?: number;
  fillAttribute?: number;
  flags?: number;
  showWindow?: number;
}

/**
 * SECL_REQUEST as the server stub unmarshals it (ReactOS sdk/include/reactos/idl/seclogon.idl; the
 * client's copy is src/advapi32/seclogon-client.ts): the credentials, or CreateProcessWithTokenW's
 * token handle as the caller holds it (null for CreateProcessWithLogonW), and CreateProcessW's
 * parameters.
 */
export interface SECL_REQUEST {
  Username: string | null;
  Domain: string | null;
  Password: string | null;
  ApplicationName: string | null;
  CommandLine: string | null;
  CurrentDirectory: string | null;
  Environment: readonly string[] | null;
  dwLogonFlags: number;
  dwCreationFlags: number;
  StartupInfo: SeclStartupInfo;
  dwProcessId: number;
  hToken: number | null;
}

/** SECL_RESPONSE: the Win32 error (and the NTSTATUS behind it) and the caller's PROCESS_INFORMATION. */
export interface SECL_RESPONSE {
  dwError: number;
  status: NTSTATUS;
  hProcess: number;
  hThread: number;
  dwProcessId: number;
  dwThreadId: number;
}

/**
 * RAiLaunchAdminProcess's request (the Application Information service's `AppInfo` RPC interface,
 * as James Forshaw's "Reading Your Way Around UAC" and the UACME project describe it: the executable,
 * the command line, the creation flags, the current directory, the window station/desktop and
 * STARTUPINFO, and the caller's process id). The consent UI's parameters (window, timeout) are not
 * modelled.
 */
export interface APPINFO_REQUEST {
  ExecutablePath: string | null;
  CommandLine: string | null;
  CreateFlags: number;
  CurrentDirectory: string | null;
  StartupInfo: SeclStartupInfo;
  dwProcessId: number;
}

/** APP_PROCESS_INFORMATION: handles valid in the caller, with the Win32 error and its NTSTATUS. */
export type APPINFO_RESPONSE = SECL_RESPONSE;

/** A Win32 function's outcome as the services see it (kernelbase's Win32Result). */
export interface HostWin32Result {
  returnValue: number;
  lastError: number;
  status: NTSTATUS;
}

/** The CreateProcessW parameters the services pass (kernelbase's CreateProcessRequest, without hToken). */
export interface HostCreateProcessRequest {
  applicationName: string | null;
  commandLine: string | null;
  inheritHandles: boolean;
  creationFlags: number;
  environment: readonly string[] | null;
  currentDirectory: string | null;
  startupInfo: SeclStartupInfo & { attributeList?: unknown };
}

/**
 * What the services' DLLs import (seclogon.dll's and appinfo.dll's import tables: advapi32,
 * kernelbase, userenv), supplied by the machine's composition root because the subsystems layer may
 * not import those DLLs (ARCHITECTURE.md). The Win32 functions take the calling thread's context, as
 * they do everywhere in the model.
 *
 * NtQueryInformationToken, NtSetInformationToken and NtAdjustPrivilegesToken are system services the
 * model's kernel does not register yet (KiServiceTable has them; ntdll declares the first as a stub): the composition root
 * gives each service process stand-ins that run them as that process (src/system/accounts.ts). Their
 * TokenInformation: TokenUser `{ User: { Sid: 'S-1-…', Attributes } }`, TokenPrivileges
 * `{ PrivilegeCount, Privileges: [{ Luid, Attributes }] }`, TokenSessionId / TokenElevationType a
 * number, TokenLinkedToken `{ LinkedToken: handle }`.
 */
export interface ServiceHost {
  LogonUserW(
    ctx: UserThreadContext,
    userName: string | null,
    domain: string | null,
    password: string | null,
    logonType: number,
    logonProvider: number,
    lsa: { sessionId?: number; impersonating?: number },
  ): HostWin32Result & { out?: { token: number } };
  CreateProcessAsUserW(
    ctx: UserThreadContext,
    token: number,
    req: HostCreateProcessRequest,
  ): HostWin32Result & { out?: { processId: number; threadId: number; hProcess: number; hThread: number } };
  /**
   * InitializeProcThreadAttributeList(1) + UpdateProcThreadAttribute(PROC_THREAD_ATTRIBUTE_PARENT_PROCESS,
   * &hParent): the list, opaque to the service.
   */
  ParentProcessAttributeList(parentProcess: number): unknown;
  /** userenv!CreateEnvironmentBlock(hToken, bInherit = FALSE): the user's profile environment. */
  CreateEnvironmentBlock(ctx: UserThreadContext, token: number): { status: NTSTATUS; environment?: string[] };
  NtQueryInformationToken(p: { TokenHandle: number; TokenInformationClass: number }): {
    status: NTSTATUS;
    out?: { TokenInformation: unknown };
  };
  NtSetInformationToken(p: {
    TokenHandle: number;
    TokenInformationClass: number;
    TokenInformation: unknown;
  }): { status: NTSTATUS };
  /**
   * ntdll!RtlAdjustPrivilege(privilege, enable, FALSE) on the service's own process token
   * (NtAdjustPrivilegesToken, which the model's kernel does not register yet): whether it was
   * enabled before.
   */
  RtlAdjustPrivilege(privilege: number, enable: boolean): { status: NTSTATUS; wasEnabled: boolean };
}
