import { STATUS } from '../../base/index.js';
import { NtCurrentProcess, ntStubOutNumber } from '../../ntdll/index.js';
import {
  CREATE_DEFAULT_ERROR_MODE,
  CREATE_NEW_CONSOLE,
  CREATE_NEW_PROCESS_GROUP,
  DUPLICATE_SAME_ACCESS,
  LOGON32_LOGON_INTERACTIVE,
  LOGON32_LOGON_NEW_CREDENTIALS,
  LOGON32_PROVIDER_DEFAULT,
  LOGON32_PROVIDER_WINNT50,
  LOGON_NETCREDENTIALS_ONLY,
  LOGON_WITH_PROFILE,
  PROCESS_CREATE_PROCESS,
  PROCESS_DUP_HANDLE,
  PROCESS_QUERY_INFORMATION,
  SecurityImpersonation,
  TOKEN_ALL_ACCESS,
  TOKEN_QUERY,
  TokenPrimary,
  TokenSessionId,
} from './constants.js';
import { ServiceFailure, ServiceProcess } from './service-base.js';
import type { RpcClient, SECL_REQUEST, SECL_RESPONSE } from './types.js';

/** DETACHED_PROCESS (winbase.h): CREATE_NEW_CONSOLE is not added to it (they cannot be combined). */
const DETACHED_PROCESS = 0x8;

/**
 * The Secondary Logon service (seclogon.dll in `svchost.exe -k netsvcs -p`, ServiceDll of
 * HKLM\SYSTEM\CurrentControlSet\Services\seclogon): the server of CreateProcessWithLogonW and
 * CreateProcessWithTokenW. Its one RPC, SeclCreateProcessWithLogonW (ReactOS
 * base/services/seclogon/rpcserver.c; Windows Internals 7 ch. 7 "Secondary logon"), runs as
 * LocalSystem in the service's process:
 * 1. OpenProcess(PROCESS_DUP_HANDLE | PROCESS_CREATE_PROCESS | PROCESS_QUERY_INFORMATION, the
 *    client) and its token's session;
 * 2. the token:
 *    - CreateProcessWithTokenW: the client must hold SeImpersonatePrivilege (enabled; Microsoft
 *      Learn: "The process that calls CreateProcessWithTokenW must have the SE_IMPERSONATE_NAME
 *      privilege" — ERROR_PRIVILEGE_NOT_HELD); its handle is duplicated from the client
 *      (ERROR_INVALID_HANDLE for a bad one) and made a primary token with DuplicateTokenEx
 *      (TOKEN_DUPLICATE needed: ERROR_ACCESS_DENIED; not a token: ERROR_INVALID_HANDLE), moved to
 *      the client's session ("The process always runs in the caller's session");
 *    - CreateProcessWithLogonW: LogonUserW(LOGON32_LOGON_INTERACTIVE) for the client's session; with
 *      LOGON_NETCREDENTIALS_ONLY LogonUserW(LOGON32_LOGON_NEW_CREDENTIALS, WINNT50) while
 *      impersonating the client — a copy of the client's token, the credentials unchecked;
 *    LOGON_WITH_PROFILE would load the user's hive (LoadUserProfileW): not modelled;
 * 3. CreateProcessAsUserW with the token, the caller's creation flags plus CREATE_DEFAULT_ERROR_MODE,
 *    CREATE_NEW_CONSOLE and CREATE_NEW_PROCESS_GROUP (Learn: "enabled by default"), the given
 *    environment or the user's (CreateEnvironmentBlock), and the client as the parent
 *    (PROC_THREAD_ATTRIBUTE_PARENT_PROCESS);
 * 4. the process and thread handles are duplicated into the client (SECL_RESPONSE).
 */
export class SeclogonService extends ServiceProcess {
  SeclCreateProcessWithLogonW(client: RpcClient, request: SECL_REQUEST): SECL_RESPONSE {
    return this.serve(
      {
        module: 'seclogon',
        fn: 'SeclCreateProcessWithLogonW',
        args: {
          client: `${client.processId}.${client.threadId}`,
          Username: request.Username,
          Domain: request.Domain,
          dwLogonFlags: request.dwLogonFlags >>> 0,
          hToken: request.hToken,
          CommandLine: request.CommandLine,
        },
      },
      () => this.createProcessWithLogon(request),
    );
  }

  private createProcessWithLogon(request: SECL_REQUEST): SECL_RESPONSE {
    const caller = this.openClient(
      request.dwProcessId,
      PROCESS_DUP_HANDLE | PROCESS_CREATE_PROCESS | PROCESS_QUERY_INFORMATION,
    );
    const callerToken = this.openClientToken(caller, TOKEN_QUERY);
    const session = this.clientSession(callerToken);
    const token =
      request.hToken !== null
        ? this.tokenOf(caller, callerToken, request.hToken, session)
        : this.logon(request, session);
    if (request.dwLogonFlags & LOGON_WITH_PROFILE)
      this.note('LOGON_WITH_PROFILE: LoadUserProfileW (the user hive under HKEY_USERS) is not modelled');
    let flags = request.dwCreationFlags | CREATE_DEFAULT_ERROR_MODE | CREATE_NEW_PROCESS_GROUP;
    if (!(flags & DETACHED_PROCESS)) flags |= CREATE_NEW_CONSOLE;
    const created = this.createAsUser(token, caller, {
      applicationName: request.ApplicationName,
      commandLine: request.CommandLine,
      creationFlags: flags >>> 0,
      environment: request.Environment,
      currentDirectory: request.CurrentDirectory,
      startupInfo: request.StartupInfo,
    });
    return this.giveToClient(caller, created);
  }

  /** LogonUserW as the service (interactive, or the NEW_CREDENTIALS clone of the client). */
  private logon(request: SECL_REQUEST, session: number): number {
    const netOnly = (request.dwLogonFlags & LOGON_NETCREDENTIALS_ONLY) !== 0;
    const r = this.host.LogonUserW(
      this.ctx,
      request.Username,
      request.Domain,
      request.Password,
      netOnly ? LOGON32_LOGON_NEW_CREDENTIALS : LOGON32_LOGON_INTERACTIVE,
      netOnly ? LOGON32_PROVIDER_WINNT50 : LOGON32_PROVIDER_DEFAULT,
      netOnly ? { impersonating: request.dwProcessId } : { sessionId: session },
    );
    if (!r.returnValue || !r.out) throw new ServiceFailure(r.lastError, r.status);
    return this.own(r.out.token);
  }

  /** CreateProcessWithTokenW's token: checked, duplicated from the client, primary, in its session. */
  private tokenOf(caller: number, callerToken: number, hToken: number, session: number): number {
    if (!this.holdsEnabled(callerToken)) throw ServiceFailure.nt(STATUS.PRIVILEGE_NOT_HELD);
    const dup = this.ctx.nt.NtDuplicateObject({
      SourceProcessHandle: caller,
      SourceHandle: hToken,
      TargetProcessHandle: NtCurrentProcess,
      DesiredAccess: 0,
      HandleAttributes: 0,
      Options: DUPLICATE_SAME_ACCESS,
    });
    if (dup.status !== STATUS.SUCCESS) throw ServiceFailure.nt(dup.status);
    const given = this.own(ntStubOutNumber(dup.out?.TargetHandle));
    const primary = this.ctx.nt.NtDuplicateToken({
      ExistingTokenHandle: given,
      DesiredAccess: TOKEN_ALL_ACCESS,
      ObjectAttributes: {
        Attributes: 0,
        SecurityQualityOfService: { ImpersonationLevel: SecurityImpersonation },
      },
      EffectiveOnly: false,
      TokenType: TokenPrimary,
    });
    if (primary.status !== STATUS.SUCCESS) throw ServiceFailure.nt(primary.status);
    const token = this.own(ntStubOutNumber(primary.out?.NewTokenHandle));
    const set = this.host.NtSetInformationToken({
      TokenHandle: token,
      TokenInformationClass: TokenSessionId,
      TokenInformation: session,
    });
    if (set.status !== STATUS.SUCCESS) throw ServiceFailure.nt(set.status);
    return token;
  }
}
