import { describe, expect, it } from 'vitest';
import { NT_SUCCESS, STATUS } from '../../base/index.js';
import {
  GENERIC_READ,
  KernelMode,
  MAXIMUM_ALLOWED,
  NtAdjustPrivilegesToken,
  NtDuplicateToken,
  PRIVILEGE_SET_ALL_NECESSARY,
  PROCESS_VM_READ,
  PspProcessMapping,
  SE_CHANGE_NOTIFY_PRIVILEGE,
  SE_DEBUG_PRIVILEGE,
  SE_PRIVILEGE_ENABLED,
  SE_PRIVILEGE_ENABLED_BY_DEFAULT,
  SE_PRIVILEGE_REMOVED,
  SE_PRIVILEGE_USED_FOR_ACCESS,
  SE_SHUTDOWN_PRIVILEGE,
  SE_TCB_PRIVILEGE,
  SePrivilegeCheck,
  SeQueryTokenIntegrityLevel,
  SeDebugPrivilegeCheck,
  SeSinglePrivilegeCheck,
  SecurityAnonymous,
  SecurityDelegation,
  SecurityIdentification,
  SecurityImpersonation,
  TokenImpersonation,
  TokenPrimary,
  UserMode,
  createInteractiveUserTokens,
  createLuidAllocator,
} from './index.js';

function pair() {
  const luids = createLuidAllocator(0x10000);
  return { luids, ...createInteractiveUserTokens(luids) };
}

describe('NtDuplicateToken (ReactOS ntoskrnl/se/tokenlif.c)', () => {
  it('copies a primary token as an impersonation token at the QoS level, with a new TokenId', () => {
    const { luids, limited } = pair();
    const r = NtDuplicateToken(
      limited,
      { tokenType: TokenImpersonation, securityQos: { impersonationLevel: SecurityImpersonation } },
      luids,
    );
    expect(r.status).toBe(STATUS.SUCCESS);
    const t = r.token!;
    expect(t.tokenType).toBe(TokenImpersonation);
    expect(t.impersonationLevel).toBe(SecurityImpersonation);
    expect(t.tokenId).not.toBe(limited.tokenId);
    expect(t.authenticationId).toBe(limited.authenticationId);
    expect(t.modifiedId).toBe(limited.modifiedId);
    expect(t.groups).toEqual(limited.groups);
    expect(t.groups[0]).not.toBe(limited.groups[0]); // a copy, not shared
    expect(t.linkedToken).toBe(limited.linkedToken);
  });
  it('defaults to SecurityAnonymous without a QoS', () => {
    const { luids, full } = pair();
    expect(NtDuplicateToken(full, { tokenType: TokenImpersonation }, luids).token!.impersonationLevel).toBe(
      SecurityAnonymous,
    );
  });
  it('refuses to raise the level of an impersonation token (STATUS_BAD_IMPERSONATION_LEVEL)', () => {
    const { luids, full } = pair();
    const ident = NtDuplicateToken(
      full,
      { tokenType: TokenImpersonation, securityQos: { impersonationLevel: SecurityIdentification } },
      luids,
    ).token!;
    expect(
      NtDuplicateToken(
        ident,
        { tokenType: TokenImpersonation, securityQos: { impersonationLevel: SecurityDelegation } },
        luids,
      ).status,
    ).toBe(STATUS.BAD_IMPERSONATION_LEVEL);
    // A primary token from an identification-level token is refused too.
    expect(NtDuplicateToken(ident, { tokenType: TokenPrimary }, luids).status).toBe(
      STATUS.BAD_IMPERSONATION_LEVEL,
    );
    // From an impersonation-level token a primary token may be made.
    const imp = NtDuplicateToken(
      full,
      { tokenType: TokenImpersonation, securityQos: { impersonationLevel: SecurityImpersonation } },
      luids,
    ).token!;
    expect(NtDuplicateToken(imp, { tokenType: TokenPrimary }, luids).status).toBe(STATUS.SUCCESS);
  });
  it('refuses a TokenType that is neither primary nor impersonation (STATUS_INVALID_PARAMETER)', () => {
    const { luids, full } = pair();
    expect(NtDuplicateToken(full, { tokenType: 3 }, luids).status).toBe(STATUS.INVALID_PARAMETER);
    expect(
      NtDuplicateToken(full, { tokenType: TokenImpersonation, securityQos: { impersonationLevel: 4 } }, luids)
        .status,
    ).toBe(STATUS.INVALID_PARAMETER);
  });
  it('EffectiveOnly drops disabled privileges but keeps the label and deny-only groups', () => {
    const { luids, limited } = pair();
    const t = NtDuplicateToken(limited, { tokenType: TokenPrimary, effectiveOnly: true }, luids).token!;
    expect(t.privileges.map((p) => p.luid)).toEqual([SE_CHANGE_NOTIFY_PRIVILEGE]);
    expect(t.groups).toHaveLength(limited.groups.length);
    expect(SeQueryTokenIntegrityLevel(t)).toBe(0x2000);
  });
});

describe('NtAdjustPrivilegesToken (ReactOS tokenadj.c; Microsoft Learn AdjustTokenPrivileges)', () => {
  it('enables SeDebugPrivilege in the full token and returns the previous state', () => {
    const { luids, full } = pair();
    const before = full.modifiedId;
    const r = NtAdjustPrivilegesToken(
      full,
      false,
      [{ luid: SE_DEBUG_PRIVILEGE, attributes: SE_PRIVILEGE_ENABLED }],
      luids,
    );
    expect(r).toEqual({
      status: STATUS.SUCCESS,
      previousState: [{ luid: SE_DEBUG_PRIVILEGE, attributes: 0 }],
    });
    expect(full.privileges.find((p) => p.luid === SE_DEBUG_PRIVILEGE)!.attributes).toBe(SE_PRIVILEGE_ENABLED);
    expect(full.modifiedId).not.toBe(before);
  });
  it('returns STATUS_NOT_ALL_ASSIGNED (a success code) for a privilege the token lacks', () => {
    const { limited } = pair();
    const r = NtAdjustPrivilegesToken(limited, false, [
      { luid: SE_DEBUG_PRIVILEGE, attributes: SE_PRIVILEGE_ENABLED },
      { luid: SE_SHUTDOWN_PRIVILEGE, attributes: SE_PRIVILEGE_ENABLED },
    ]);
    expect(r.status).toBe(STATUS.NOT_ALL_ASSIGNED);
    expect(r.status).toBe(0x106);
    expect(NT_SUCCESS(r.status)).toBe(true);
    expect(r.previousState).toEqual([{ luid: SE_SHUTDOWN_PRIVILEGE, attributes: 0 }]);
    expect(limited.privileges.find((p) => p.luid === SE_SHUTDOWN_PRIVILEGE)!.attributes).toBe(
      SE_PRIVILEGE_ENABLED,
    );
  });
  it('disables one privilege, keeping SE_PRIVILEGE_ENABLED_BY_DEFAULT', () => {
    const { limited } = pair();
    const r = NtAdjustPrivilegesToken(limited, false, [{ luid: SE_CHANGE_NOTIFY_PRIVILEGE, attributes: 0 }]);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(limited.privileges.find((p) => p.luid === SE_CHANGE_NOTIFY_PRIVILEGE)!.attributes).toBe(
      SE_PRIVILEGE_ENABLED_BY_DEFAULT,
    );
  });
  it('SE_PRIVILEGE_REMOVED deletes the privilege for good', () => {
    const { full } = pair();
    const r = NtAdjustPrivilegesToken(full, false, [
      { luid: SE_DEBUG_PRIVILEGE, attributes: SE_PRIVILEGE_REMOVED },
    ]);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(full.privileges.some((p) => p.luid === SE_DEBUG_PRIVILEGE)).toBe(false);
    expect(
      NtAdjustPrivilegesToken(full, false, [{ luid: SE_DEBUG_PRIVILEGE, attributes: SE_PRIVILEGE_ENABLED }])
        .status,
    ).toBe(STATUS.NOT_ALL_ASSIGNED);
  });
  it('DisableAllPrivileges ignores NewState; no NewState otherwise is STATUS_INVALID_PARAMETER', () => {
    const { full } = pair();
    const r = NtAdjustPrivilegesToken(full, true, undefined);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.previousState).toHaveLength(3);
    expect(full.privileges.every((p) => !(p.attributes & SE_PRIVILEGE_ENABLED))).toBe(true);
    expect(NtAdjustPrivilegesToken(full, false, undefined).status).toBe(STATUS.INVALID_PARAMETER);
  });
});

describe('privilege checks (SePrivilegeCheck, SeSinglePrivilegeCheck)', () => {
  it('needs the privilege present and enabled; kernel mode always passes', () => {
    const { full } = pair();
    expect(SeSinglePrivilegeCheck(SE_CHANGE_NOTIFY_PRIVILEGE, full, UserMode)).toBe(true);
    expect(SeSinglePrivilegeCheck(SE_DEBUG_PRIVILEGE, full, UserMode)).toBe(false); // present, disabled
    expect(SeSinglePrivilegeCheck(SE_TCB_PRIVILEGE, full, UserMode)).toBe(false); // absent
    expect(SeSinglePrivilegeCheck(SE_TCB_PRIVILEGE, full, KernelMode)).toBe(true);
  });
  it('all-necessary versus any, marking SE_PRIVILEGE_USED_FOR_ACCESS', () => {
    const { full } = pair();
    const set = {
      control: PRIVILEGE_SET_ALL_NECESSARY,
      privilege: [
        { luid: SE_CHANGE_NOTIFY_PRIVILEGE, attributes: 0 },
        { luid: SE_DEBUG_PRIVILEGE, attributes: 0 },
      ],
    };
    expect(SePrivilegeCheck(set, full, UserMode)).toBe(false);
    expect(set.privilege[0]!.attributes >>> 0).toBe(SE_PRIVILEGE_USED_FOR_ACCESS);
    expect(set.privilege[1]!.attributes).toBe(0);
    expect(SePrivilegeCheck({ ...set, control: 0 }, full, UserMode)).toBe(true);
  });
  it('SeDebugPrivilegeCheck gives what was asked, or GenericAll for MAXIMUM_ALLOWED, once enabled', () => {
    const { full } = pair();
    expect(SeDebugPrivilegeCheck(full, PROCESS_VM_READ, PspProcessMapping, UserMode)).toEqual({
      held: false,
      grantedAccess: 0,
    });
    NtAdjustPrivilegesToken(full, false, [{ luid: SE_DEBUG_PRIVILEGE, attributes: SE_PRIVILEGE_ENABLED }]);
    expect(SeDebugPrivilegeCheck(full, PROCESS_VM_READ, PspProcessMapping, UserMode)).toEqual({
      held: true,
      grantedAccess: PROCESS_VM_READ,
    });
    expect(SeDebugPrivilegeCheck(full, MAXIMUM_ALLOWED, PspProcessMapping, UserMode).grantedAccess).toBe(
      0x1fffff,
    );
    expect(SeDebugPrivilegeCheck(full, GENERIC_READ, PspProcessMapping, UserMode).grantedAccess).toBe(
      0x20410,
    );
  });
});
