import { ERROR, STATUS } from '../base/index.js';
import { CloseHandle, CreateProcessA, STARTF, type Win32Result } from '../kernelbase/index.js';
import type { UserThreadContext } from '../ntdll/index.js';

/**
 * WinExec (kernel32; Microsoft Learn, WinExec): CreateProcessA(NULL, lpCmdLine, …, 0, NULL, NULL)
 * with STARTF_USESHOWWINDOW and wShowWindow = uCmdShow, then the handles are closed. "If the function
 * succeeds, the return value is greater than 31"; on failure it is 0 (out of resources),
 * ERROR_BAD_FORMAT, ERROR_FILE_NOT_FOUND or ERROR_PATH_NOT_FOUND — the last error when it is below 32,
 * else ERROR_BAD_FORMAT (ReactOS dll/win32/kernel32/client/proc.c and Wine dlls/kernel32/process.c
 * return 33 on success and `dosErr < 32 ? dosErr : ERROR_BAD_FORMAT` on failure). The wait for the
 * new process's input idle (UserWaitForInputIdleRoutine, user32) is not modelled.
 */
export function WinExec(ctx: UserThreadContext, cmdLine: string, cmdShow: number): Win32Result {
  const r = CreateProcessA(ctx, {
    applicationName: null,
    commandLine: cmdLine,
    inheritHandles: false,
    creationFlags: 0,
    environment: null,
    currentDirectory: null,
    startupInfo: { flags: STARTF.USESHOWWINDOW, showWindow: cmdShow },
  });
  if (!r.returnValue || !r.out) {
    const code = r.lastError < 32 ? r.lastError : ERROR.BAD_FORMAT;
    return { returnValue: code, lastError: r.lastError, status: r.status };
  }
  CloseHandle(ctx, r.out.hThread);
  CloseHandle(ctx, r.out.hProcess);
  return { returnValue: 33, lastError: ERROR.SUCCESS, status: STATUS.SUCCESS };
}
