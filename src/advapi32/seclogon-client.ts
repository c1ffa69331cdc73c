import type { NTSTATUS } from '../base/index.js';
import type { StartupInfo } from '../kernelbase/index.js';

/**
 * The Secondary Logon service's RPC interface (`ISeclogon`, ReactOS sdk/include/reactos/idl/
 * seclogon.idl), as advapi32's client stub sees it. The server (src/subsystems/seclogon) declares the
 * same shapes for its stub — MIDL compiles one IDL into both — and the composition root connects
 * the two.
 */

/**
 * The STARTUPINFOW members the request carries (the window station/desktop and window placement):
 * kernelbase's StartupInfo without the standard handles and the attribute list.
 */
export type SeclStartupInfo = Omit<StartupInfo, 'stdInput' | 'stdOutput' | 'stdError' | 'attributeList'>;

/** SECL_REQUEST (seclogon.idl), with CreateProcessWithTokenW's token beside the credentials. */
export interface SECL_REQUEST {
  Username: string | null;
  Domain: string | null;
  Password: string | null;
  ApplicationName: string | null;
  CommandLine: string | null;
  CurrentDirectory: string | null;
  /** The environment block's `NAME=value` strings, or null for the user's own (CreateEnvironmentBlock). */
  Environment: readonly string[] | null;
  dwLogonFlags: number;
  dwCreationFlags: number;
  StartupInfo: SeclStartupInfo;
  /** The caller (dwProcessId): the service opens it to make it the parent and to give it the handles. */
  dwProcessId: number;
  /** CreateProcessWithTokenW: the token handle as the caller holds it; null for CreateProcessWithLogonW. */
  hToken: number | null;
}

/** SECL_RESPONSE: the error, and PROCESS_INFORMATION with handles valid in the caller. */
export interface SECL_RESPONSE {
  dwError: number;
  /** The NTSTATUS the error came from (the model's addition, for the scenario Result's `status`). */
  status: NTSTATUS;
  hProcess: number;
  hThread: number;
  dwProcessId: number;
  dwThreadId: number;
}

/** A binding to `ISeclogon` in the svchost.exe that hosts the service. */
export interface SeclogonBinding {
  SeclCreateProcessWithLogonW(
    client: { processId: number; threadId: number },
    request: SECL_REQUEST,
  ): SECL_RESPONSE;
}
