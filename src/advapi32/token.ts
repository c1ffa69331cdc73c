import { ERROR, STATUS } from '../base/index.js';
import type { Win32Result } from '../kernelbase/index.js';
import { ntStubOutNumber, type UserThreadContext } from '../ntdll/index.js';
import { failed, ok } from './result.js';

/** SE_PRIVILEGE_ENABLED (winnt.h). */
export const SE_PRIVILEGE_ENABLED = 0x00000002;

/** OpenProcessToken's outcome: BOOL, and *TokenHandle. */
export type OpenProcessTokenResult = Win32Result & { out?: { token: number } };

/**
 * OpenProcessToken (Microsoft Learn "OpenProcessToken"; advapi32 → NtOpenProcessToken): the
 * process handle must grant PROCESS_QUERY_LIMITED_INFORMATION; the token's access check gives
 * DesiredAccess (TOKEN_*) or the status becomes the last error.
 */
export function OpenProcessToken(
  ctx: UserThreadContext,
  processHandle: number,
  desiredAccess: number,
): OpenProcessTokenResult {
  const r = ctx.nt.NtOpenProcessToken({ ProcessHandle: processHandle, DesiredAccess: desiredAccess >>> 0 });
  if (r.status !== STATUS.SUCCESS) return failed(0, r.status);
  return { ...ok(1), out: { token: ntStubOutNumber(r.out?.TokenHandle) } };
}

/**
 * AdjustTokenPrivileges (Microsoft Learn "AdjustTokenPrivileges"; advapi32 → NtAdjustPrivilegesToken):
 * the token handle needs TOKEN_ADJUST_PRIVILEGES. Privileges the token does not hold are skipped —
 * the function still returns TRUE, and GetLastError gives ERROR_NOT_ALL_ASSIGNED (1300): "the
 * function succeeds … To determine whether the function adjusted all of the specified privileges,
 * call GetLastError".
 */
export function AdjustTokenPrivileges(
  ctx: UserThreadContext,
  tokenHandle: number,
  disableAllPrivileges: boolean,
  newState: readonly { luid: number; attributes: number }[],
): Win32Result<number> {
  const r = ctx.nt.NtAdjustPrivilegesToken({
    TokenHandle: tokenHandle,
    DisableAllPrivileges: disableAllPrivileges,
    NewState: newState.map((p) => ({ Luid: p.luid, Attributes: p.attributes })),
  });
  if (r.status === STATUS.NOT_ALL_ASSIGNED)
    return { returnValue: 1, lastError: ERROR.NOT_ALL_ASSIGNED, status: r.status };
  if (r.status !== STATUS.SUCCESS) return failed(0, r.status);
  return ok(1);
}
