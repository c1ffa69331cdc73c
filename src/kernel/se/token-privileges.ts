import { STATUS, type NTSTATUS } from '../../base/index.js';
import { MAXIMUM_ALLOWED, RtlMapGenericMask, type GENERIC_MAPPING } from './access-mask.js';
import type { LUID, LuidAllocator } from './luid.js';
import {
  SE_DEBUG_PRIVILEGE,
  SE_PRIVILEGE_ENABLED,
  SE_PRIVILEGE_REMOVED,
  SE_PRIVILEGE_USED_FOR_ACCESS,
} from './privileges.js';
import { KernelMode, type KPROCESSOR_MODE } from './processor-mode.js';
import type { LUID_AND_ATTRIBUTES, TOKEN } from './token.js';

/**
 * NtAdjustPrivilegesToken's effect on the token (ReactOS ntoskrnl/se/tokenadj.c
 * SepAdjustPrivileges; Microsoft Learn "AdjustTokenPrivileges"):
 * - DisableAllPrivileges clears SE_PRIVILEGE_ENABLED on every privilege and ignores NewState;
 * - otherwise each NewState entry found in the token takes its SE_PRIVILEGE_ENABLED bit, and
 *   SE_PRIVILEGE_REMOVED deletes the privilege from the token for good;
 * - entries the token does not hold are skipped and the call returns STATUS_NOT_ALL_ASSIGNED
 *   (a success status: NT_SUCCESS is true, GetLastError gives ERROR_NOT_ALL_ASSIGNED);
 * - no NewState without DisableAllPrivileges is STATUS_INVALID_PARAMETER.
 * PreviousState lists the privileges that changed, with their old attributes. A change gives the
 * token a new ModifiedId when an allocator is passed.
 */
export function NtAdjustPrivilegesToken(
  token: TOKEN,
  disableAllPrivileges: boolean,
  newState: readonly { luid: LUID; attributes: number }[] | undefined,
  luids?: LuidAllocator,
): { status: NTSTATUS; previousState: LUID_AND_ATTRIBUTES[] } {
  if (!disableAllPrivileges && !newState) return { status: STATUS.INVALID_PARAMETER, previousState: [] };
  const previousState: LUID_AND_ATTRIBUTES[] = [];
  let found = 0;
  const kept: LUID_AND_ATTRIBUTES[] = [];
  for (const p of token.privileges) {
    let next: number;
    if (disableAllPrivileges) next = p.attributes & ~SE_PRIVILEGE_ENABLED;
    else {
      const req = newState!.find((n) => n.luid === p.luid);
      if (!req) {
        kept.push(p);
        continue;
      }
      next =
        (req.attributes & (SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_REMOVED)) |
        (p.attributes & ~SE_PRIVILEGE_ENABLED);
    }
    found++;
    if (next >>> 0 !== p.attributes >>> 0) {
      previousState.push({ luid: p.luid, attributes: p.attributes });
      if (next & SE_PRIVILEGE_REMOVED) continue; // deleted from the token
      p.attributes = next >>> 0;
    }
    kept.push(p);
  }
  token.privileges = kept;
  if (previousState.length > 0 && luids) token.modifiedId = luids.ExAllocateLocallyUniqueId();
  const status = !disableAllPrivileges && found < newState!.length ? STATUS.NOT_ALL_ASSIGNED : STATUS.SUCCESS;
  return { status, previousState };
}

/** PRIVILEGE_SET.Control: all listed privileges must be held (winnt.h PRIVILEGE_SET_ALL_NECESSARY). */
export const PRIVILEGE_SET_ALL_NECESSARY = 1;

export interface PRIVILEGE_SET {
  control: number;
  privilege: LUID_AND_ATTRIBUTES[];
}

/**
 * SePrivilegeCheck (ReactOS ntoskrnl/se/priv.c SepPrivilegeCheck): true when the token holds the
 * listed privileges enabled — all of them with PRIVILEGE_SET_ALL_NECESSARY, any one otherwise.
 * Each enabled one is marked SE_PRIVILEGE_USED_FOR_ACCESS in the set. Kernel-mode callers pass.
 */
export function SePrivilegeCheck(
  required: PRIVILEGE_SET,
  token: TOKEN,
  accessMode: KPROCESSOR_MODE,
): boolean {
  if (accessMode === KernelMode) return true;
  let held = 0;
  for (const r of required.privilege) {
    const p = token.privileges.find((x) => x.luid === r.luid);
    if (p && p.attributes & SE_PRIVILEGE_ENABLED) {
      r.attributes = (r.attributes | SE_PRIVILEGE_USED_FOR_ACCESS) >>> 0;
      held++;
    }
  }
  return required.control & PRIVILEGE_SET_ALL_NECESSARY ? held === required.privilege.length : held > 0;
}

/** SeSinglePrivilegeCheck: is this one privilege held and enabled (or is the caller kernel mode)? */
export function SeSinglePrivilegeCheck(
  privilegeValue: LUID,
  token: TOKEN,
  previousMode: KPROCESSOR_MODE,
): boolean {
  return SePrivilegeCheck(
    { control: PRIVILEGE_SET_ALL_NECESSARY, privilege: [{ luid: privilegeValue, attributes: 0 }] },
    token,
    previousMode,
  );
}

/**
 * What SeDebugPrivilege gives an opener of a process or thread (PsOpenProcess/PsOpenThread,
 * ReactOS ntoskrnl/ps/process.c and thread.c): with the privilege enabled, the desired access is
 * granted without an access check — all of GenericAll for MAXIMUM_ALLOWED — so neither the DACL
 * nor the mandatory label is consulted. Protection (PP/PPL: kernel/ps protection.ts) still applies on top.
 * Callers use this before SeAccessCheck; `held: false` means "do the normal check".
 */
export function SeDebugPrivilegeCheck(
  token: TOKEN,
  desiredAccess: number,
  genericMapping: GENERIC_MAPPING,
  previousMode: KPROCESSOR_MODE,
): { held: boolean; grantedAccess: number } {
  if (!SeSinglePrivilegeCheck(SE_DEBUG_PRIVILEGE, token, previousMode))
    return { held: false, grantedAccess: 0 };
  const mapped = RtlMapGenericMask(desiredAccess, genericMapping);
  const grantedAccess =
    mapped & MAXIMUM_ALLOWED ? (genericMapping.GenericAll | (mapped & ~MAXIMUM_ALLOWED)) >>> 0 : mapped;
  return { held: true, grantedAccess };
}
