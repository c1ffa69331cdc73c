import { describe, expect, it } from 'vitest';
import {
  LOGON32_LOGON,
  LOGON32_PROVIDER,
  LOGON_ERROR,
  LOGON_STATUS,
  LogonUserW,
} from '../../src/advapi32/index.js';
import { Clock, ERROR, ModelError, STATUS, Trace, type SpanJson } from '../../src/base/index.js';
import { ObSnapshotCounts } from '../../src/kernel/ob/index.js';
import type { EPROCESS } from '../../src/kernel/ps/index.js';
import {
  createInteractiveUserTokens,
  createLuidAllocator,
  lookupPrivilegeName,
  SecurityImpersonation,
  TokenElevationTypeDefault,
  TokenElevationTypeFull,
  TokenElevationTypeLimited,
  TokenImpersonation,
  TokenPrimary,
  type TOKEN,
} from '../../src/kernel/se/index.js';
import { CreateProcessAsUserW } from '../../src/kernelbase/index.js';
import {
  AccountDatabase,
  connectLogonServices,
  LsapCreateLogonTokens,
  type LocalAccountSpec,
} from '../../src/system/accounts.js';
import { bootMachine, type BootMode } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';
import { UserModeRuntime } from '../../src/system/user-mode.js';
import { connectWindowsSubsystem } from '../../src/system/win32-subsystem.js';

const { INTERACTIVE, NETWORK, BATCH, SERVICE, NEW_CREDENTIALS } = LOGON32_LOGON;
const { DEFAULT, WINNT50 } = LOGON32_PROVIDER;
const ALICE: Record<string, LocalAccountSpec> = {
  alice: { password: 'pw', groups: ['Users'], privileges: [] },
};

/** A full boot with CSRSS and the logon services, explorer's thread as the caller. */
function lab(o: { users?: Record<string, LocalAccountSpec>; mode?: BootMode; trace?: boolean } = {}) {
  const booted = bootMachine(Machine.assemble(), {
    ...(o.mode ? { mode: o.mode } : {}),
    ...(o.trace ? { trace: new Trace(new Clock(), { channels: ['se', 'win32'] }) } : {}),
  });
  const k = booted.kernel;
  const runtime = new UserModeRuntime(k, { record: false });
  connectWindowsSubsystem(booted, runtime);
  const services = connectLogonServices(booted, runtime, { users: o.users ?? ALICE });
  const explorer = booted.explorer;
  const ctx = runtime.context(explorer, explorer.threads[0]!);
  const logon = (
    user: string | null,
    domain: string | null,
    password: string | null,
    type: number = INTERACTIVE,
    provider: number = DEFAULT,
  ) => LogonUserW(ctx, services.rpc, user, domain, password, type, provider);
  const tokenOf = (p: EPROCESS, handle: number): TOKEN => p.ObjectTable!.lookup(handle)!.object.body as TOKEN;
  const names = (t: TOKEN) => t.groups.map((g) => services.accounts.displayName(g.sid));
  const counts = () => ({
    ...ObSnapshotCounts(k.ob),
    handlesPerProcess: k.ps.activeProcesses.map((p) => p.ObjectTable?.handleCount ?? -1),
  });
  return { booted, k, runtime, services, explorer, ctx, logon, tokenOf, names, counts };
}

function flatten(spans: SpanJson[]): SpanJson[] {
  return spans.flatMap((s) => [s, ...flatten(s.children)]);
}

describe('the machine\'s accounts (SAM; Microsoft Learn "Local Accounts")', () => {
  it('built-in: SYSTEM, Administrator (500, disabled), Guest (501, disabled), DefaultAccount (503), user (1001); extra accounts from 1002 in order', () => {
    const db = new AccountDatabase({
      alice: { password: 'pw' },
      bob: { groups: ['Administrators', 'Users'] },
    });
    expect(db.accounts().map((a) => [a.name, a.rid ?? null, a.disabled])).toEqual([
      ['SYSTEM', null, false],
      ['Administrator', 500, true],
      ['Guest', 501, true],
      ['DefaultAccount', 503, true],
      ['user', 1001, false],
      ['alice', 1002, false],
      ['bob', 1003, false],
    ]);
    expect(db.displayName(db.lookupName('ALICE')!.sid)).toBe('DESKTOP\\alice');
    expect(db.displayName(db.lookupName('user')!.sid)).toBe('DESKTOP\\user');
    expect(db.displayName(db.lookupName('system')!.sid)).toBe('NT AUTHORITY\\SYSTEM');
    expect(db.lookupName('alice')!.groups.map((g) => db.displayName(g))).toEqual(['BUILTIN\\Users']);
  });

  it("the scenario may set the interactive user's password; an unknown group or privilege is a model error", () => {
    expect(new AccountDatabase({ user: { password: 'secret' } }).lookupName('user')!.password).toBe('secret');
    expect(() => new AccountDatabase({ x: { groups: ['Wizards'] } })).toThrow(ModelError);
    expect(() => new AccountDatabase({ x: { privileges: ['SeFlyPrivilege'] } })).toThrow(ModelError);
    const rights = new AccountDatabase({
      x: { privileges: ['SeBatchLogonRight', 'SeImpersonatePrivilege'] },
    });
    expect(rights.lookupName('x')!.logonRights).toEqual(['SeBatchLogonRight']);
    expect(rights.lookupName('x')!.privileges.map(lookupPrivilegeName)).toEqual(['SeImpersonatePrivilege']);
  });

  it("an administrator's interactive logon is kernel/se's UAC split of the interactive user: the same groups, privileges and flags", () => {
    const { k, services } = lab({ users: {} });
    const limited = LsapCreateLogonTokens(k, services.accounts.lookupName('user')!, INTERACTIVE, 1);
    const ref = createInteractiveUserTokens(createLuidAllocator());
    const shape = (t: TOKEN) => ({
      groups: t.groups.map(
        (g, i) => (i === 10 ? 'logon SID' : services.accounts.displayName(g.sid)) + ':' + g.attributes,
      ),
      privileges: t.privileges,
      flags: t.tokenFlags,
      elevation: t.elevationType,
      owner: services.accounts.displayName(t.owner),
    });
    expect(shape(limited)).toEqual(shape(ref.limited));
    expect(shape(limited.linkedToken!)).toEqual(shape(ref.full));
    expect(limited.linkedToken!.linkedToken).toBe(limited);
    expect(limited.authenticationId).not.toBe(limited.linkedToken!.authenticationId);
  });
});

describe('LogonUserW (Microsoft Learn "LogonUserW", "LsaLogonUser")', () => {
  it('alice with her password: TRUE and a primary token handle in the caller — DESKTOP\\alice, Medium, her groups, one logon session', () => {
    const { logon, explorer, tokenOf, names, services } = lab();
    const r = logon('alice', '.', 'pw');
    expect([r.returnValue, r.lastError, r.status]).toEqual([1, ERROR.SUCCESS, STATUS.SUCCESS]);
    const t = tokenOf(explorer, r.out!.token);
    expect(explorer.ObjectTable!.lookup(r.out!.token)!.grantedAccess).toBe(0xf01ff);
    expect(services.accounts.displayName(t.user.sid)).toBe('DESKTOP\\alice');
    expect([t.tokenType, t.elevationType, t.sessionId, t.linkedToken]).toEqual([
      TokenPrimary,
      TokenElevationTypeDefault,
      1,
      undefined,
    ]);
    expect(names(t)).toEqual([
      'DESKTOP\\None',
      'Everyone',
      'BUILTIN\\Users',
      'NT AUTHORITY\\INTERACTIVE',
      'CONSOLE LOGON',
      'NT AUTHORITY\\Authenticated Users',
      'NT AUTHORITY\\This Organization',
      'NT AUTHORITY\\Local account',
      expect.stringMatching(/^NT AUTHORITY\\LogonSessionId_0_\d+$/),
      'LOCAL',
      'NT AUTHORITY\\NTLM Authentication',
      'Mandatory Label\\Medium Mandatory Level',
    ]);
    expect(t.privileges.map((p) => lookupPrivilegeName(p.luid))).toEqual([
      'SeShutdownPrivilege',
      'SeChangeNotifyPrivilege',
      'SeUndockPrivilege',
      'SeIncreaseWorkingSetPrivilege',
      'SeTimeZonePrivilege',
    ]);
    expect(t.source.sourceName).toBe('Advapi');
    // The label group's attributes are SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED, what Wine's
    // dlls/advapi32/tests/security.c test_TokenIntegrityLevel expects of TokenIntegrityLevel.
    expect(t.groups.at(-1)!.attributes).toBe(0x60);
  });

  it('a wrong password and an unknown user are both ERROR_LOGON_FAILURE (1326) from STATUS_LOGON_FAILURE; no handle is left anywhere', () => {
    const { logon, counts } = lab();
    const before = counts();
    const failure = {
      returnValue: 0,
      lastError: LOGON_ERROR.LOGON_FAILURE,
      status: LOGON_STATUS.LOGON_FAILURE,
    };
    expect(logon('alice', '.', 'PW')).toEqual(failure);
    expect(logon('mallory', '.', 'pw')).toEqual(failure);
    expect(logon('alice', null, '')).toEqual(failure);
    expect(counts()).toEqual(before);
  });

  it('a disabled account is ERROR_ACCOUNT_DISABLED (1331); a blank password ERROR_ACCOUNT_RESTRICTION (1327) under LimitBlankPasswordUse', () => {
    const { logon } = lab({ users: { ...ALICE, carol: { password: 'x', disabled: true } } });
    expect(logon('Administrator', '.', '')).toEqual({
      returnValue: 0,
      lastError: LOGON_ERROR.ACCOUNT_DISABLED,
      status: LOGON_STATUS.ACCOUNT_DISABLED,
    });
    expect(logon('carol', '.', 'x').lastError).toBe(LOGON_ERROR.ACCOUNT_DISABLED);
    // The password is checked first: a disabled account with a wrong one is a plain logon failure.
    expect(logon('carol', '.', 'y').lastError).toBe(LOGON_ERROR.LOGON_FAILURE);
    expect(logon('user', '.', '')).toEqual({
      returnValue: 0,
      lastError: LOGON_ERROR.ACCOUNT_RESTRICTION,
      status: LOGON_STATUS.ACCOUNT_RESTRICTION,
    });
  });

  it('the domain: ".", the computer name, NULL with a UPN; NT AUTHORITY accounts are not modelled (1326)', () => {
    const { logon } = lab();
    expect(logon('alice', 'DESKTOP', 'pw').returnValue).toBe(1);
    expect(logon('alice@desktop', null, 'pw').returnValue).toBe(1);
    expect(logon('ALICE', '.', 'pw').returnValue).toBe(1);
    expect(logon('SYSTEM', 'NT AUTHORITY', '').lastError).toBe(LOGON_ERROR.LOGON_FAILURE);
  });

  it('the interactive user with a password: the filtered half of the UAC pair (Medium, Limited), linked to the elevated one (High, Full)', () => {
    const { logon, explorer, tokenOf, names } = lab({ users: { user: { password: 'secret' } } });
    const r = logon('user', '.', 'secret');
    const t = tokenOf(explorer, r.out!.token);
    expect(t.elevationType).toBe(TokenElevationTypeLimited);
    expect(names(t).slice(2, 4)).toEqual([
      'NT AUTHORITY\\Local account and member of Administrators group',
      'BUILTIN\\Administrators',
    ]);
    expect(t.groups[3]!.attributes).toBe(0x10); // SE_GROUP_USE_FOR_DENY_ONLY
    expect(names(t).at(-1)).toBe('Mandatory Label\\Medium Mandatory Level');
    expect(t.linkedToken!.elevationType).toBe(TokenElevationTypeFull);
    expect(names(t.linkedToken!).at(-1)).toBe('Mandatory Label\\High Mandatory Level');
  });

  it('logon types: NETWORK gives an impersonation token; BATCH and SERVICE need the right (ERROR_LOGON_TYPE_NOT_GRANTED, 1385)', () => {
    const { logon, explorer, tokenOf, names } = lab({
      users: { ...ALICE, bob: { password: 'b', privileges: ['SeBatchLogonRight'] } },
    });
    const net = logon('alice', '.', 'pw', NETWORK);
    const nt = tokenOf(explorer, net.out!.token);
    expect([nt.tokenType, nt.impersonationLevel]).toEqual([TokenImpersonation, SecurityImpersonation]);
    expect(names(nt)).toContain('NT AUTHORITY\\NETWORK');
    expect(names(nt)).not.toContain('CONSOLE LOGON');
    expect(logon('alice', '.', 'pw', BATCH)).toEqual({
      returnValue: 0,
      lastError: LOGON_ERROR.LOGON_TYPE_NOT_GRANTED,
      status: LOGON_STATUS.LOGON_TYPE_NOT_GRANTED,
    });
    const batch = logon('bob', '.', 'b', BATCH);
    expect(names(tokenOf(explorer, batch.out!.token))).toContain('NT AUTHORITY\\BATCH');
    expect(logon('alice', '.', 'pw', SERVICE).lastError).toBe(LOGON_ERROR.LOGON_TYPE_NOT_GRANTED);
  });

  it("LOGON32_LOGON_NEW_CREDENTIALS (WINNT50 only): a copy of the caller's token in a new logon session; the credentials are not checked", () => {
    const { logon, explorer, tokenOf } = lab();
    expect(logon('alice', '.', 'pw', NEW_CREDENTIALS, DEFAULT)).toEqual({
      returnValue: 0,
      lastError: ERROR.INVALID_PARAMETER,
      status: STATUS.INVALID_PARAMETER,
    });
    const r = logon('alice', '.', 'not her password', NEW_CREDENTIALS, WINNT50);
    const t = tokenOf(explorer, r.out!.token);
    expect(t.user.sid).toEqual(explorer.Token!.user.sid);
    expect(t.groups).toEqual(explorer.Token!.groups);
    expect(t.authenticationId).not.toBe(explorer.Token!.authenticationId);
  });

  it('a logon type or provider outside winbase.h, or a NULL user name, is ERROR_INVALID_PARAMETER before LSA is asked', () => {
    const { logon } = lab();
    for (const r of [
      logon('alice', '.', 'pw', 6),
      logon('alice', '.', 'pw', INTERACTIVE, 9),
      logon(null, '.', 'pw'),
    ])
      expect(r).toEqual({
        returnValue: 0,
        lastError: ERROR.INVALID_PARAMETER,
        status: STATUS.INVALID_PARAMETER,
      });
  });

  it('the token from LogonUserW is no child of the caller\'s: CreateProcessAsUserW from explorer is ERROR_PRIVILEGE_NOT_HELD (Learn: "may require the SE_ASSIGNPRIMARYTOKEN_NAME privilege")', () => {
    const { logon, ctx } = lab();
    const t = logon('alice', '.', 'pw').out!.token;
    const r = CreateProcessAsUserW(ctx, t, {
      applicationName: null,
      commandLine: 'notepad',
      inheritHandles: false,
      creationFlags: 0,
      environment: null,
      currentDirectory: null,
    });
    expect([r.returnValue, r.lastError, r.status]).toEqual([
      0,
      ERROR.PRIVILEGE_NOT_HELD,
      STATUS.PRIVILEGE_NOT_HELD,
    ]);
  });

  it('the trace: advapi32!LogonUserW → sspicli!LsaLogonUser → lsasrv!LsaLogonUser in lsass.exe → nt!NtCreateToken', () => {
    const { logon, k } = lab({ trace: true });
    logon('alice', '.', 'pw');
    const lsass = k.ps.activeProcesses.find((p) => p.ImageFileName === 'lsass.exe')!;
    const top = k.trace.toJSON().spans.find((s) => s.fn === 'LogonUserW')!;
    const chain = flatten([top]).filter((s) =>
      ['LogonUserW', 'LsaLogonUser', 'NtCreateToken'].includes(s.fn),
    );
    expect(chain.map((s) => `${s.module}!${s.fn}`)).toEqual([
      'advapi32!LogonUserW',
      'sspicli!LsaLogonUser',
      'lsasrv!LsaLogonUser',
      'nt!NtCreateToken',
    ]);
    expect(chain[2]!.pid).toBe(lsass.UniqueProcessId);
    expect(chain[3]!.status).toBe(STATUS.SUCCESS);
  });

  it('a minimal boot has no lsass.exe: the LSA call fails as on a NULL port (STATUS_INVALID_PORT_HANDLE, ERROR_INVALID_HANDLE)', () => {
    const { logon, services } = lab({ mode: 'minimal' });
    expect(services.lsa).toBeNull();
    expect(logon('alice', '.', 'pw')).toEqual({
      returnValue: 0,
      lastError: ERROR.INVALID_HANDLE,
      status: STATUS.INVALID_PORT_HANDLE,
    });
  });
});
