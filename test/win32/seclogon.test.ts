import { describe, expect, it } from 'vitest';
import {
  CreateProcessWithLogonW,
  CreateProcessWithTokenW,
  LOGON_ERROR,
  LOGON_NETCREDENTIALS_ONLY,
  LOGON_STATUS,
  LOGON_WITH_PROFILE,
  LogonUserW,
  type CreateProcessWithLogonRequest,
} from '../../src/advapi32/index.js';
import { Clock, ERROR, STATUS, Trace, type SpanJson } from '../../src/base/index.js';
import { ObSnapshotCounts } from '../../src/kernel/ob/index.js';
import type { EPROCESS } from '../../src/kernel/ps/index.js';
import type { TOKEN } from '../../src/kernel/se/index.js';
import {
  CREATE_FLAGS as F,
  HANDLE_CREATE_NEW_CONSOLE,
  NTSTATUS_FROM_WIN32,
} from '../../src/kernelbase/index.js';
import { ShellExecuteExW } from '../../src/shell32/index.js';
import { connectLogonServices, findNetsvcsHost, type LocalAccountSpec } from '../../src/system/accounts.js';
import { bootMachine, type BootMode } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';
import { UserModeRuntime } from '../../src/system/user-mode.js';
import { connectWindowsSubsystem } from '../../src/system/win32-subsystem.js';
import { processView } from '../../src/tools/views/process-view.js';
import { readChildParameters } from './support.js';

const USERS: Record<string, LocalAccountSpec> = {
  alice: { password: 'pw', groups: ['Users'], privileges: [] },
  guest2: { password: 'g', disabled: true },
};

/** A full boot with CSRSS and the logon services (seclogon in `svchost.exe -k netsvcs`), explorer calling. */
function lab(o: { mode?: BootMode; trace?: boolean } = {}) {
  const booted = bootMachine(Machine.assemble(), {
    ...(o.mode ? { mode: o.mode } : {}),
    ...(o.trace ? { trace: new Trace(new Clock(), { channels: ['se', 'win32'] }) } : {}),
  });
  const k = booted.kernel;
  const runtime = new UserModeRuntime(k, { record: false });
  const win = connectWindowsSubsystem(booted, runtime);
  const services = connectLogonServices(booted, runtime, { users: USERS });
  const explorer = booted.explorer;
  const ctx = runtime.context(explorer, explorer.threads[0]!);
  const process = (pid: number) => k.ps.cid.lookup(pid) as EPROCESS;
  const view = (pid: number) => {
    const p = process(pid);
    return {
      ...processView(p, { csrProcess: win.csrProcess(p) }),
      user: services.accounts.displayName(p.Token!.user.sid),
    };
  };
  const counts = () => ({
    ...ObSnapshotCounts(k.ob),
    cids: k.ps.cid.count,
    active: k.ps.activeProcesses.length,
    handlesPerProcess: k.ps.activeProcesses.map((p) => p.ObjectTable?.handleCount ?? -1),
  });
  /** An elevated process of the interactive user (runas through AppInfo) and its context. */
  const elevated = () => {
    const r = ShellExecuteExW(ctx, services.rpc, { mask: 0x40, verb: 'runas', file: 'cmd.exe' });
    const p = k.ps.activeProcesses.at(-1)!;
    expect([r.returnValue, p.Token!.elevationType]).toEqual([1, 2]);
    return { p, ctx: runtime.context(p, p.threads[0]!) };
  };
  return { booted, k, runtime, services, explorer, ctx, process, view, counts, elevated };
}

const withLogon = (o: Partial<CreateProcessWithLogonRequest> = {}): CreateProcessWithLogonRequest => ({
  userName: 'alice',
  domain: '.',
  password: 'pw',
  logonFlags: LOGON_WITH_PROFILE,
  applicationName: null,
  commandLine: 'notepad.exe readme.txt',
  creationFlags: 0,
  environment: null,
  currentDirectory: null,
  startupInfo: null,
  ...o,
});

const tokenRequest = (token: number, commandLine = 'notepad.exe') => ({
  token,
  logonFlags: 0,
  applicationName: null,
  commandLine,
  creationFlags: 0,
  environment: null,
  currentDirectory: null,
  startupInfo: null,
});

function flatten(spans: SpanJson[]): SpanJson[] {
  return spans.flatMap((s) => [s, ...flatten(s.children)]);
}

describe('CreateProcessWithLogonW (Microsoft Learn "CreateProcessWithLogonW"; ReactOS base/services/seclogon/rpcserver.c)', () => {
  it("runs the command as alice: DESKTOP\\alice, Medium, the caller as parent, the caller's session, PROCESS_INFORMATION in the caller", () => {
    const { ctx, services, explorer, view } = lab();
    const r = CreateProcessWithLogonW(ctx, services.rpc, withLogon());
    expect([r.returnValue, r.lastError, r.status]).toEqual([1, ERROR.SUCCESS, STATUS.SUCCESS]);
    const v = view(r.out!.processId);
    expect({
      user: v.user,
      integrityLevel: v.integrityLevel,
      elevated: v.elevated,
      parentPid: v.parentPid,
      commandLine: v.commandLine,
      imageName: v.imageName,
      sessionId: v.sessionId,
      state: v.state,
    }).toEqual({
      user: 'DESKTOP\\alice',
      integrityLevel: 'Medium',
      elevated: false,
      parentPid: explorer.UniqueProcessId,
      commandLine: 'notepad.exe readme.txt',
      imageName: 'notepad.exe',
      sessionId: 1,
      state: 'running',
    });
    const hProcess = explorer.ObjectTable!.lookup(r.out!.hProcess)!;
    expect((hProcess.object.body as EPROCESS).UniqueProcessId).toBe(r.out!.processId);
    expect(hProcess.grantedAccess).toBe(0x1fffff);
    expect(explorer.ObjectTable!.lookup(r.out!.hThread)!.grantedAccess).toBe(0x1fffff);
  });

  it('the environment is built from alice\'s profile (Learn: "an environment created from the profile of the user"); the current directory is the caller\'s', () => {
    const { ctx, services, process } = lab();
    const r = CreateProcessWithLogonW(ctx, services.rpc, withLogon());
    const p = readChildParameters(process(r.out!.processId));
    expect(p.environment).toContain('USERNAME=alice');
    expect(p.environment).toContain('USERPROFILE=C:\\Users\\alice');
    expect(p.environment).toContain('USERDOMAIN=DESKTOP');
    expect(p.currentDirectory).toBe('C:\\Windows\\System32\\');
    // CREATE_NEW_CONSOLE and CREATE_NEW_PROCESS_GROUP are "enabled by default".
    expect([p.consoleHandle, p.consoleFlags]).toEqual([
      BigInt.asUintN(64, BigInt(HANDLE_CREATE_NEW_CONSOLE)),
      1,
    ]);
  });

  it('a given environment and directory are used; CREATE_SUSPENDED leaves the thread suspended', () => {
    const { ctx, services, process, view } = lab();
    const r = CreateProcessWithLogonW(
      ctx,
      services.rpc,
      withLogon({
        environment: { ONLY: 'this' },
        currentDirectory: 'C:\\Windows',
        creationFlags: F.CREATE_SUSPENDED,
      }),
    );
    const p = readChildParameters(process(r.out!.processId));
    expect([p.environment, p.currentDirectory]).toEqual([['ONLY=this'], 'C:\\Windows\\']);
    expect(view(r.out!.processId).state).toBe('suspended');
  });

  it("logon failures are LogonUserW's: ERROR_LOGON_FAILURE (1326) for a wrong password or an unknown user, ERROR_ACCOUNT_DISABLED (1331); nothing is left behind", () => {
    const { ctx, services, counts } = lab();
    const before = counts();
    expect(CreateProcessWithLogonW(ctx, services.rpc, withLogon({ password: 'nope' }))).toEqual({
      returnValue: 0,
      lastError: LOGON_ERROR.LOGON_FAILURE,
      status: LOGON_STATUS.LOGON_FAILURE,
    });
    expect(CreateProcessWithLogonW(ctx, services.rpc, withLogon({ userName: 'mallory' })).lastError).toBe(
      LOGON_ERROR.LOGON_FAILURE,
    );
    expect(
      CreateProcessWithLogonW(ctx, services.rpc, withLogon({ userName: 'guest2', password: 'g' })),
    ).toEqual({
      returnValue: 0,
      lastError: LOGON_ERROR.ACCOUNT_DISABLED,
      status: LOGON_STATUS.ACCOUNT_DISABLED,
    });
    expect(counts()).toEqual(before);
  });

  it('a creation failure after the logon comes back too (ERROR_FILE_NOT_FOUND), with nothing left behind', () => {
    const { ctx, services, counts } = lab();
    const before = counts();
    expect(CreateProcessWithLogonW(ctx, services.rpc, withLogon({ commandLine: 'nothere.exe' }))).toEqual({
      returnValue: 0,
      lastError: ERROR.FILE_NOT_FOUND,
      status: STATUS.OBJECT_NAME_NOT_FOUND,
    });
    expect(counts()).toEqual(before);
  });

  it("LOGON_NETCREDENTIALS_ONLY: the caller's own identity in a new logon session, the credentials unchecked (runas /netonly)", () => {
    const { ctx, services, explorer, process, view } = lab();
    const r = CreateProcessWithLogonW(
      ctx,
      services.rpc,
      withLogon({ logonFlags: LOGON_NETCREDENTIALS_ONLY, password: 'whatever' }),
    );
    expect(r.returnValue).toBe(1);
    const t = process(r.out!.processId).Token as TOKEN;
    expect([view(r.out!.processId).user, view(r.out!.processId).integrityLevel]).toEqual([
      'DESKTOP\\user',
      'Medium',
    ]);
    expect(t.authenticationId).not.toBe(explorer.Token!.authenticationId);
  });

  it('dwLogonFlags other than 0, LOGON_WITH_PROFILE, LOGON_NETCREDENTIALS_ONLY, and a command line over 1024 characters are ERROR_INVALID_PARAMETER', () => {
    const { ctx, services } = lab();
    const invalid = { returnValue: 0, lastError: ERROR.INVALID_PARAMETER, status: STATUS.INVALID_PARAMETER };
    expect(CreateProcessWithLogonW(ctx, services.rpc, withLogon({ logonFlags: 4 }))).toEqual(invalid);
    expect(
      CreateProcessWithLogonW(ctx, services.rpc, withLogon({ commandLine: 'notepad ' + 'x'.repeat(1020) })),
    ).toEqual(invalid);
  });

  it('the trace: advapi32 → the RPC → seclogon!SeclCreateProcessWithLogonW in svchost.exe -k netsvcs → LogonUserW → CreateProcessInternalW as svchost', () => {
    const { ctx, services, k, booted } = lab({ trace: true });
    CreateProcessWithLogonW(ctx, services.rpc, withLogon());
    const svchost = findNetsvcsHost(booted)!;
    const top = k.trace.toJSON().spans.find((s) => s.fn === 'CreateProcessWithLogonW')!;
    const chain = flatten([top]).filter((s) =>
      [
        'CreateProcessWithLogonW',
        'c_SeclCreateProcessWithLogonW',
        'SeclCreateProcessWithLogonW',
        'LogonUserW',
        'LsaLogonUser',
        'CreateProcessInternalW',
      ].includes(s.fn),
    );
    expect(chain.map((s) => `${s.module}!${s.fn}`)).toEqual([
      'advapi32!CreateProcessWithLogonW',
      'advapi32!c_SeclCreateProcessWithLogonW',
      'seclogon!SeclCreateProcessWithLogonW',
      'advapi32!LogonUserW',
      'sspicli!LsaLogonUser',
      'lsasrv!LsaLogonUser',
      'kernelbase!CreateProcessInternalW',
    ]);
    expect(chain[2]!.pid).toBe(svchost.UniqueProcessId);
    expect(svchost.commandLine).toBe('C:\\Windows\\system32\\svchost.exe -k netsvcs -p');
  });

  it('a minimal boot runs no svchost.exe: ERROR_SERVICE_NOT_ACTIVE (1062)', () => {
    const { ctx, services } = lab({ mode: 'minimal' });
    expect(services.seclogon).toBeNull();
    expect(CreateProcessWithLogonW(ctx, services.rpc, withLogon())).toEqual({
      returnValue: 0,
      lastError: LOGON_ERROR.SERVICE_NOT_ACTIVE,
      status: NTSTATUS_FROM_WIN32(LOGON_ERROR.SERVICE_NOT_ACTIVE),
    });
  });
});

describe('CreateProcessWithTokenW (Microsoft Learn "CreateProcessWithTokenW")', () => {
  it('"The process that calls CreateProcessWithTokenW must have the SE_IMPERSONATE_NAME privilege": explorer\'s filtered token has not — ERROR_PRIVILEGE_NOT_HELD (1314)', () => {
    const { ctx, services, counts } = lab();
    const token = LogonUserW(ctx, services.rpc, 'alice', '.', 'pw', 2, 0).out!.token;
    const before = counts();
    expect(CreateProcessWithTokenW(ctx, services.rpc, tokenRequest(token))).toEqual({
      returnValue: 0,
      lastError: ERROR.PRIVILEGE_NOT_HELD,
      status: STATUS.PRIVILEGE_NOT_HELD,
    });
    expect(counts()).toEqual(before);
  });

  it("an elevated caller (SeImpersonatePrivilege enabled) starts a process with alice's token: DESKTOP\\alice, Medium, its parent the caller", () => {
    const { services, elevated, view } = lab();
    const admin = elevated();
    const token = LogonUserW(admin.ctx, services.rpc, 'alice', '.', 'pw', 2, 0).out!.token;
    const r = CreateProcessWithTokenW(admin.ctx, services.rpc, tokenRequest(token, 'notepad.exe a'));
    expect([r.returnValue, r.lastError]).toEqual([1, ERROR.SUCCESS]);
    const v = view(r.out!.processId);
    expect([v.user, v.integrityLevel, v.parentPid, v.commandLine, v.sessionId]).toEqual([
      'DESKTOP\\alice',
      'Medium',
      admin.p.UniqueProcessId,
      'notepad.exe a',
      1,
    ]);
  });

  it('"The process always runs in the caller\'s session, not in the session specified in the token"', () => {
    const { services, elevated, view } = lab();
    const admin = elevated();
    const token = LogonUserW(admin.ctx, services.rpc, 'alice', '.', 'pw', 2, 0).out!.token;
    (admin.p.ObjectTable!.lookup(token)!.object.body as TOKEN).sessionId = 0;
    const r = CreateProcessWithTokenW(admin.ctx, services.rpc, tokenRequest(token));
    expect(view(r.out!.processId).sessionId).toBe(1);
  });

  it('a handle that is no open handle, or not a token, is ERROR_INVALID_HANDLE; one without TOKEN_DUPLICATE ERROR_ACCESS_DENIED; nothing is left', () => {
    const { services, elevated, counts } = lab();
    const admin = elevated();
    const own = admin.ctx.nt.NtOpenProcessToken({ ProcessHandle: -1, DesiredAccess: 0x8 /* TOKEN_QUERY */ });
    const queryOnly = Number(own.out!.TokenHandle);
    const before = counts();
    expect(CreateProcessWithTokenW(admin.ctx, services.rpc, tokenRequest(0x1234))).toEqual({
      returnValue: 0,
      lastError: ERROR.INVALID_HANDLE,
      status: STATUS.INVALID_HANDLE,
    });
    const processHandle = admin.ctx.nt.NtOpenProcess({
      DesiredAccess: 0x1000,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: admin.p.UniqueProcessId, UniqueThread: 0 },
    });
    const h = Number(processHandle.out!.ProcessHandle);
    const notAToken = CreateProcessWithTokenW(admin.ctx, services.rpc, tokenRequest(h));
    expect([notAToken.lastError, notAToken.status]).toEqual([
      ERROR.INVALID_HANDLE,
      STATUS.OBJECT_TYPE_MISMATCH,
    ]);
    admin.ctx.nt.NtClose({ Handle: h });
    expect(CreateProcessWithTokenW(admin.ctx, services.rpc, tokenRequest(queryOnly))).toEqual({
      returnValue: 0,
      lastError: ERROR.ACCESS_DENIED,
      status: STATUS.ACCESS_DENIED,
    });
    expect(counts()).toEqual(before);
  });
});
