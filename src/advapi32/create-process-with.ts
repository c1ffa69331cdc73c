import { ERROR, STATUS } from '../base/index.js';
import type { CreateProcessRequest, CreateProcessResult, StartupInfo } from '../kernelbase/index.js';
import { BasepReadCallerParameters } from '../kernelbase/process/caller-peb.js';
import type { UserThreadContext } from '../ntdll/index.js';
import { LOGON_ERROR, LOGON_NETCREDENTIALS_ONLY, LOGON_WITH_PROFILE } from './constants.js';
import type { Advapi32Rpc } from './logon.js';
import { clientIdOf, failed, failedWin32, ok } from './result.js';
import type { SECL_REQUEST, SeclStartupInfo } from './seclogon-client.js';

/** lpCommandLine of the two functions: "The maximum length of this string is 1024 characters." */
const MAX_COMMAND_LINE = 1024;

/** The CreateProcessWith*W parameters that are CreateProcessW's (lpApplicationName … lpStartupInfo). */
export type CreateProcessWithRequest = Pick<
  CreateProcessRequest,
  'applicationName' | 'commandLine' | 'creationFlags' | 'environment' | 'currentDirectory' | 'startupInfo'
>;

/** CreateProcessWithLogonW's parameters by their documented names (lpUsername → userName …). */
export interface CreateProcessWithLogonRequest extends CreateProcessWithRequest {
  userName: string | null;
  domain: string | null;
  password: string | null;
  logonFlags: number;
}

/** CreateProcessWithTokenW's parameters (hToken → token). */
export interface CreateProcessWithTokenRequest extends CreateProcessWithRequest {
  token: number;
  logonFlags: number;
}

const STARTUP_MEMBERS = [
  'desktop',
  'title',
  'x',
  'y',
  'xSize',
  'ySize',
  'xCountChars',
  'yCountChars',
  'fillAttribute',
  'flags',
  'showWindow',
] as const;

/** The STARTUPINFOW members the request marshals (not the attribute list or the std handles). */
function marshalStartupInfo(si: StartupInfo | null | undefined): SeclStartupInfo {
  const out: Record<string, unknown> = {};
  for (const k of STARTUP_MEMBERS) if (si?.[k] !== undefined) out[k] = si[k];
  return out as SeclStartupInfo;
}

function marshalEnvironment(env: CreateProcessRequest['environment']): readonly string[] | null {
  if (env === null) return null;
  if (Array.isArray(env)) return env as readonly string[];
  return Object.entries(env as Record<string, string>).map(([k, v]) => `${k}=${v}`);
}

/**
 * The client side both functions share (advapi32 → the `ISeclogon` RPC, ReactOS
 * dll/win32/advapi32/wine/security.c CreateProcessWithLogonW): dwLogonFlags must be 0,
 * LOGON_WITH_PROFILE or LOGON_NETCREDENTIALS_ONLY, and lpCommandLine at most 1024 characters
 * (ERROR_INVALID_PARAMETER otherwise); a NULL lpCurrentDirectory is the caller's own ("the new
 * process will have the same current drive and directory as the calling process"); the request
 * names the caller (its process id) and goes to the service, whose answer is PROCESS_INFORMATION
 * with handles the service duplicated into the caller. No binding (the service is not running in a
 * minimal boot) is ERROR_SERVICE_NOT_ACTIVE — on Windows advapi32 would start the demand-start
 * service first (model's reading).
 */
function callSeclogon(
  ctx: UserThreadContext,
  rpc: Advapi32Rpc,
  req: CreateProcessWithRequest,
  credentials: Pick<SECL_REQUEST, 'Username' | 'Domain' | 'Password' | 'hToken' | 'dwLogonFlags'>,
): CreateProcessResult {
  const flags = credentials.dwLogonFlags >>> 0;
  if (flags !== 0 && flags !== LOGON_WITH_PROFILE && flags !== LOGON_NETCREDENTIALS_ONLY)
    return failed(0, STATUS.INVALID_PARAMETER);
  if (req.commandLine !== null && req.commandLine.length > MAX_COMMAND_LINE)
    return failed(0, STATUS.INVALID_PARAMETER);
  const binding = rpc.seclogon;
  if (!binding) return failedWin32(0, LOGON_ERROR.SERVICE_NOT_ACTIVE);
  const client = clientIdOf(ctx);
  const currentDirectory = req.currentDirectory ?? BasepReadCallerParameters(ctx).currentDirectory;
  const request: SECL_REQUEST = {
    ...credentials,
    ApplicationName: req.applicationName,
    CommandLine: req.commandLine,
    CurrentDirectory: currentDirectory,
    Environment: marshalEnvironment(req.environment),
    dwCreationFlags: req.creationFlags >>> 0,
    StartupInfo: marshalStartupInfo(req.startupInfo),
    dwProcessId: client.processId,
  };
  const r = ctx.trace.call(
    {
      layer: 'user',
      module: 'advapi32',
      fn: 'c_SeclCreateProcessWithLogonW',
      channel: 'win32',
      args: { dwProcessId: client.processId, hToken: credentials.hToken },
    },
    () => {
      const response = binding.SeclCreateProcessWithLogonW(client, request);
      return { status: response.status, value: response };
    },
  ).value!;
  if (r.dwError !== ERROR.SUCCESS) return failedWin32(0, r.dwError, r.status);
  return {
    ...ok(1),
    out: { processId: r.dwProcessId, threadId: r.dwThreadId, hProcess: r.hProcess, hThread: r.hThread },
  };
}

function traced(
  ctx: UserThreadContext,
  fn: string,
  args: Record<string, string | number | null>,
  body: () => CreateProcessResult,
): CreateProcessResult {
  return ctx.trace.call({ layer: 'user', module: 'advapi32', fn, channel: 'win32', args }, () => {
    const r = body();
    return { status: r.status, value: r, result: r.out ? { ...r.out } : { lastError: r.lastError } };
  }).value!;
}

/**
 * CreateProcessWithLogonW (Microsoft Learn "CreateProcessWithLogonW"): the Secondary Logon service
 * logs the user on (LOGON32_LOGON_INTERACTIVE; with LOGON_NETCREDENTIALS_ONLY a
 * LOGON32_LOGON_NEW_CREDENTIALS clone of the caller's token, the credentials kept for the network
 * only and not checked) and creates the process as the service with the caller as its parent; the
 * logon errors are LogonUserW's (ERROR_LOGON_FAILURE, ERROR_ACCOUNT_DISABLED, …).
 */
export function CreateProcessWithLogonW(
  ctx: UserThreadContext,
  rpc: Advapi32Rpc,
  req: CreateProcessWithLogonRequest,
): CreateProcessResult {
  return traced(
    ctx,
    'CreateProcessWithLogonW',
    {
      userName: req.userName,
      domain: req.domain,
      logonFlags: req.logonFlags >>> 0,
      applicationName: req.applicationName,
      commandLine: req.commandLine,
      creationFlags: req.creationFlags >>> 0,
    },
    () =>
      callSeclogon(ctx, rpc, req, {
        Username: req.userName,
        Domain: req.domain,
        Password: req.password,
        hToken: null,
        dwLogonFlags: req.logonFlags,
      }),
  );
}

/**
 * CreateProcessWithTokenW (Microsoft Learn "CreateProcessWithTokenW"): the service duplicates the
 * caller's token handle and creates the process with it, in the caller's session ("The process
 * always runs in the caller's session, not in the session specified in the token"). "The process
 * that calls CreateProcessWithTokenW must have the SE_IMPERSONATE_NAME privilege":
 * ERROR_PRIVILEGE_NOT_HELD (1314) otherwise; a handle that is not a token ERROR_INVALID_HANDLE.
 */
export function CreateProcessWithTokenW(
  ctx: UserThreadContext,
  rpc: Advapi32Rpc,
  req: CreateProcessWithTokenRequest,
): CreateProcessResult {
  return traced(
    ctx,
    'CreateProcessWithTokenW',
    {
      token: req.token,
      logonFlags: req.logonFlags >>> 0,
      applicationName: req.applicationName,
      commandLine: req.commandLine,
      creationFlags: req.creationFlags >>> 0,
    },
    () =>
      callSeclogon(ctx, rpc, req, {
        Username: null,
        Domain: null,
        Password: null,
        hToken: req.token,
        dwLogonFlags: req.logonFlags,
      }),
  );
}
