/**
 * The constants of advapi32's logon and secondary-logon APIs (winbase.h of the Windows SDK, as
 * Microsoft Learn's LogonUserW, CreateProcessWithLogonW and CreateProcessWithTokenW pages list
 * them), and the Win32 errors and NTSTATUS values of logon failures (winerror.h, ntstatus.h) that
 * src/base does not carry yet.
 */

/** LogonUserW's dwLogonType (winbase.h; Microsoft Learn "LogonUserW"). */
export const LOGON32_LOGON = {
  INTERACTIVE: 2,
  NETWORK: 3,
  BATCH: 4,
  SERVICE: 5,
  UNLOCK: 7,
  NETWORK_CLEARTEXT: 8,
  NEW_CREDENTIALS: 9,
} as const;

/** LogonUserW's dwLogonProvider (winbase.h). */
export const LOGON32_PROVIDER = {
  DEFAULT: 0,
  WINNT35: 1,
  WINNT40: 2,
  WINNT50: 3,
  VIRTUAL: 4,
} as const;

/** CreateProcessWithLogonW / CreateProcessWithTokenW dwLogonFlags (winbase.h). */
export const LOGON_WITH_PROFILE = 0x00000001;
export const LOGON_NETCREDENTIALS_ONLY = 0x00000002;

/**
 * Win32 errors of the logon path (winerror.h): ERROR_LOGON_FAILURE "The user name or password is
 * incorrect" (1326), ERROR_ACCOUNT_RESTRICTION (1327, e.g. a blank password outside the console),
 * ERROR_ACCOUNT_DISABLED (1331), ERROR_LOGON_TYPE_NOT_GRANTED (1385), ERROR_NO_SUCH_LOGON_SESSION
 * (1312), ERROR_SERVICE_NOT_ACTIVE (1062), ERROR_CANCELLED (1223).
 */
export const LOGON_ERROR = {
  SERVICE_NOT_ACTIVE: 1062,
  CANCELLED: 1223,
  NO_SUCH_LOGON_SESSION: 1312,
  LOGON_FAILURE: 1326,
  ACCOUNT_RESTRICTION: 1327,
  ACCOUNT_DISABLED: 1331,
  LOGON_TYPE_NOT_GRANTED: 1385,
} as const;

/**
 * The NTSTATUS values LSA answers LsaLogonUser with (ntstatus.h), and the Win32 error each maps
 * to (RtlNtStatusToDosError; Microsoft's "Mapping NT Status Error Codes to Win32 Error Codes").
 * STATUS_WRONG_PASSWORD and STATUS_NO_SUCH_USER come back only as the SubStatus of
 * STATUS_LOGON_FAILURE (Microsoft Learn "LsaLogonUser": SubStatus).
 */
export const LOGON_STATUS = {
  NO_SUCH_USER: 0xc0000064,
  WRONG_PASSWORD: 0xc000006a,
  LOGON_FAILURE: 0xc000006d,
  ACCOUNT_RESTRICTION: 0xc000006e,
  ACCOUNT_DISABLED: 0xc0000072,
  NO_SUCH_LOGON_SESSION: 0xc000005f,
  LOGON_TYPE_NOT_GRANTED: 0xc000015b,
} as const;

/** LOGON_STATUS → LOGON_ERROR, as RtlNtStatusToDosError maps them. */
export const LOGON_STATUS_TO_ERROR: ReadonlyMap<number, number> = new Map([
  [LOGON_STATUS.NO_SUCH_USER, 1317],
  [LOGON_STATUS.WRONG_PASSWORD, 1323],
  [LOGON_STATUS.LOGON_FAILURE, LOGON_ERROR.LOGON_FAILURE],
  [LOGON_STATUS.ACCOUNT_RESTRICTION, LOGON_ERROR.ACCOUNT_RESTRICTION],
  [LOGON_STATUS.ACCOUNT_DISABLED, LOGON_ERROR.ACCOUNT_DISABLED],
  [LOGON_STATUS.NO_SUCH_LOGON_SESSION, LOGON_ERROR.NO_SUCH_LOGON_SESSION],
  [LOGON_STATUS.LOGON_TYPE_NOT_GRANTED, LOGON_ERROR.LOGON_TYPE_NOT_GRANTED],
]);

/** The ERROR_* names of LOGON_ERROR and the STATUS_* names of LOGON_STATUS, for results and tests. */
export const LOGON_ERROR_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(LOGON_ERROR).map(([k, v]) => [v, `ERROR_${k}`]),
);
export const LOGON_STATUS_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(LOGON_STATUS).map(([k, v]) => [v, `STATUS_${k}`]),
);
