import { STATUS } from '../../base/index.js';
import { ntStubOutNumber } from '../../ntdll/index.js';
import {
  ERROR_CANCELLED,
  PROCESS_CREATE_PROCESS,
  PROCESS_DUP_HANDLE,
  PROCESS_QUERY_LIMITED_INFORMATION,
  SecurityImpersonation,
  TOKEN_ALL_ACCESS,
  TOKEN_DUPLICATE,
  TOKEN_QUERY,
  TokenElevationType,
  TokenElevationTypeFull,
  TokenElevationTypeLimited,
  TokenLinkedToken,
  TokenPrimary,
} from './constants.js';
import { ServiceFailure, ServiceProcess } from './service-base.js';
import type { APPINFO_REQUEST, APPINFO_RESPONSE, RpcClient } from './types.js';

/**
 * The Application Information service (appinfo.dll, also in `svchost.exe -k netsvcs`): the server of
 * elevation. ShellExecuteEx's `runas` reaches it through RAiLaunchAdminProcess (Windows Internals 7
 * ch. 7 "Elevation": AIS "launches the elevated process … using the administrator's token"; the
 * new process gets the requester as its parent):
 * 1. the client is opened (PROCESS_DUP_HANDLE | PROCESS_CREATE_PROCESS |
 *    PROCESS_QUERY_LIMITED_INFORMATION) and its token's TokenElevationType read;
 * 2. TokenElevationTypeLimited: consent.exe would ask the user; the model answers "continue"
 *    without UI and takes the linked token (TokenLinkedToken — a primary token for a caller with
 *    SeTcbPrivilege); TokenElevationTypeFull: the client is elevated already, a primary copy of its
 *    token; TokenElevationTypeDefault (a standard user, no linked token): consent would ask for an
 *    administrator's credentials — with no UI the request is cancelled, ERROR_CANCELLED;
 * 3. CreateProcessAsUserW as the service with the client as the parent, the environment of the
 *    token's profile; the handles go to the client.
 */
export class AppInfoService extends ServiceProcess {
  RAiLaunchAdminProcess(client: RpcClient, request: APPINFO_REQUEST): APPINFO_RESPONSE {
    return this.serve(
      {
        module: 'appinfo',
        fn: 'RAiLaunchAdminProcess',
        args: {
          client: `${client.processId}.${client.threadId}`,
          ExecutablePath: request.ExecutablePath,
          CommandLine: request.CommandLine,
          CreateFlags: request.CreateFlags >>> 0,
        },
      },
      () => this.launch(request),
    );
  }

  private launch(request: APPINFO_REQUEST): APPINFO_RESPONSE {
    const caller = this.openClient(
      request.dwProcessId,
      PROCESS_DUP_HANDLE | PROCESS_CREATE_PROCESS | PROCESS_QUERY_LIMITED_INFORMATION,
    );
    const callerToken = this.openClientToken(caller, TOKEN_QUERY | TOKEN_DUPLICATE);
    const type = ntStubOutNumber(this.queryToken(callerToken, TokenElevationType));
    let token: number;
    if (type === TokenElevationTypeLimited) {
      this.note('consent: the linked (elevated) token of the caller, approved without UI');
      const linked = this.queryToken(callerToken, TokenLinkedToken) as { LinkedToken?: number };
      token = this.own(ntStubOutNumber(linked.LinkedToken));
    } else if (type === TokenElevationTypeFull) {
      this.note('the caller is elevated already: a primary copy of its token');
      const r = this.ctx.nt.NtDuplicateToken({
        ExistingTokenHandle: callerToken,
        DesiredAccess: TOKEN_ALL_ACCESS,
        ObjectAttributes: {
          Attributes: 0,
          SecurityQualityOfService: { ImpersonationLevel: SecurityImpersonation },
        },
        EffectiveOnly: false,
        TokenType: TokenPrimary,
      });
      if (r.status !== STATUS.SUCCESS) throw ServiceFailure.nt(r.status);
      token = this.own(ntStubOutNumber(r.out?.NewTokenHandle));
    } else {
      this.note('no linked token: consent would ask for credentials; no UI, so the request is cancelled');
      throw new ServiceFailure(ERROR_CANCELLED, (0xc0070000 | ERROR_CANCELLED) >>> 0);
    }
    const created = this.createAsUser(token, caller, {
      applicationName: request.ExecutablePath,
      commandLine: request.CommandLine,
      creationFlags: request.CreateFlags,
      environment: null,
      currentDirectory: request.CurrentDirectory,
      startupInfo: request.StartupInfo,
    });
    return this.giveToClient(caller, created);
  }
}
