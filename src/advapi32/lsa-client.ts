import { STATUS, type NTSTATUS } from '../base/index.js';
import type { UserThreadContext } from '../ntdll/index.js';
import { clientIdOf } from './result.js';

/**
 * What LogonUserW hands LSA (sspicli's LogonUserExExW → LsaLogonUser with an MSV1_0
 * MSV1_0_INTERACTIVE_LOGON / KERB_INTERACTIVE_LOGON buffer; Microsoft Learn "LsaLogonUser"): the
 * account, its password, the logon type (SECURITY_LOGON_TYPE, the same numbers as LOGON32_LOGON_*)
 * and the provider.
 *
 * `sessionId` and `impersonating` are the model's shortcuts for two things a trusted caller does
 * around the call on Windows: seclogon moves the new token to its client's session afterwards
 * (SetTokenInformation(TokenSessionId), which needs SeTcbPrivilege; ntdll has no
 * NtSetInformationToken stub in the model), and it logs a LOGON_NETCREDENTIALS_ONLY user on while
 * impersonating its client (RpcImpersonateClient), so LOGON32_LOGON_NEW_CREDENTIALS clones the
 * client's token. LSA honours them only for a caller holding SeTcbPrivilege / SeImpersonatePrivilege.
 */
export interface LsaLogonRequest {
  userName: string;
  domain: string | null;
  password: string | null;
  logonType: number;
  logonProvider: number;
  /** The session the token is made for (default: the caller's). */
  sessionId?: number;
  /** The process whose token LOGON32_LOGON_NEW_CREDENTIALS clones (default: the caller's). */
  impersonating?: number;
}

/**
 * LsaLogonUser's answer: the status (STATUS_LOGON_FAILURE with a SubStatus, …) and, on success, a
 * handle to the new token in the caller's handle table (LSA created it in lsass.exe with
 * NtCreateToken and duplicated it into the caller).
 */
export interface LsaLogonReply {
  status: NTSTATUS;
  subStatus?: NTSTATUS;
  tokenHandle?: number;
}

/**
 * The connection to LSA's authentication port (`\LsaAuthenticationPort`, which LsaConnectUntrusted /
 * LsaRegisterLogonProcess open): one request/reply per call, answered by lsass.exe. The client is
 * named by its client id, as the ALPC message carries it.
 */
export interface LsaAuthenticationPort {
  LsaLogonUser(client: { processId: number; threadId: number }, request: LsaLogonRequest): LsaLogonReply;
}

/**
 * LsaLogonUser from the calling thread (secur32/sspicli): the request goes to lsass.exe over the
 * port; without a connection (LSA not running: a minimal boot) it is STATUS_INVALID_PORT_HANDLE, as
 * an ALPC call on a NULL port handle is.
 */
export function LsaLogonUser(
  ctx: UserThreadContext,
  port: LsaAuthenticationPort | null | undefined,
  request: LsaLogonRequest,
): LsaLogonReply {
  return ctx.trace.call(
    {
      layer: 'user',
      module: 'sspicli',
      fn: 'LsaLogonUser',
      channel: 'se',
      args: {
        userName: request.userName,
        domain: request.domain,
        logonType: request.logonType,
        logonProvider: request.logonProvider,
      },
    },
    () => {
      const r: LsaLogonReply = port
        ? port.LsaLogonUser(clientIdOf(ctx), request)
        : { status: STATUS.INVALID_PORT_HANDLE };
      return {
        status: r.status,
        value: r,
        result: {
          ...(r.subStatus !== undefined ? { subStatus: r.subStatus } : {}),
          ...(r.tokenHandle !== undefined ? { tokenHandle: r.tokenHandle } : {}),
        },
      };
    },
  ).value!;
}
