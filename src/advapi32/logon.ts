import { STATUS } from '../base/index.js';
import type { Win32Result } from '../kernelbase/index.js';
import type { UserThreadContext } from '../ntdll/index.js';
import { LOGON32_LOGON, LOGON32_PROVIDER } from './constants.js';
import { LsaLogonUser, type LsaAuthenticationPort, type LsaLogonRequest } from './lsa-client.js';
import { failed, ok } from './result.js';
import type { SeclogonBinding } from './seclogon-client.js';

/**
 * The RPC connections advapi32's callers reach other processes through: LSA's authentication port
 * (lsass.exe) and the Secondary Logon service's `ISeclogon` interface (svchost.exe -k netsvcs). The
 * machine's composition root hands them out (src/system/accounts.ts connectLogonServices); a
 * missing one is a service that is not running.
 */
export interface Advapi32Rpc {
  lsa?: LsaAuthenticationPort | null;
  seclogon?: SeclogonBinding | null;
}

const LOGON_TYPES: ReadonlySet<number> = new Set(Object.values(LOGON32_LOGON));
const PROVIDERS: ReadonlySet<number> = new Set(Object.values(LOGON32_PROVIDER));

/** LogonUserW's outcome: BOOL, and *phToken. */
export type LogonUserResult = Win32Result & { out?: { token: number } };

/**
 * LogonUserW (Microsoft Learn "LogonUserW"; advapi32 → sspicli LogonUserExExW → LsaLogonUser):
 * - a logon type or provider outside winbase.h's lists, a NULL user name, and
 *   LOGON32_LOGON_NEW_CREDENTIALS with another provider than LOGON32_PROVIDER_WINNT50 ("This logon
 *   type is supported only by the LOGON32_PROVIDER_WINNT50 logon provider") are
 *   ERROR_INVALID_PARAMETER before LSA is asked;
 * - LSA (lsass.exe) authenticates the account and creates the token; its status becomes the last
 *   error: a wrong password or an unknown account ERROR_LOGON_FAILURE (1326, from
 *   STATUS_LOGON_FAILURE — the SubStatus says which), a disabled account ERROR_ACCOUNT_DISABLED
 *   (1331), a blank password outside the console ERROR_ACCOUNT_RESTRICTION (1327), a logon type the
 *   account has no right to ERROR_LOGON_TYPE_NOT_GRANTED (1385);
 * - on success *phToken is the token handle LSA duplicated into the caller: a primary token, except
 *   for LOGON32_LOGON_NETWORK ("the function returns an impersonation token, not a primary token").
 *
 * `service` is not a Windows parameter: it carries what a trusted service does around the call
 * (see LsaLogonRequest: the session the token is for, the client being impersonated); only the
 * model's services pass it.
 */
export function LogonUserW(
  ctx: UserThreadContext,
  rpc: Advapi32Rpc,
  userName: string | null,
  domain: string | null,
  password: string | null,
  logonType: number,
  logonProvider: number,
  service: Pick<LsaLogonRequest, 'sessionId' | 'impersonating'> = {},
): LogonUserResult {
  return ctx.trace.call(
    {
      layer: 'user',
      module: 'advapi32',
      fn: 'LogonUserW',
      channel: 'se',
      args: { userName, domain, logonType, logonProvider },
    },
    () => {
      const r = logonUser(ctx, rpc, userName, domain, password, logonType, logonProvider, service);
      return {
        status: r.status,
        value: r,
        result: r.out ? { token: r.out.token } : { lastError: r.lastError },
      };
    },
  ).value!;
}

function logonUser(
  ctx: UserThreadContext,
  rpc: Advapi32Rpc,
  userName: string | null,
  domain: string | null,
  password: string | null,
  logonType: number,
  logonProvider: number,
  service: Pick<LsaLogonRequest, 'sessionId' | 'impersonating'>,
): LogonUserResult {
  if (
    userName === null ||
    !LOGON_TYPES.has(logonType) ||
    !PROVIDERS.has(logonProvider) ||
    (logonType === LOGON32_LOGON.NEW_CREDENTIALS && logonProvider !== LOGON32_PROVIDER.WINNT50)
  )
    return failed(0, STATUS.INVALID_PARAMETER);
  const r = LsaLogonUser(ctx, rpc.lsa, { userName, domain, password, logonType, logonProvider, ...service });
  if (r.status !== STATUS.SUCCESS || r.tokenHandle === undefined) return failed(0, r.status);
  return { ...ok(1), out: { token: r.tokenHandle } };
}
