/**
 * The Windows SDK constants the Secondary Logon and Application Information services use (winnt.h,
 * winbase.h, ntseapi.h), declared here because the subsystems layer does not import advapi32 or
 * kernelbase (ARCHITECTURE.md).
 */

/** Process access rights (winnt.h). */
export const PROCESS_DUP_HANDLE = 0x0040;
export const PROCESS_CREATE_PROCESS = 0x0080;
export const PROCESS_QUERY_INFORMATION = 0x0400;
export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;

/** Token access rights (winnt.h). */
export const TOKEN_DUPLICATE = 0x0002;
export const TOKEN_QUERY = 0x0008;
export const TOKEN_ADJUST_SESSIONID = 0x0100;
export const TOKEN_ALL_ACCESS = 0x000f01ff;

/** DuplicateHandle options (winnt.h). */
export const DUPLICATE_CLOSE_SOURCE = 0x1;
export const DUPLICATE_SAME_ACCESS = 0x2;

/** TOKEN_TYPE and SECURITY_IMPERSONATION_LEVEL (winnt.h). */
export const TokenPrimary = 1;
export const SecurityImpersonation = 2;

/** TOKEN_INFORMATION_CLASS (winnt.h) values the services query or set. */
export const TokenUser = 1;
export const TokenPrivileges = 3;
export const TokenSessionId = 12;
export const TokenElevationType = 18;
export const TokenLinkedToken = 19;

/** TOKEN_ELEVATION_TYPE (winnt.h). */
export const TokenElevationTypeDefault = 1;
export const TokenElevationTypeFull = 2;
export const TokenElevationTypeLimited = 3;

/** Privilege LUIDs (wdm.h SE_*_PRIVILEGE) and SE_PRIVILEGE_ENABLED (winnt.h). */
export const SE_ASSIGNPRIMARYTOKEN_PRIVILEGE = 3;
export const SE_IMPERSONATE_PRIVILEGE = 29;
export const SE_PRIVILEGE_ENABLED = 0x2;

/** LogonUserW's logon types and providers (winbase.h). */
export const LOGON32_LOGON_INTERACTIVE = 2;
export const LOGON32_LOGON_NEW_CREDENTIALS = 9;
export const LOGON32_PROVIDER_DEFAULT = 0;
export const LOGON32_PROVIDER_WINNT50 = 3;

/** CreateProcessWith*W dwLogonFlags (winbase.h). */
export const LOGON_WITH_PROFILE = 0x1;
export const LOGON_NETCREDENTIALS_ONLY = 0x2;

/** Process creation flags (Microsoft Learn "Process Creation Flags"). */
export const CREATE_NEW_CONSOLE = 0x00000010;
export const CREATE_NEW_PROCESS_GROUP = 0x00000200;
export const CREATE_UNICODE_ENVIRONMENT = 0x00000400;
export const EXTENDED_STARTUPINFO_PRESENT = 0x00080000;
export const CREATE_DEFAULT_ERROR_MODE = 0x04000000;

/** ERROR_CANCELLED (winerror.h): "The operation was canceled by the user." */
export const ERROR_CANCELLED = 1223;
