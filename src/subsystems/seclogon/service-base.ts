import { ERROR, RtlNtStatusToDosError, STATUS, type NTSTATUS } from '../../base/index.js';
import { NtCurrentProcess, ntStubOutNumber, type UserThreadContext } from '../../ntdll/index.js';
import {
  CREATE_UNICODE_ENVIRONMENT,
  DUPLICATE_CLOSE_SOURCE,
  DUPLICATE_SAME_ACCESS,
  EXTENDED_STARTUPINFO_PRESENT,
  SE_ASSIGNPRIMARYTOKEN_PRIVILEGE,
  SE_IMPERSONATE_PRIVILEGE,
  SE_PRIVILEGE_ENABLED,
  TokenPrivileges,
  TokenSessionId,
} from './constants.js';
import type { HostCreateProcessRequest, SECL_RESPONSE, SeclStartupInfo, ServiceHost } from './types.js';

/** A step that failed: the Win32 error and the NTSTATUS it came from. */
export class ServiceFailure {
  constructor(
    readonly dwError: number,
    readonly status: NTSTATUS,
  ) {}
  static nt(status: NTSTATUS): ServiceFailure {
    return new ServiceFailure(RtlNtStatusToDosError(status), status >>> 0);
  }
}

/** What one call of the service creates, for the response. */
export interface CreatedProcess {
  hProcess: number;
  hThread: number;
  dwProcessId: number;
  dwThreadId: number;
}

export interface ServiceProcessOptions {
  /** A thread of the hosting svchost.exe: the service's system calls are made as that thread. */
  ctx: UserThreadContext;
  /** The service DLL's imports (advapi32, kernelbase, userenv) and the token services. */
  host: ServiceHost;
  /** svchost.exe's process id (for the trace). */
  pid: number;
}

/**
 * What the services hosted in `svchost.exe -k netsvcs` do for a client the same way (seclogon's
 * SeclCreateProcessWithLogonW, appinfo's RAiLaunchAdminProcess): open the client by its process id,
 * read its token, create the process as the service with CreateProcessAsUserW and
 * PROC_THREAD_ATTRIBUTE_PARENT_PROCESS = the client (so the client is the new process's parent, as
 * `runas` and elevated programs show in a process tree), and duplicate the process and thread
 * handles into the client. Every handle the service opens is closed again on every path.
 */
export abstract class ServiceProcess {
  protected readonly ctx: UserThreadContext;
  protected readonly host: ServiceHost;
  readonly pid: number;
  private readonly owned: number[] = [];

  constructor(o: ServiceProcessOptions) {
    this.ctx = o.ctx;
    this.host = o.host;
    this.pid = o.pid;
  }

  /** A handle the current call owns: closed by `release`. */
  protected own(handle: number): number {
    this.owned.push(handle);
    return handle;
  }

  /** Closes every handle the call opened, newest first. */
  protected release(): void {
    while (this.owned.length) this.ctx.nt.NtClose({ Handle: this.owned.pop()! });
  }

  protected note(text: string, data?: Record<string, string | number | boolean | null>): void {
    this.ctx.trace.note(text, data);
  }

  /** OpenProcess(access, FALSE, dwProcessId) of the RPC client. */
  protected openClient(processId: number, access: number): number {
    const r = this.ctx.nt.NtOpenProcess({
      DesiredAccess: access,
      ObjectAttributes: { Attributes: 0 },
      ClientId: { UniqueProcess: processId, UniqueThread: 0 },
    });
    if (r.status !== STATUS.SUCCESS) throw ServiceFailure.nt(r.status);
    return this.own(ntStubOutNumber(r.out?.ProcessHandle));
  }

  /** OpenProcessToken(hClient, access). */
  protected openClientToken(client: number, access: number): number {
    const r = this.ctx.nt.NtOpenProcessToken({ ProcessHandle: client, DesiredAccess: access });
    if (r.status !== STATUS.SUCCESS) throw ServiceFailure.nt(r.status);
    return this.own(ntStubOutNumber(r.out?.TokenHandle));
  }

  /** GetTokenInformation(token, class). */
  protected queryToken(token: number, infoClass: number): unknown {
    const r = this.host.NtQueryInformationToken({ TokenHandle: token, TokenInformationClass: infoClass });
    if (r.status !== STATUS.SUCCESS) throw ServiceFailure.nt(r.status);
    return r.out?.TokenInformation;
  }

  /** The client's session (its token's TokenSessionId): where the new process belongs. */
  protected clientSession(clientToken: number): number {
    return ntStubOutNumber(this.queryToken(clientToken, TokenSessionId));
  }

  /** Whether the token holds `privilege` enabled (PrivilegeCheck with PRIVILEGE_SET_ALL_NECESSARY). */
  protected holdsEnabled(token: number, privilege = SE_IMPERSONATE_PRIVILEGE): boolean {
    const info = this.queryToken(token, TokenPrivileges) as {
      Privileges?: { Luid: number; Attributes: number }[];
    };
    return (info.Privileges ?? []).some(
      (p) => p.Luid === privilege && (p.Attributes & SE_PRIVILEGE_ENABLED) !== 0,
    );
  }

  /**
   * CreateProcessAsUserW(hToken, …) as the service, with an attribute list whose
   * PROC_THREAD_ATTRIBUTE_PARENT_PROCESS is the client; the environment is the given block or, when
   * there is none, CreateEnvironmentBlock(hToken) (the user's profile environment). A token of
   * another logon session needs SeAssignPrimaryTokenPrivilege enabled (the kernel's
   * PspAssignPrimaryToken rule): LocalSystem holds it disabled, so the service enables it around the
   * call and restores it (RtlAdjustPrivilege) — model's reading of how a LocalSystem service gets to
   * assign the token.
   */
  protected createAsUser(
    token: number,
    client: number,
    o: {
      applicationName: string | null;
      commandLine: string | null;
      creationFlags: number;
      environment: readonly string[] | null;
      currentDirectory: string | null;
      startupInfo: SeclStartupInfo;
    },
  ): { hProcess: number; hThread: number; dwProcessId: number; dwThreadId: number } {
    let environment = o.environment;
    if (environment === null) {
      const env = this.host.CreateEnvironmentBlock(this.ctx, token);
      if (env.status !== STATUS.SUCCESS) throw ServiceFailure.nt(env.status);
      environment = env.environment ?? [];
    }
    const req: HostCreateProcessRequest = {
      applicationName: o.applicationName,
      commandLine: o.commandLine,
      inheritHandles: false,
      creationFlags: (o.creationFlags | EXTENDED_STARTUPINFO_PRESENT | CREATE_UNICODE_ENVIRONMENT) >>> 0,
      environment,
      currentDirectory: o.currentDirectory,
      startupInfo: {
        ...o.startupInfo,
        desktop: o.startupInfo.desktop ?? 'WinSta0\\Default',
        attributeList: this.host.ParentProcessAttributeList(client),
      },
    };
    const adjusted = this.host.RtlAdjustPrivilege(SE_ASSIGNPRIMARYTOKEN_PRIVILEGE, true);
    let r: ReturnType<ServiceHost['CreateProcessAsUserW']>;
    try {
      r = this.host.CreateProcessAsUserW(this.ctx, token, req);
    } finally {
      if (adjusted.status === STATUS.SUCCESS && !adjusted.wasEnabled)
        this.host.RtlAdjustPrivilege(SE_ASSIGNPRIMARYTOKEN_PRIVILEGE, false);
    }
    if (!r.returnValue || !r.out) throw new ServiceFailure(r.lastError, r.status);
    return {
      hProcess: this.own(r.out.hProcess),
      hThread: this.own(r.out.hThread),
      dwProcessId: r.out.processId,
      dwThreadId: r.out.threadId,
    };
  }

  /**
   * DuplicateHandle(GetCurrentProcess(), h, hClient, &h2, 0, FALSE, DUPLICATE_SAME_ACCESS) for the
   * process and the thread; if that fails the new process is ended, so the client is left with
   * nothing.
   */
  protected giveToClient(client: number, created: CreatedProcess): SECL_RESPONSE {
    const dup = (handle: number): number => {
      const r = this.ctx.nt.NtDuplicateObject({
        SourceProcessHandle: NtCurrentProcess,
        SourceHandle: handle,
        TargetProcessHandle: client,
        DesiredAccess: 0,
        HandleAttributes: 0,
        Options: DUPLICATE_SAME_ACCESS,
      });
      if (r.status !== STATUS.SUCCESS) throw ServiceFailure.nt(r.status);
      return ntStubOutNumber(r.out?.TargetHandle);
    };
    let hProcess = 0;
    try {
      hProcess = dup(created.hProcess);
      const hThread = dup(created.hThread);
      return { dwError: ERROR.SUCCESS, status: STATUS.SUCCESS, ...created, hProcess, hThread };
    } catch (e) {
      if (hProcess)
        this.ctx.nt.NtDuplicateObject({
          SourceProcessHandle: client,
          SourceHandle: hProcess,
          Options: DUPLICATE_CLOSE_SOURCE,
        });
      this.ctx.nt.NtTerminateProcess({ ProcessHandle: created.hProcess, ExitStatus: STATUS.UNSUCCESSFUL });
      throw e;
    }
  }

  /** Runs one call: its handles are released on every path; a ServiceFailure becomes the response. */
  protected serve(
    spec: { fn: string; module: string; args: Record<string, string | number | null> },
    body: () => SECL_RESPONSE,
  ): SECL_RESPONSE {
    return this.ctx.trace.call<SECL_RESPONSE>(
      { layer: 'user', module: spec.module, fn: spec.fn, channel: 'win32', pid: this.pid, args: spec.args },
      () => {
        let r: SECL_RESPONSE;
        try {
          r = body();
        } catch (e) {
          if (!(e instanceof ServiceFailure)) throw e;
          r = {
            dwError: e.dwError,
            status: e.status,
            hProcess: 0,
            hThread: 0,
            dwProcessId: 0,
            dwThreadId: 0,
          };
        } finally {
          this.release();
        }
        return {
          status: r.status,
          value: r,
          result:
            r.dwError === ERROR.SUCCESS
              ? {
                  dwProcessId: r.dwProcessId,
                  dwThreadId: r.dwThreadId,
                  hProcess: r.hProcess,
                  hThread: r.hThread,
                }
              : { dwError: r.dwError },
        };
      },
    ).value!;
  }
}
