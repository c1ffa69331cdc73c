import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObCreateObject, ObDereferenceObject, ObInsertObject, type ObjectHeader } from '../ob/index.js';
import {
  integrityLevelName,
  NtAdjustPrivilegesToken as SepAdjustPrivileges,
  RtlConvertSidToUnicodeString,
  SE_TCB_PRIVILEGE,
  SecurityAnonymous,
  SecurityIdentification,
  SepDuplicateToken,
  SeSinglePrivilegeCheck,
  sidRid,
  TOKEN_ADJUST_PRIVILEGES,
  TOKEN_ADJUST_SESSIONID,
  TOKEN_ALL_ACCESS,
  TOKEN_QUERY,
  TokenElevationTypeFull,
  TokenImpersonation,
  TokenPrimary,
  type SID,
  type TOKEN,
} from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceObjectByHandle } from './object-attributes.js';
import type { PsSystem } from './ps-system.js';
import { SepTokenSecurityDescriptor } from './security.js';

/** TOKEN_INFORMATION_CLASS (winnt.h), the classes the model answers. */
export const TOKEN_INFORMATION_CLASS = {
  TokenUser: 1,
  TokenGroups: 2,
  TokenPrivileges: 3,
  TokenOwner: 4,
  TokenPrimaryGroup: 5,
  TokenType: 8,
  TokenImpersonationLevel: 9,
  TokenSessionId: 12,
  TokenElevationType: 18,
  TokenLinkedToken: 19,
  TokenElevation: 20,
  TokenIntegrityLevel: 25,
} as const;

const sid = (s: SID): string => RtlConvertSidToUnicodeString(s);

function referenceToken(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  access: number,
): { status: NTSTATUS; token?: TOKEN; header?: ObjectHeader } {
  const r = PspReferenceObjectByHandle<TOKEN>(ps, caller, handle, access, ps.tokenType.typeInfo);
  return r.object ? { status: r.status, token: r.object, header: r.header! } : { status: r.status };
}

/** A new handle in the caller's table to `token` (a token object made for it). */
function insertToken(ps: PsSystem, caller: PsCaller, token: TOKEN): { status: NTSTATUS; handle?: number } {
  const { ob } = ps.deps;
  const created = ObCreateObject(ob, {
    type: ps.tokenType.typeInfo,
    body: token,
    attributes: 0,
    securityDescriptor: SepTokenSecurityDescriptor(caller.process.Token ?? token, token),
    accessMode: caller.previousMode,
  });
  if (!created.object) return { status: created.status };
  const header = created.object as ObjectHeader<TOKEN>;
  const ins = ObInsertObject(ob, header, {
    desiredAccess: TOKEN_ALL_ACCESS,
    process: caller.process,
    accessMode: caller.previousMode,
  });
  if (ins.status !== STATUS.SUCCESS) return { status: ins.status };
  ps.tokenObjects.set(token, header);
  return { status: STATUS.SUCCESS, handle: ins.handle! };
}

/**
 * NtQueryInformationToken (Microsoft Learn "NtQueryInformationToken" / "GetTokenInformation";
 * TOKEN_INFORMATION_CLASS): the handle needs TOKEN_QUERY. SIDs come back as strings. TokenLinkedToken
 * gives a new handle to the other half of a UAC split token — a primary token when the caller holds
 * SeTcbPrivilege, else an identification-level impersonation token (Learn, TOKEN_LINKED_TOKEN); a token
 * without one is STATUS_NO_SUCH_LOGON_SESSION. Another class is STATUS_INVALID_INFO_CLASS.
 */
export function NtQueryInformationToken(
  ps: PsSystem,
  caller: PsCaller,
  p: { TokenHandle: number; TokenInformationClass: number },
): { status: NTSTATUS; TokenInformation?: unknown } {
  return ps.deps.trace.call(
    { layer: 'kernel', module: 'nt', fn: 'NtQueryInformationToken', channel: 'se', args: { ...p } },
    (): { status: NTSTATUS; value?: { status: NTSTATUS; TokenInformation?: unknown } } => {
      const ref = referenceToken(ps, caller, p.TokenHandle, TOKEN_QUERY);
      if (!ref.token) return { status: ref.status, value: { status: ref.status } };
      const t = ref.token;
      ObDereferenceObject(ps.deps.ob, ref.header!);
      const C = TOKEN_INFORMATION_CLASS;
      let info: unknown;
      switch (p.TokenInformationClass) {
        case C.TokenUser:
          info = { User: { Sid: sid(t.user.sid), Attributes: 0 } };
          break;
        case C.TokenGroups:
          info = {
            GroupCount: t.groups.length,
            Groups: t.groups.map((g) => ({ Sid: sid(g.sid), Attributes: g.attributes })),
          };
          break;
        case C.TokenPrivileges:
          info = {
            PrivilegeCount: t.privileges.length,
            Privileges: t.privileges.map((x) => ({ Luid: x.luid, Attributes: x.attributes })),
          };
          break;
        case C.TokenOwner:
          info = { Owner: sid(t.owner) };
          break;
        case C.TokenPrimaryGroup:
          info = { PrimaryGroup: sid(t.primaryGroup) };
          break;
        case C.TokenType:
          info = t.tokenType;
          break;
        case C.TokenImpersonationLevel:
          if (t.tokenType !== TokenImpersonation)
            return { status: STATUS.INVALID_INFO_CLASS, value: { status: STATUS.INVALID_INFO_CLASS } };
          info = t.impersonationLevel;
          break;
        case C.TokenSessionId:
          info = t.sessionId;
          break;
        case C.TokenElevationType:
          info = t.elevationType;
          break;
        case C.TokenElevation:
          info = { TokenIsElevated: t.elevationType === TokenElevationTypeFull ? 1 : 0 };
          break;
        case C.TokenIntegrityLevel: {
          const label = t.groups.find((g) => g.sid.identifierAuthority === 16);
          info = label
            ? {
                Label: { Sid: sid(label.sid), Attributes: label.attributes },
                Name: integrityLevelName(sidRid(label.sid) ?? 0),
              }
            : null;
          break;
        }
        case C.TokenLinkedToken: {
          const linked = t.linkedToken;
          if (!linked)
            return { status: STATUS.NO_SUCH_LOGON_SESSION, value: { status: STATUS.NO_SUCH_LOGON_SESSION } };
          const tcb = caller.process.Token
            ? SeSinglePrivilegeCheck(SE_TCB_PRIVILEGE, caller.process.Token, caller.previousMode)
            : false;
          const copy = SepDuplicateToken(
            linked,
            false,
            tcb ? TokenPrimary : TokenImpersonation,
            tcb ? SecurityAnonymous : SecurityIdentification,
            ps.deps.luids,
          );
          const h = insertToken(ps, caller, copy);
          if (h.handle === undefined) return { status: h.status, value: { status: h.status } };
          info = { LinkedToken: h.handle };
          break;
        }
        default:
          return { status: STATUS.INVALID_INFO_CLASS, value: { status: STATUS.INVALID_INFO_CLASS } };
      }
      return { status: STATUS.SUCCESS, value: { status: STATUS.SUCCESS, TokenInformation: info } };
    },
  ).value!;
}

/**
 * NtSetInformationToken (Learn "SetTokenInformation"): TokenSessionId needs TOKEN_ADJUST_SESSIONID
 * and SeTcbPrivilege (STATUS_PRIVILEGE_NOT_HELD); other classes are not modelled
 * (STATUS_INVALID_INFO_CLASS).
 */
export function NtSetInformationToken(
  ps: PsSystem,
  caller: PsCaller,
  p: { TokenHandle: number; TokenInformationClass: number; TokenInformation: unknown },
): NTSTATUS {
  if (p.TokenInformationClass !== TOKEN_INFORMATION_CLASS.TokenSessionId) return STATUS.INVALID_INFO_CLASS;
  const ref = referenceToken(ps, caller, p.TokenHandle, TOKEN_ADJUST_SESSIONID);
  if (!ref.token) return ref.status;
  ObDereferenceObject(ps.deps.ob, ref.header!);
  const own = caller.process.Token;
  if (!own || !SeSinglePrivilegeCheck(SE_TCB_PRIVILEGE, own, caller.previousMode))
    return STATUS.PRIVILEGE_NOT_HELD;
  ref.token.sessionId = Number(p.TokenInformation) >>> 0;
  return STATUS.SUCCESS;
}

/**
 * NtAdjustPrivilegesToken (Learn "AdjustTokenPrivileges"): TOKEN_ADJUST_PRIVILEGES on the handle,
 * then se's rules (a privilege the token lacks leaves the others done and gives
 * STATUS_NOT_ALL_ASSIGNED). PreviousState lists what changed.
 */
export function NtAdjustPrivilegesToken(
  ps: PsSystem,
  caller: PsCaller,
  p: {
    TokenHandle: number;
    DisableAllPrivileges: boolean;
    NewState?: { Luid: number; Attributes: number }[] | null;
  },
): { status: NTSTATUS; PreviousState?: { Luid: number; Attributes: number }[] } {
  const ref = referenceToken(ps, caller, p.TokenHandle, TOKEN_ADJUST_PRIVILEGES);
  if (!ref.token) return { status: ref.status };
  ObDereferenceObject(ps.deps.ob, ref.header!);
  const r = SepAdjustPrivileges(
    ref.token,
    p.DisableAllPrivileges,
    p.NewState ? p.NewState.map((x) => ({ luid: x.Luid, attributes: x.Attributes })) : undefined,
    ps.deps.luids,
  );
  return {
    status: r.status,
    PreviousState: r.previousState.map((x) => ({ Luid: x.luid, Attributes: x.attributes })),
  };
}
