import {
  CreateProcessWithLogonW,
  CreateProcessWithTokenW,
  LOGON32_LOGON,
  LOGON32_PROVIDER,
  LOGON_NETCREDENTIALS_ONLY,
  LOGON_WITH_PROFILE,
  LogonUserW,
} from '../../advapi32/index.js';
import { SEE_MASK, ShellExecuteExW, ShellExecuteW } from '../../shell32/index.js';
import { flagsValue, type ArgSpec } from './args.js';
import type { CallDef } from './calls.js';
import { handleArg, hex, opt, processOutcome, win32 } from './outcome.js';
import { CREATION_FLAGS, prefixed } from './names.js';

/** The SDK names scenarios use for these calls' flags (winbase.h, shellapi.h, winuser.h). */
export const LOGON_TYPES = prefixed('LOGON32_LOGON_', LOGON32_LOGON);
export const LOGON_PROVIDERS = prefixed('LOGON32_PROVIDER_', LOGON32_PROVIDER);
export const LOGON_FLAGS = { LOGON_WITH_PROFILE, LOGON_NETCREDENTIALS_ONLY };
export const SEE_MASKS = prefixed('SEE_MASK_', SEE_MASK);
export const SHOW_COMMANDS: Readonly<Record<string, number>> = {
  SW_HIDE: 0,
  SW_SHOWNORMAL: 1,
  SW_NORMAL: 1,
  SW_SHOWMINIMIZED: 2,
  SW_SHOWMAXIMIZED: 3,
  SW_MAXIMIZE: 3,
  SW_SHOWNOACTIVATE: 4,
  SW_SHOW: 5,
  SW_MINIMIZE: 6,
  SW_SHOWMINNOACTIVE: 7,
  SW_SHOWNA: 8,
  SW_RESTORE: 9,
  SW_SHOWDEFAULT: 10,
  SW_FORCEMINIMIZE: 11,
};

const CREATE_WITH: Readonly<Record<string, ArgSpec>> = {
  logonFlags: opt({ kind: 'flags', table: LOGON_FLAGS, what: 'flag' }),
  applicationName: opt({ kind: 'string', nullable: true }),
  commandLine: opt({ kind: 'string', nullable: true }),
  creationFlags: opt({ kind: 'flags', table: CREATION_FLAGS, what: 'flag' }),
  environment: opt({ kind: 'any' }),
  currentDirectory: opt({ kind: 'string', nullable: true }),
  startupInfo: opt({ kind: 'any' }),
};

function common(a: Record<string, unknown>) {
  return {
    logonFlags: flagsValue(a.logonFlags, LOGON_FLAGS),
    applicationName: (a.applicationName as string | null | undefined) ?? null,
    commandLine: (a.commandLine as string | null | undefined) ?? null,
    creationFlags: flagsValue(a.creationFlags, CREATION_FLAGS),
    environment: (a.environment as Record<string, string> | null | undefined) ?? null,
    currentDirectory: (a.currentDirectory as string | null | undefined) ?? null,
    startupInfo: (a.startupInfo as Record<string, unknown> | null | undefined) ?? null,
  };
}

/**
 * LogonUserW (LSA in lsass), CreateProcessWithLogonW / CreateProcessWithTokenW (the Secondary Logon
 * service in svchost), ShellExecuteExW / ShellExecuteW (associations; `runas` through AppInfo).
 */
export const LOGON_CALLS: Readonly<Record<string, CallDef>> = {
  LogonUserW: {
    args: {
      userName: { kind: 'string', nullable: true },
      domain: opt({ kind: 'string', nullable: true }),
      password: opt({ kind: 'string', nullable: true }),
      logonType: { kind: 'flags', table: LOGON_TYPES, what: 'logon type' },
      logonProvider: opt({ kind: 'flags', table: LOGON_PROVIDERS, what: 'provider' }),
    },
    run: (e, a) => {
      const r = LogonUserW(
        e.ctx,
        e.services.rpc,
        (a.userName as string | null) ?? null,
        (a.domain as string | null | undefined) ?? null,
        (a.password as string | null | undefined) ?? null,
        flagsValue(a.logonType, LOGON_TYPES),
        flagsValue(a.logonProvider, LOGON_PROVIDERS),
      );
      return win32(
        r,
        'bool',
        r.out?.token ? { token: hex(r.out.token), handle: hex(r.out.token) } : undefined,
      );
    },
  },
  CreateProcessWithLogonW: {
    args: {
      userName: { kind: 'string', nullable: true },
      domain: opt({ kind: 'string', nullable: true }),
      password: opt({ kind: 'string', nullable: true }),
      ...CREATE_WITH,
    },
    run: (e, a) =>
      processOutcome(
        CreateProcessWithLogonW(e.ctx, e.services.rpc, {
          userName: (a.userName as string | null) ?? null,
          domain: (a.domain as string | null | undefined) ?? null,
          password: (a.password as string | null | undefined) ?? null,
          ...common(a),
        } as Parameters<typeof CreateProcessWithLogonW>[2]),
      ),
  },
  CreateProcessWithTokenW: {
    args: { token: { kind: 'handle' }, ...CREATE_WITH },
    run: (e, a) =>
      processOutcome(
        CreateProcessWithTokenW(e.ctx, e.services.rpc, {
          token: handleArg(a.token),
          ...common(a),
        } as Parameters<typeof CreateProcessWithTokenW>[2]),
      ),
  },
  ShellExecuteExW: {
    args: { execInfo: { kind: 'any' } },
    run: (e, a) => {
      const i = (a.execInfo ?? {}) as Record<string, unknown>;
      const r = ShellExecuteExW(e.ctx, e.services.rpc, {
        mask: flagsValue(i.mask, SEE_MASKS),
        verb: (i.verb as string | null | undefined) ?? null,
        file: (i.file as string | null | undefined) ?? null,
        parameters: (i.parameters as string | null | undefined) ?? null,
        directory: (i.directory as string | null | undefined) ?? null,
        show: typeof i.show === 'string' ? (SHOW_COMMANDS[i.show] ?? 1) : Number(i.show ?? 1),
        class: (i.class as string | null | undefined) ?? null,
      });
      return {
        ok: r.returnValue !== 0,
        returnValue: r.returnValue,
        lastError: r.lastError,
        status: r.status,
        out: { hInstApp: r.out.hInstApp, hProcess: hex(r.out.hProcess) },
      };
    },
  },
  ShellExecuteW: {
    args: {
      operation: opt({ kind: 'string', nullable: true }),
      file: { kind: 'string' },
      parameters: opt({ kind: 'string', nullable: true }),
      directory: opt({ kind: 'string', nullable: true }),
      showCmd: opt({ kind: 'flags', table: SHOW_COMMANDS, what: 'show command' }),
    },
    run: (e, a) => {
      const r = ShellExecuteW(
        e.ctx,
        e.services.rpc,
        (a.operation as string | null | undefined) ?? null,
        String(a.file),
        (a.parameters as string | null | undefined) ?? null,
        (a.directory as string | null | undefined) ?? null,
        a.showCmd === undefined ? 1 : flagsValue(a.showCmd, SHOW_COMMANDS),
      );
      return { ok: r.returnValue > 32, returnValue: r.returnValue, lastError: r.lastError, status: r.status };
    },
  },
};
