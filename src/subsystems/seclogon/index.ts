// The services of `svchost.exe -k netsvcs` that create processes for other processes: Secondary
// Logon (CreateProcessWithLogonW / CreateProcessWithTokenW) and Application Information (elevation).
export * from './constants.js';
export type {
  APPINFO_REQUEST,
  APPINFO_RESPONSE,
  HostCreateProcessRequest,
  HostWin32Result,
  RpcClient,
  SECL_REQUEST,
  SECL_RESPONSE,
  SeclStartupInfo,
  ServiceHost,
} from './types.js';
export { ServiceFailure, type CreatedProcess, type ServiceProcessOptions } from './service-base.js';
export { SeclogonService } from './seclogon.js';
export { AppInfoService } from './appinfo.js';
