import { ModelError, STATUS, type NTSTATUS } from '../base/index.js';
import type { Kernel } from '../kernel/kernel.js';
import { ObCreateObject, ObInsertObject, type ObjectHeader } from '../kernel/ob/index.js';
import type { EPROCESS } from '../kernel/ps/index.js';
import {
  createInteractiveUserTokens,
  createLuidAllocator,
  createSid,
  INTEGRITY_GROUP,
  lookupPrivilegeValue,
  lookupSidName,
  MACHINE_NAME,
  machineAccountSid,
  MANDATORY_GROUP,
  RtlConvertSidToUnicodeString,
  RtlEqualSid,
  SE_CHANGE_NOTIFY_PRIVILEGE,
  SE_CREATE_GLOBAL_PRIVILEGE,
  SE_CREATE_TOKEN_PRIVILEGE,
  SE_GROUP_LOGON_ID,
  SE_GROUP_OWNER,
  SE_GROUP_USE_FOR_DENY_ONLY,
  SE_IMPERSONATE_PRIVILEGE,
  SE_PRIVILEGE_ENABLED,
  SE_PRIVILEGE_ENABLED_BY_DEFAULT,
  SE_TCB_PRIVILEGE,
  SeAssignSecurity,
  SecurityAnonymous,
  SecurityImpersonation,
  SepCreateToken,
  SepUserDefaultDacl,
  SYSTEM_MANDATORY_LABEL_NO_WRITE_UP,
  TOKEN_ADJUST_PRIVILEGES,
  TOKEN_ALL_ACCESS,
  TOKEN_IS_FILTERED,
  TOKEN_NOT_LOW,
  TOKEN_QUERY,
  TOKEN_VIRTUALIZE_ALLOWED,
  TokenElevationTypeDefault,
  TokenElevationTypeFull,
  TokenElevationTypeLimited,
  TokenImpersonation,
  TokenPrimary,
  UserMode,
  type SID,
  type TOKEN,
  type TOKEN_ELEVATION_TYPE,
} from '../kernel/se/index.js';
import * as W from '../kernel/se/index.js';
import {
  LOGON32_LOGON,
  LOGON_STATUS,
  LogonUserW,
  type Advapi32Rpc,
  type LsaAuthenticationPort,
  type LsaLogonReply,
  type LsaLogonRequest,
} from '../advapi32/index.js';
import {
  CreateProcessAsUserW,
  InitializeProcThreadAttributeList,
  PROC_THREAD_ATTRIBUTE,
  PROC_THREAD_ATTRIBUTE_LIST,
  procThreadAttributeListSize,
  UpdateProcThreadAttribute,
  type CreateProcessRequest,
} from '../kernelbase/index.js';
import { NtCurrentProcess, ntStubOutNumber, type UserThreadContext } from '../ntdll/index.js';
import type { Shell32Rpc } from '../shell32/index.js';
import { AppInfoService, SeclogonService, type ServiceHost } from '../subsystems/seclogon/index.js';
import type { BootedMachine } from './boot.js';
import type { UserModeRuntime } from './user-mode.js';

// ─── The account database (SAM) ────────────────────────────────────────────────────────────────

/** A local account as scenario.md's `machine.users` gives it. */
export interface LocalAccountSpec {
  password?: string;
  /** Local groups by name: `Users`, `Administrators`, `Guests`, `Power Users`, `Backup Operators`, … */
  groups?: string[];
  /** Privileges (`SeImpersonatePrivilege` …) and logon rights (`SeBatchLogonRight` …) granted to the account. */
  privileges?: string[];
  disabled?: boolean;
}

/** A principal of the machine: a SAM account (RID under the machine's domain) or SYSTEM. */
export interface LocalAccount {
  name: string;
  sid: SID;
  /** The RID for a SAM account; undefined for SYSTEM (a well-known principal, not in SAM). */
  rid?: number;
  /** The cleartext password the model compares ('' blank); null: no password logon (SYSTEM). */
  password: string | null;
  /** The local groups (BUILTIN aliases) it is a member of. */
  groups: SID[];
  /** Privileges granted to the account itself (LUIDs), beyond those of its groups' tokens. */
  privileges: number[];
  /** Logon rights granted to the account itself (`SeBatchLogonRight` …). */
  logonRights: string[];
  disabled: boolean;
  builtin: boolean;
  /** USERPROFILE (ProfileList's ProfileImagePath). */
  profilePath: string;
}

const builtin = (rid: number): SID => createSid(W.SECURITY_NT_AUTHORITY, W.SECURITY_BUILTIN_DOMAIN_RID, rid);

/** BUILTIN aliases by name (winnt.h DOMAIN_ALIAS_RID_*). */
const ALIASES: ReadonlyMap<string, SID> = new Map([
  ['ADMINISTRATORS', W.SeAliasAdminsSid],
  ['USERS', W.SeAliasUsersSid],
  ['GUESTS', W.SeAliasGuestsSid],
  ['POWER USERS', W.SeAliasPowerUsersSid],
  ['BACKUP OPERATORS', builtin(551)],
  ['REMOTE DESKTOP USERS', builtin(555)],
  ['PERFORMANCE LOG USERS', builtin(559)],
]);

const LOGON_RIGHTS = [
  'SeInteractiveLogonRight',
  'SeNetworkLogonRight',
  'SeBatchLogonRight',
  'SeServiceLogonRight',
  'SeRemoteInteractiveLogonRight',
];

/** The first RID Windows setup hands out to an account it creates (the interactive user has it). */
const FIRST_USER_RID = W.MACHINE_USER_RID;

function aliasOf(name: string): SID {
  const sid = ALIASES.get(name.replace(/^BUILTIN\\/i, '').toUpperCase());
  if (!sid) throw new ModelError('ACCOUNT_GROUP', `machine.users: unknown local group "${name}"`, { name });
  return sid;
}

/**
 * The machine's local accounts (the SAM database of DESKTOP and SYSTEM):
 * - the built-in accounts of a Windows 10 install (Microsoft Learn "Local Accounts"): Administrator
 *   (RID 500, disabled, blank password), Guest (501, disabled), DefaultAccount (503, disabled);
 * - the interactive user `user` (RID 1001, Administrators and Users: the UAC split of
 *   src/kernel/se/user-tokens.ts), with a blank password unless `users.user.password` sets one;
 * - SYSTEM, a principal that cannot log on with a password;
 * - the scenario's accounts, RIDs 1002 up in the order given.
 */
export class AccountDatabase {
  private readonly list: LocalAccount[] = [];

  constructor(users: Readonly<Record<string, LocalAccountSpec>> = {}) {
    const sam = (name: string, rid: number, groups: SID[], o: Partial<LocalAccount> = {}): void => {
      this.list.push({
        name,
        sid: machineAccountSid(rid),
        rid,
        password: '',
        groups,
        privileges: [],
        logonRights: [],
        disabled: false,
        builtin: true,
        profilePath: `C:\\Users\\${name}`,
        ...o,
      });
    };
    this.list.push({
      name: 'SYSTEM',
      sid: W.SeLocalSystemSid,
      password: null,
      groups: [W.SeAliasAdminsSid],
      privileges: [],
      logonRights: [],
      disabled: false,
      builtin: true,
      profilePath: 'C:\\Windows\\system32\\config\\systemprofile',
    });
    sam('Administrator', W.DOMAIN_USER_RID_ADMIN, [W.SeAliasAdminsSid], { disabled: true });
    sam('Guest', W.DOMAIN_USER_RID_GUEST, [W.SeAliasGuestsSid], { disabled: true });
    sam('DefaultAccount', 503, [], { disabled: true });
    sam(W.MACHINE_USER_NAME, W.MACHINE_USER_RID, [W.SeAliasAdminsSid, W.SeAliasUsersSid]);
    let rid = FIRST_USER_RID + 1;
    for (const [name, spec] of Object.entries(users)) {
      const existing = this.lookupName(name);
      const privileges: number[] = [];
      const logonRights: string[] = [];
      for (const p of spec.privileges ?? []) {
        const right = LOGON_RIGHTS.find((r) => r.toLowerCase() === p.toLowerCase());
        if (right) {
          logonRights.push(right);
          continue;
        }
        const v = lookupPrivilegeValue(p);
        if (v.luid === undefined)
          throw new ModelError('ACCOUNT_PRIVILEGE', `machine.users.${name}: unknown privilege "${p}"`, {
            name: p,
          });
        privileges.push(v.luid);
      }
      if (existing?.rid !== undefined) {
        // A built-in account the scenario configures (e.g. the interactive user's password).
        if (spec.password !== undefined) existing.password = spec.password;
        if (spec.groups) existing.groups = spec.groups.map(aliasOf);
        if (spec.disabled !== undefined) existing.disabled = spec.disabled;
        existing.privileges.push(...privileges);
        existing.logonRights.push(...logonRights);
        continue;
      }
      if (existing)
        throw new ModelError('ACCOUNT_NAME', `machine.users: "${name}" is a built-in principal`, { name });
      this.list.push({
        name,
        sid: machineAccountSid(rid),
        rid: rid++,
        password: spec.password ?? '',
        groups: (spec.groups ?? ['Users']).map(aliasOf),
        privileges,
        logonRights,
        disabled: spec.disabled ?? false,
        builtin: false,
        profilePath: `C:\\Users\\${name}`,
      });
    }
  }

  accounts(): readonly LocalAccount[] {
    return this.list;
  }

  /** An account by name (case-insensitive, as SAM compares). */
  lookupName(name: string): LocalAccount | undefined {
    const want = name.toLowerCase();
    return this.list.find((a) => a.name.toLowerCase() === want);
  }

  lookupSid(sid: SID): LocalAccount | undefined {
    return this.list.find((a) => RtlEqualSid(a.sid, sid));
  }

  /** LookupAccountSid as `DOMAIN\name`: the machine's accounts, then kernel/se's well-known names. */
  displayName(sid: SID): string {
    const a = this.lookupSid(sid);
    if (a && a.rid !== undefined) return `${MACHINE_NAME}\\${a.name}`;
    const n = lookupSidName(sid);
    if (!n) return RtlConvertSidToUnicodeString(sid);
    return n.domain ? `${n.domain}\\${n.name}` : n.name;
  }
}

// ─── Tokens of a logon (LSA's LsapCreateToken) ──────────────────────────────────────────────────

/**
 * The privileges of the two halves of an administrator's split token, as kernel/se builds them for
 * the interactive user (createInteractiveUserTokens): one source for the model's privilege sets. A
 * throwaway LUID allocator keeps the kernel's own sequence untouched.
 */
const REFERENCE_PRIVILEGES = (() => {
  const pair = createInteractiveUserTokens(createLuidAllocator());
  const copy = (t: TOKEN) => t.privileges.map((p) => ({ luid: p.luid, attributes: p.attributes }));
  return { limited: copy(pair.limited), full: copy(pair.full) };
})();

/** Privileges LSA enables by default when it grants them (the ones enabled in an elevated token). */
const ENABLED_BY_DEFAULT = new Set([
  SE_CHANGE_NOTIFY_PRIVILEGE,
  SE_IMPERSONATE_PRIVILEGE,
  SE_CREATE_GLOBAL_PRIVILEGE,
]);

function withPrivileges(
  base: readonly { luid: number; attributes: number }[],
  extra: readonly number[],
): { luid: number; attributes: number }[] {
  const out = base.map((p) => ({ ...p }));
  for (const luid of extra)
    if (!out.some((p) => p.luid === luid))
      out.push({
        luid,
        attributes: ENABLED_BY_DEFAULT.has(luid) ? SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_ENABLED_BY_DEFAULT : 0,
      });
  return out.sort((a, b) => a.luid - b.luid);
}

/** The SID a logon type adds (winnt.h SECURITY_*_RID): INTERACTIVE, NETWORK, BATCH or SERVICE. */
function logonTypeSid(logonType: number): SID {
  switch (logonType) {
    case LOGON32_LOGON.NETWORK:
    case LOGON32_LOGON.NETWORK_CLEARTEXT:
      return W.SeNetworkSid;
    case LOGON32_LOGON.BATCH:
      return W.SeBatchSid;
    case LOGON32_LOGON.SERVICE:
      return W.SeServiceSid;
    default:
      return W.SeInteractiveSid;
  }
}

interface TokenShape {
  /** Administrators (and "Local account and member of Administrators group") enabled: the elevated half. */
  elevated: boolean;
  /** Administrators present at all (else a standard user). */
  admin: boolean;
  elevationType: TOKEN_ELEVATION_TYPE;
  filtered: boolean;
}

/**
 * The groups of a password logon of a local account, in the order of a Windows 10 `whoami /groups`
 * (the order kernel/se's interactiveGroups has for the interactive user): DESKTOP\None, Everyone,
 * the Administrators pair (deny-only in the filtered half, enabled — Administrators as owner — in
 * the elevated one), the account's other local groups, the logon type's SID, CONSOLE LOGON for an
 * interactive logon, Authenticated Users, This Organization, Local account, the logon SID, LOCAL,
 * NTLM Authentication, and the integrity label (High for the elevated half, Medium otherwise).
 */
function logonGroups(account: LocalAccount, logonType: number, shape: TokenShape, logonSid: SID) {
  const adminAttr = shape.elevated ? MANDATORY_GROUP : SE_GROUP_USE_FOR_DENY_ONLY;
  const interactive = logonType === LOGON32_LOGON.INTERACTIVE || logonType === LOGON32_LOGON.UNLOCK;
  return [
    { sid: W.MachineNoneGroupSid, attributes: MANDATORY_GROUP },
    { sid: W.SeWorldSid, attributes: MANDATORY_GROUP },
    ...(shape.admin
      ? [
          { sid: W.SeLocalAccountAndAdminSid, attributes: adminAttr },
          {
            sid: W.SeAliasAdminsSid,
            attributes: shape.elevated ? MANDATORY_GROUP | SE_GROUP_OWNER : adminAttr,
          },
        ]
      : []),
    ...account.groups
      .filter((g) => !RtlEqualSid(g, W.SeAliasAdminsSid))
      .map((sid) => ({ sid, attributes: MANDATORY_GROUP })),
    { sid: logonTypeSid(logonType), attributes: MANDATORY_GROUP },
    ...(interactive ? [{ sid: W.SeLocalLogonSid, attributes: MANDATORY_GROUP }] : []),
    { sid: W.SeAuthenticatedUsersSid, attributes: MANDATORY_GROUP },
    { sid: W.SeThisOrganizationSid, attributes: MANDATORY_GROUP },
    { sid: W.SeLocalAccountSid, attributes: MANDATORY_GROUP },
    { sid: logonSid, attributes: (MANDATORY_GROUP | SE_GROUP_LOGON_ID) >>> 0 },
    { sid: W.SeLocalSid, attributes: MANDATORY_GROUP },
    { sid: W.SeNtlmAuthenticationSid, attributes: MANDATORY_GROUP },
    { sid: shape.elevated ? W.SeHighMandatorySid : W.SeMediumMandatorySid, attributes: INTEGRITY_GROUP },
  ];
}

/**
 * LsapCreateToken for a password logon (Windows Internals 7 ch. 7 "Logon": LSA builds the token
 * from SAM's groups and LSA policy's privileges; "Elevation": a member of Administrators gets two
 * linked tokens):
 * - an administrator, interactive or batch logon: the UAC pair — filtered (Medium, Administrators
 *   deny-only, the five standard-user privileges, TOKEN_IS_FILTERED, TokenElevationTypeLimited)
 *   and elevated (High, Administrators enabled and owner, the elevated privileges and the
 *   account's own, TokenElevationTypeFull), linked both ways; the filtered one is returned;
 * - an administrator, service logon: the elevated token alone (services are not filtered);
 * - an administrator, network logon: the filtered token alone, unlinked (remote UAC,
 *   LocalAccountTokenFilterPolicy 0);
 * - a standard user: one Medium token, the standard privileges and the account's own,
 *   TokenElevationTypeDefault.
 * Each token has its own logon session (AuthenticationId); they share one logon SID. A network
 * logon's token is an impersonation token (SecurityImpersonation): LogonUser returns "an
 * impersonation token, not a primary token". Source `Advapi`; the default DACL the interactive
 * user's tokens get (SepUserDefaultDacl).
 */
export function LsapCreateLogonTokens(
  kernel: Kernel,
  account: LocalAccount,
  logonType: number,
  sessionId: number,
): TOKEN {
  const luids = kernel.luids;
  const logonSid = W.logonSessionSid(luids.ExAllocateLocallyUniqueId());
  const admin = account.groups.some((g) => RtlEqualSid(g, W.SeAliasAdminsSid));
  const network = logonType === LOGON32_LOGON.NETWORK;
  const make = (shape: TokenShape): TOKEN => {
    const owner = shape.elevated ? W.SeAliasAdminsSid : account.sid;
    const privileges = shape.elevated
      ? withPrivileges(REFERENCE_PRIVILEGES.full, account.privileges)
      : withPrivileges(REFERENCE_PRIVILEGES.limited, shape.filtered ? [] : account.privileges);
    let tokenFlags = TOKEN_NOT_LOW;
    if (!shape.elevated) tokenFlags |= TOKEN_VIRTUALIZE_ALLOWED;
    if (shape.filtered) tokenFlags |= TOKEN_IS_FILTERED;
    return SepCreateToken(
      {
        tokenType: network ? TokenImpersonation : TokenPrimary,
        impersonationLevel: network ? SecurityImpersonation : SecurityAnonymous,
        authenticationId: luids.ExAllocateLocallyUniqueId(),
        user: account.sid,
        groups: logonGroups(account, logonType, shape, logonSid),
        privileges,
        owner,
        primaryGroup: W.MachineNoneGroupSid,
        defaultDacl: SepUserDefaultDacl(owner, logonSid),
        source: { sourceName: 'Advapi', sourceIdentifier: 0 },
        sessionId,
        elevationType: shape.elevationType,
        tokenFlags,
      },
      luids,
    );
  };
  if (!admin)
    return make({ elevated: false, admin: false, elevationType: TokenElevationTypeDefault, filtered: false });
  if (logonType === LOGON32_LOGON.SERVICE)
    return make({ elevated: true, admin: true, elevationType: TokenElevationTypeDefault, filtered: false });
  if (network || logonType === LOGON32_LOGON.NETWORK_CLEARTEXT)
    return make({ elevated: false, admin: true, elevationType: TokenElevationTypeDefault, filtered: true });
  const full = make({ elevated: true, admin: true, elevationType: TokenElevationTypeFull, filtered: false });
  const limited = make({
    elevated: false,
    admin: true,
    elevationType: TokenElevationTypeLimited,
    filtered: true,
  });
  full.linkedToken = limited;
  limited.linkedToken = full;
  return limited;
}

/**
 * A token object for `token` with a handle in `process` (what NtCreateToken does once its checks
 * pass: ObCreateObject of SeTokenObjectType with the creator's descriptor labelled with the token's
 * integrity, ObInsertObject into the creator's table). NtCreateToken is not a registered system
 * service in the model; LSA and the token stand-ins below use this.
 */
function insertTokenObject(
  kernel: Kernel,
  process: EPROCESS,
  token: TOKEN,
  desiredAccess: number,
): { status: NTSTATUS; handle?: number } {
  const creator = process.Token ?? token;
  const created = ObCreateObject(kernel.ob, {
    type: kernel.ps.tokenType.typeInfo,
    body: token,
    attributes: 0,
    securityDescriptor: SeAssignSecurity(creator, { token, policy: SYSTEM_MANDATORY_LABEL_NO_WRITE_UP }),
    accessMode: UserMode,
  });
  if (!created.object) return { status: created.status };
  const ins = ObInsertObject(kernel.ob, created.object, { desiredAccess, process, accessMode: UserMode });
  if (ins.status !== STATUS.SUCCESS) return { status: ins.status };
  kernel.ps.tokenObjects.set(token, created.object as ObjectHeader<TOKEN>);
  return { status: STATUS.SUCCESS, handle: ins.handle! };
}

/** Whether the process's primary token holds `privilege` enabled. */
function holdsEnabled(process: EPROCESS, privilege: number): boolean {
  return (process.Token?.privileges ?? []).some(
    (p) => p.luid === privilege && p.attributes & SE_PRIVILEGE_ENABLED,
  );
}

// ─── LSA (lsass.exe) ───────────────────────────────────────────────────────────────────────────

/** The logon rights LSA policy grants by default on a workstation, by logon type. */
const DEFAULT_LOGON_RIGHTS: ReadonlyMap<string, readonly SID[]> = new Map([
  // "Allow log on locally": Administrators, Backup Operators, Guests, Users.
  ['SeInteractiveLogonRight', [W.SeAliasAdminsSid, builtin(551), W.SeAliasGuestsSid, W.SeAliasUsersSid]],
  // "Access this computer from the network": Everyone, Administrators, Users, Backup Operators.
  ['SeNetworkLogonRight', [W.SeWorldSid, W.SeAliasAdminsSid, W.SeAliasUsersSid, builtin(551)]],
  // "Log on as a batch job": Administrators, Backup Operators, Performance Log Users.
  ['SeBatchLogonRight', [W.SeAliasAdminsSid, builtin(551), builtin(559)]],
  // "Log on as a service": NT SERVICE\ALL SERVICES.
  ['SeServiceLogonRight', [W.SeAllServicesSid]],
]);

function rightOf(logonType: number): string | null {
  switch (logonType) {
    case LOGON32_LOGON.INTERACTIVE:
    case LOGON32_LOGON.UNLOCK:
      return 'SeInteractiveLogonRight';
    case LOGON32_LOGON.NETWORK:
    case LOGON32_LOGON.NETWORK_CLEARTEXT:
      return 'SeNetworkLogonRight';
    case LOGON32_LOGON.BATCH:
      return 'SeBatchLogonRight';
    case LOGON32_LOGON.SERVICE:
      return 'SeServiceLogonRight';
    default:
      return null;
  }
}

export interface LsaServerOptions {
  kernel: Kernel;
  /** lsass.exe, and a context of one of its threads (its own system calls). */
  lsass: EPROCESS;
  ctx: UserThreadContext;
  accounts: AccountDatabase;
}

/**
 * LSA in lsass.exe answering LsaLogonUser (Windows Internals 7 ch. 7 "Logon"; Microsoft Learn
 * "LsaLogonUser", "MSV1_0 Authentication Package"):
 * 1. MSV1_0 authenticates against SAM: the account (`name`, `name@domain`; the domain `.`,
 *    `DESKTOP` or NULL — on a workgroup computer any other domain is looked up locally too), its
 *    password (exact match) — STATUS_LOGON_FAILURE with SubStatus STATUS_NO_SUCH_USER /
 *    STATUS_WRONG_PASSWORD; then the account restrictions: disabled (STATUS_ACCOUNT_DISABLED), a
 *    blank password when HKLM\…\Control\Lsa LimitBlankPasswordUse is 1 (STATUS_ACCOUNT_RESTRICTION:
 *    "local accounts that aren't password protected can only be used to log on at the computer's
 *    keyboard");
 * 2. LSA policy: the logon type's right, from the account or its groups
 *    (STATUS_LOGON_TYPE_NOT_GRANTED);
 * 3. the token(s) (LsapCreateLogonTokens) in the client's session, created in lsass (NtCreateToken)
 *    and duplicated into the client (NtDuplicateObject, DUPLICATE_CLOSE_SOURCE).
 * LOGON32_LOGON_NEW_CREDENTIALS copies the client's token into a new logon session without
 * checking the credentials (they would be kept for outbound connections). SYSTEM, LOCAL SERVICE and
 * NETWORK SERVICE logons (`NT AUTHORITY`) are not modelled: STATUS_LOGON_FAILURE.
 */
export class LsaServer {
  private readonly kernel: Kernel;
  private readonly lsass: EPROCESS;
  private readonly ctx: UserThreadContext;
  readonly accounts: AccountDatabase;

  constructor(o: LsaServerOptions) {
    this.kernel = o.kernel;
    this.lsass = o.lsass;
    this.ctx = o.ctx;
    this.accounts = o.accounts;
  }

  LsaLogonUser(client: { processId: number; threadId: number }, request: LsaLogonRequest): LsaLogonReply {
    return this.kernel.trace.call<LsaLogonReply>(
      {
        layer: 'user',
        module: 'lsasrv',
        fn: 'LsaLogonUser',
        channel: 'se',
        pid: this.lsass.UniqueProcessId,
        args: {
          client: `${client.processId}.${client.threadId}`,
          userName: request.userName,
          domain: request.domain,
          logonType: request.logonType,
        },
      },
      (span) => {
        const r = this.logon(client, request, (t, d) => span.note(t, d));
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

  private logon(
    client: { processId: number; threadId: number },
    request: LsaLogonRequest,
    note: (text: string, data?: Record<string, string | number | boolean | null>) => void,
  ): LsaLogonReply {
    const caller = this.kernel.ps.cid.lookup(client.processId) as EPROCESS | undefined;
    if (!caller || caller.exited || !caller.Token) return { status: STATUS.INVALID_CID };
    let token: TOKEN;
    if (request.logonType === LOGON32_LOGON.NEW_CREDENTIALS) {
      let source = caller;
      if (request.impersonating !== undefined && holdsEnabled(caller, SE_IMPERSONATE_PRIVILEGE)) {
        const p = this.kernel.ps.cid.lookup(request.impersonating) as EPROCESS | undefined;
        if (!p || !p.Token) return { status: STATUS.INVALID_CID };
        source = p;
      }
      token = this.cloneForNewCredentials(source.Token!);
      note("LOGON32_LOGON_NEW_CREDENTIALS: a copy of the caller's token in a new logon session", {
        user: this.accounts.displayName(token.user.sid),
      });
    } else {
      const auth = this.authenticate(request);
      if (auth.status !== STATUS.SUCCESS) return auth;
      const account = auth.account!;
      let session = caller.SessionId;
      if (request.sessionId !== undefined && holdsEnabled(caller, SE_TCB_PRIVILEGE))
        session = request.sessionId;
      token = LsapCreateLogonTokens(this.kernel, account, request.logonType, session);
      note('token', {
        user: this.accounts.displayName(account.sid),
        session,
        elevationType: token.elevationType,
        linked: token.linkedToken !== undefined,
      });
    }
    return this.giveToken(token, client.processId);
  }

  /** MSV1_0's checks and LSA policy's logon right: the account, or the failure. */
  private authenticate(request: LsaLogonRequest): LsaLogonReply & { account?: LocalAccount } {
    let name = request.userName;
    let domain = request.domain;
    const at = name.indexOf('@');
    if (domain === null && at > 0) {
      domain = name.slice(at + 1);
      name = name.slice(0, at);
    }
    const failure = (subStatus: number): LsaLogonReply => ({ status: LOGON_STATUS.LOGON_FAILURE, subStatus });
    if (domain !== null && /^nt authority$/i.test(domain)) return failure(LOGON_STATUS.NO_SUCH_USER);
    const account = this.accounts.lookupName(name);
    if (!account || account.rid === undefined || account.password === null)
      return failure(LOGON_STATUS.NO_SUCH_USER);
    if ((request.password ?? '') !== account.password) return failure(LOGON_STATUS.WRONG_PASSWORD);
    if (account.disabled) return { status: LOGON_STATUS.ACCOUNT_DISABLED };
    if (account.password === '' && this.limitBlankPasswordUse())
      return { status: LOGON_STATUS.ACCOUNT_RESTRICTION };
    const right = rightOf(request.logonType);
    if (right) {
      const holders = DEFAULT_LOGON_RIGHTS.get(right) ?? [];
      const member = [W.SeWorldSid, ...account.groups].some((g) => holders.some((h) => RtlEqualSid(g, h)));
      if (!member && !account.logonRights.includes(right))
        return { status: LOGON_STATUS.LOGON_TYPE_NOT_GRANTED };
    }
    return { status: STATUS.SUCCESS, account };
  }

  /** HKLM\SYSTEM\CurrentControlSet\Control\Lsa LimitBlankPasswordUse (1 when absent, the default). */
  private limitBlankPasswordUse(): boolean {
    const nt = this.ctx.nt;
    const k = nt.NtOpenKey({
      DesiredAccess: 0x1,
      ObjectAttributes: { ObjectName: '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa' },
    });
    if (k.status !== STATUS.SUCCESS) return true;
    const h = ntStubOutNumber(k.out?.KeyHandle);
    try {
      const v = nt.NtQueryValueKey({
        KeyHandle: h,
        ValueName: 'LimitBlankPasswordUse',
        KeyValueInformationClass: 2,
      });
      const data = (v.out?.KeyValueInformation as { Data?: Uint8Array } | undefined)?.Data;
      if (v.status !== STATUS.SUCCESS || !data || data.length < 4) return true;
      return (data[0]! | (data[1]! << 8) | (data[2]! << 16) | (data[3]! << 24)) !== 0;
    } finally {
      nt.NtClose({ Handle: h });
    }
  }

  private cloneForNewCredentials(t: TOKEN): TOKEN {
    const luids = this.kernel.luids;
    const copy = SepCreateToken(
      {
        tokenType: TokenPrimary,
        authenticationId: luids.ExAllocateLocallyUniqueId(),
        user: t.user.sid,
        groups: t.groups,
        privileges: t.privileges,
        owner: t.owner,
        primaryGroup: t.primaryGroup,
        ...(t.defaultDacl ? { defaultDacl: t.defaultDacl } : {}),
        source: { sourceName: 'Advapi', sourceIdentifier: 0 },
        sessionId: t.sessionId,
        mandatoryPolicy: t.mandatoryPolicy,
        elevationType: t.elevationType,
        tokenFlags: t.tokenFlags,
      },
      luids,
    );
    if (t.linkedToken) copy.linkedToken = t.linkedToken;
    return copy;
  }

  /** NtCreateToken in lsass, then NtDuplicateObject into the client (closing lsass's handle). */
  private giveToken(token: TOKEN, clientPid: number): LsaLogonReply {
    const kernel = this.kernel;
    const made = kernel.trace.call<number>(
      {
        layer: 'kernel',
        module: 'nt',
        fn: 'NtCreateToken',
        channel: 'se',
        pid: this.lsass.UniqueProcessId,
        args: { TokenType: token.tokenType, User: RtlConvertSidToUnicodeString(token.user.sid) },
      },
      () => {
        if (!(this.lsass.Token?.privileges ?? []).some((p) => p.luid === SE_CREATE_TOKEN_PRIVILEGE))
          return { status: STATUS.PRIVILEGE_NOT_HELD };
        const r = insertTokenObject(kernel, this.lsass, token, TOKEN_ALL_ACCESS);
        return r.handle !== undefined
          ? { status: r.status, value: r.handle, result: r.handle }
          : { status: r.status };
      },
    );
    if (made.value === undefined) return { status: made.status };
    const nt = this.ctx.nt;
    const open = nt.NtOpenProcess({
      DesiredAccess: 0x40 /* PROCESS_DUP_HANDLE */,
      ObjectAttributes: { Attributes: 0 },
      ClientId: { UniqueProcess: clientPid, UniqueThread: 0 },
    });
    if (open.status !== STATUS.SUCCESS) {
      nt.NtClose({ Handle: made.value });
      return { status: open.status };
    }
    const hClient = ntStubOutNumber(open.out?.ProcessHandle);
    const dup = nt.NtDuplicateObject({
      SourceProcessHandle: NtCurrentProcess,
      SourceHandle: made.value,
      TargetProcessHandle: hClient,
      DesiredAccess: 0,
      HandleAttributes: 0,
      Options: 0x1 | 0x2 /* DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS */,
    });
    nt.NtClose({ Handle: hClient });
    if (dup.status !== STATUS.SUCCESS) return { status: dup.status };
    return { status: STATUS.SUCCESS, tokenHandle: ntStubOutNumber(dup.out?.TargetHandle) };
  }
}

// ─── Token services the kernel does not register yet ───────────────────────────────────────────

/** TOKEN_INFORMATION_CLASS values the stand-ins answer (winnt.h). */
export const TOKEN_INFORMATION_CLASS = {
  TokenUser: 1,
  TokenPrivileges: 3,
  TokenSessionId: 12,
  TokenElevationType: 18,
  TokenLinkedToken: 19,
  TokenElevation: 20,
} as const;

/**
 * NtQueryInformationToken, NtSetInformationToken and (through RtlAdjustPrivilege) NtAdjustPrivilegesToken
 * as `process` would call them (Microsoft Learn
 * "NtQueryInformationToken" / "GetTokenInformation", "SetTokenInformation"). KiServiceTable has both
 * but the model's kernel registers neither yet; the services of this file get these stand-ins,
 * built from exported kernel routines. Query needs TOKEN_QUERY; TokenLinkedToken gives a new handle
 * to the other half of a split token — a primary token for a caller holding SeTcbPrivilege, an
 * identification-level impersonation token otherwise; a token without one is
 * STATUS_NO_SUCH_LOGON_SESSION. Setting TokenSessionId needs TOKEN_ADJUST_SESSIONID and
 * SeTcbPrivilege (STATUS_PRIVILEGE_NOT_HELD).
 */
export function tokenServicesOf(
  kernel: Kernel,
  process: EPROCESS,
): Pick<ServiceHost, 'NtQueryInformationToken' | 'NtSetInformationToken' | 'RtlAdjustPrivilege'> {
  // The kernel's own services (ps/token-info-services.ts), called as a thread of `process`.
  const sys = (service: string, args: Record<string, unknown>) =>
    kernel.services.KiSystemService({
      service,
      args,
      previousMode: UserMode,
      context: kernel.caller(process),
    });
  return {
    NtQueryInformationToken: (p) => {
      const r = sys('NtQueryInformationToken', { ...p });
      return r.out
        ? { status: r.status, out: { TokenInformation: r.out.TokenInformation } }
        : { status: r.status };
    },
    NtSetInformationToken: (p) => ({ status: sys('NtSetInformationToken', { ...p }).status }),
    /** RtlAdjustPrivilege(privilege, enable, FALSE): NtAdjustPrivilegesToken on the process's token. */
    RtlAdjustPrivilege: (privilege, enable) => {
      const t = sys('NtOpenProcessToken', {
        ProcessHandle: -1,
        DesiredAccess: TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY,
      });
      if (t.status !== STATUS.SUCCESS) return { status: t.status, wasEnabled: false };
      const handle = Number(t.out!.TokenHandle);
      const held = process.Token?.privileges.find((x) => x.luid === privilege);
      const wasEnabled = held ? (held.attributes & SE_PRIVILEGE_ENABLED) !== 0 : false;
      const r = sys('NtAdjustPrivilegesToken', {
        TokenHandle: handle,
        DisableAllPrivileges: false,
        NewState: [{ Luid: privilege, Attributes: enable ? SE_PRIVILEGE_ENABLED : 0 }],
      });
      sys('NtClose', { Handle: handle });
      // RtlAdjustPrivilege turns STATUS_NOT_ALL_ASSIGNED into STATUS_PRIVILEGE_NOT_HELD (ReactOS rtl/priv.c).
      const status = r.status === STATUS.NOT_ALL_ASSIGNED ? STATUS.PRIVILEGE_NOT_HELD : r.status;
      return { status, wasEnabled };
    },
  };
}

/**
 * userenv's CreateEnvironmentBlock(hToken, bInherit = FALSE) for an account (Microsoft Learn
 * "CreateEnvironmentBlock", "Recognized environment variables"): the system variables of a
 * Windows 10 install and the user's profile ones, sorted as an environment block is. The values are
 * the defaults of a fresh install, not read from the registry's Environment keys.
 */
export function userEnvironmentBlock(account: LocalAccount): string[] {
  const profile = account.profilePath;
  const vars: Record<string, string> = {
    ALLUSERSPROFILE: 'C:\\ProgramData',
    APPDATA: `${profile}\\AppData\\Roaming`,
    CommonProgramFiles: 'C:\\Program Files\\Common Files',
    COMPUTERNAME: MACHINE_NAME,
    ComSpec: 'C:\\Windows\\system32\\cmd.exe',
    HOMEDRIVE: 'C:',
    HOMEPATH: profile.slice(2),
    LOCALAPPDATA: `${profile}\\AppData\\Local`,
    LOGONSERVER: `\\\\${MACHINE_NAME}`,
    OS: 'Windows_NT',
    Path: 'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem',
    PATHEXT: '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC',
    ProgramData: 'C:\\ProgramData',
    ProgramFiles: 'C:\\Program Files',
    PUBLIC: 'C:\\Users\\Public',
    SystemDrive: 'C:',
    SystemRoot: 'C:\\Windows',
    TEMP: `${profile}\\AppData\\Local\\Temp`,
    TMP: `${profile}\\AppData\\Local\\Temp`,
    USERDOMAIN: MACHINE_NAME,
    USERNAME: account.name,
    USERPROFILE: profile,
    windir: 'C:\\Windows',
  };
  return Object.entries(vars)
    .sort(([a], [b]) => (a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
}

// ─── The composition: LSA in lsass, seclogon and appinfo in svchost -k netsvcs ────────────────

/** The logon services of a booted machine, and the bindings the client DLLs take as `rpc`. */
export interface LogonServices {
  accounts: AccountDatabase;
  lsa: LsaServer | null;
  seclogon: SeclogonService | null;
  appinfo: AppInfoService | null;
  /** advapi32's and shell32's `rpc` argument: LSA's port, ISeclogon, AppInfo (null: not running). */
  rpc: Advapi32Rpc & Shell32Rpc;
}

function liveThreadOf(p: EPROCESS) {
  return p.threads.find((t) => t.State !== 'Terminated');
}

/** `svchost.exe -k netsvcs` (found by its command line, as the service control manager started it). */
export function findNetsvcsHost(b: BootedMachine): EPROCESS | undefined {
  return b.kernel.ps.activeProcesses.find(
    (p) => p.ImageFileName.toLowerCase() === 'svchost.exe' && /(^|\s)-k\s+netsvcs(\s|$)/i.test(p.commandLine),
  );
}

/**
 * Starts the machine's logon services: LSA answering on lsass.exe's authentication port, and the
 * Secondary Logon and Application Information services in `svchost.exe -k netsvcs`, each making its
 * system calls as a thread of its process (UserModeRuntime contexts, as CSRSS's server does). The
 * services' DLL imports come from advapi32 / kernelbase / userenv (ServiceHost). A minimal boot has
 * neither lsass nor svchost: those services are null, and the clients fail as with a service that
 * is not running.
 */
export function connectLogonServices(
  b: BootedMachine,
  runtime: UserModeRuntime,
  o: { users?: Readonly<Record<string, LocalAccountSpec>> } = {},
): LogonServices {
  const { kernel } = b;
  const accounts = new AccountDatabase(o.users ?? {});
  const lsass = kernel.ps.activeProcesses.find((p) => p.ImageFileName.toLowerCase() === 'lsass.exe');
  const lsassThread = lsass && liveThreadOf(lsass);
  const lsa =
    lsass && lsassThread
      ? new LsaServer({ kernel, lsass, ctx: runtime.context(lsass, lsassThread), accounts })
      : null;
  const lsaPort: LsaAuthenticationPort | null = lsa
    ? { LsaLogonUser: (c, r) => lsa.LsaLogonUser(c, r) }
    : null;
  const rpc: Advapi32Rpc & Shell32Rpc = { lsa: lsaPort, seclogon: null, appinfo: null };
  let seclogon: SeclogonService | null = null;
  let appinfo: AppInfoService | null = null;
  const svchost = findNetsvcsHost(b);
  const svchostThread = svchost && liveThreadOf(svchost);
  if (svchost && svchostThread) {
    const host = serviceHost(kernel, svchost, accounts, rpc);
    const options = { ctx: runtime.context(svchost, svchostThread), host, pid: svchost.UniqueProcessId };
    seclogon = new SeclogonService(options);
    appinfo = new AppInfoService(options);
    const s = seclogon;
    const a = appinfo;
    rpc.seclogon = { SeclCreateProcessWithLogonW: (c, r) => s.SeclCreateProcessWithLogonW(c, r) };
    rpc.appinfo = { RAiLaunchAdminProcess: (c, r) => a.RAiLaunchAdminProcess(c, r) };
  }
  return { accounts, lsa, seclogon, appinfo, rpc };
}

/** The imports of seclogon.dll / appinfo.dll, bound to the hosting svchost.exe. */
function serviceHost(
  kernel: Kernel,
  svchost: EPROCESS,
  accounts: AccountDatabase,
  rpc: Advapi32Rpc,
): ServiceHost {
  const tokens = tokenServicesOf(kernel, svchost);
  return {
    ...tokens,
    LogonUserW: (ctx, userName, domain, password, logonType, logonProvider, lsa) =>
      LogonUserW(ctx, rpc, userName, domain, password, logonType, logonProvider, lsa),
    CreateProcessAsUserW: (ctx, token, req) =>
      CreateProcessAsUserW(ctx, token, req as unknown as Omit<CreateProcessRequest, 'token'>),
    ParentProcessAttributeList: (parentProcess) => {
      const size = procThreadAttributeListSize(1);
      const list = new PROC_THREAD_ATTRIBUTE_LIST(size);
      InitializeProcThreadAttributeList(list, 1, 0, size);
      UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE.PARENT_PROCESS, parentProcess);
      return list;
    },
    CreateEnvironmentBlock: (_ctx, token) => {
      const q = tokens.NtQueryInformationToken({
        TokenHandle: token,
        TokenInformationClass: TOKEN_INFORMATION_CLASS.TokenUser,
      });
      if (q.status !== STATUS.SUCCESS) return { status: q.status };
      const sid = (q.out?.TokenInformation as { User: { Sid: string } }).User.Sid;
      const account = accounts.accounts().find((a) => RtlConvertSidToUnicodeString(a.sid) === sid);
      if (!account) return { status: STATUS.NO_SUCH_FILE };
      return { status: STATUS.SUCCESS, environment: userEnvironmentBlock(account) };
    },
  };
}
