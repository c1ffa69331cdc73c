// advapi32: the logon APIs (LogonUserW → LSA) and the secondary-logon creators
// (CreateProcessWithLogonW / CreateProcessWithTokenW → the Secondary Logon service).
export * from './constants.js';
export { logonStatusToDosError } from './result.js';
export {
  LsaLogonUser,
  type LsaAuthenticationPort,
  type LsaLogonReply,
  type LsaLogonRequest,
} from './lsa-client.js';
export { LogonUserW, type Advapi32Rpc, type LogonUserResult } from './logon.js';
export type { SECL_REQUEST, SECL_RESPONSE, SeclStartupInfo, SeclogonBinding } from './seclogon-client.js';
export {
  CreateProcessWithLogonW,
  CreateProcessWithTokenW,
  type CreateProcessWithLogonRequest,
  type CreateProcessWithRequest,
  type CreateProcessWithTokenRequest,
} from './create-process-with.js';
export {
  AdjustTokenPrivileges,
  OpenProcessToken,
  SE_PRIVILEGE_ENABLED,
  type OpenProcessTokenResult,
} from './token.js';
