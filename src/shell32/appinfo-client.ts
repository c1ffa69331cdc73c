import type { NTSTATUS } from '../base/index.js';

/**
 * The Application Information service's RPC interface as shell32's client stub sees it
 * (RAiLaunchAdminProcess; the server is src/subsystems/seclogon/appinfo.ts, with the same shapes).
 */
export interface AppInfoStartupInfo {
  desktop?: string | null;
  title?: string | null;
  flags?: number;
  showWindow?: number;
}

export interface APPINFO_REQUEST {
  ExecutablePath: string | null;
  CommandLine: string | null;
  CreateFlags: number;
  CurrentDirectory: string | null;
  StartupInfo: AppInfoStartupInfo;
  /** The caller: the service opens it to make it the parent and to give it the handles. */
  dwProcessId: number;
}

/** APP_PROCESS_INFORMATION with the Win32 error and the NTSTATUS behind it. */
export interface APPINFO_RESPONSE {
  dwError: number;
  status: NTSTATUS;
  hProcess: number;
  hThread: number;
  dwProcessId: number;
  dwThreadId: number;
}

/** A binding to the service in the svchost.exe that hosts it. */
export interface AppInfoBinding {
  RAiLaunchAdminProcess(
    client: { processId: number; threadId: number },
    request: APPINFO_REQUEST,
  ): APPINFO_RESPONSE;
}
