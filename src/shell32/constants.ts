/**
 * ShellExecuteEx's constants (shellapi.h of the Windows SDK; Microsoft Learn "SHELLEXECUTEINFOW"),
 * and the Win32 errors it sets that src/base does not carry yet (winerror.h).
 */

/** SHELLEXECUTEINFOW.fMask. */
export const SEE_MASK = {
  DEFAULT: 0x00000000,
  CLASSNAME: 0x00000001,
  CLASSKEY: 0x00000003,
  IDLIST: 0x00000004,
  INVOKEIDLIST: 0x0000000c,
  ICON: 0x00000010,
  HOTKEY: 0x00000020,
  NOCLOSEPROCESS: 0x00000040,
  CONNECTNETDRV: 0x00000080,
  NOASYNC: 0x00000100,
  DOENVSUBST: 0x00000200,
  FLAG_NO_UI: 0x00000400,
  UNICODE: 0x00004000,
  NO_CONSOLE: 0x00008000,
  ASYNCOK: 0x00100000,
  HMONITOR: 0x00200000,
  NOZONECHECKS: 0x00800000,
  NOQUERYCLASSSTORE: 0x01000000,
  WAITFORINPUTIDLE: 0x02000000,
  FLAG_LOG_USAGE: 0x04000000,
} as const;

/** SEE_MASK_FLAG_DDEWAIT: the old name of SEE_MASK_NOASYNC (the same bit). */
export const SEE_MASK_FLAG_DDEWAIT = SEE_MASK.NOASYNC;

/**
 * hInstApp on failure (shellapi.h SE_ERR_*; Microsoft Learn "ShellExecuteW", Return value). Values
 * below 32 that are also ERROR_* codes (2, 3, 5, 8, 11) keep those numbers.
 */
export const SE_ERR = {
  FNF: 2,
  PNF: 3,
  ACCESSDENIED: 5,
  OOM: 8,
  BAD_FORMAT: 11,
  SHARE: 26,
  ASSOCINCOMPLETE: 27,
  DDETIMEOUT: 28,
  DDEFAIL: 29,
  DDEBUSY: 30,
  NOASSOC: 31,
  DLLNOTFOUND: 32,
} as const;

/** ERROR_NO_ASSOCIATION (winerror.h): "No application is associated with the specified file for this operation." */
export const ERROR_NO_ASSOCIATION = 1155;
/** ERROR_CANCELLED (winerror.h): what a refused or cancelled elevation leaves as the last error. */
export const ERROR_CANCELLED = 1223;
/** ERROR_SERVICE_NOT_ACTIVE (winerror.h). */
export const ERROR_SERVICE_NOT_ACTIVE = 1062;

/**
 * hInstApp on success. Microsoft Learn only promises "a value greater than 32"; Windows gives 42
 * (the value programs commonly report seeing from ShellExecute), Wine 33.
 */
export const SHELL_EXECUTE_SUCCESS = 42;
