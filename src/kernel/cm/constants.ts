/**
 * Registry constants with their Windows SDK names and values (winnt.h: REG_* value types and
 * REG_OPTION_*; winternl.h/ntdef.h: OBJ_OPENLINK; ReactOS sdk/include/ndk/cmtypes.h: the CM_KEY_NODE
 * flags). One table per kind, read by the model, the .reg codec and the views.
 */

/** Value types (winnt.h). The type is a plain ULONG: NtSetValueKey stores any number it is given. */
export const REG_NONE = 0;
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;
export const REG_BINARY = 3;
export const REG_DWORD = 4;
export const REG_DWORD_LITTLE_ENDIAN = 4;
export const REG_DWORD_BIG_ENDIAN = 5;
export const REG_LINK = 6;
export const REG_MULTI_SZ = 7;
export const REG_RESOURCE_LIST = 8;
export const REG_FULL_RESOURCE_DESCRIPTOR = 9;
export const REG_RESOURCE_REQUIREMENTS_LIST = 10;
export const REG_QWORD = 11;
export const REG_QWORD_LITTLE_ENDIAN = 11;

const REG_TYPE_NAMES: Record<number, string> = {
  [REG_NONE]: 'REG_NONE',
  [REG_SZ]: 'REG_SZ',
  [REG_EXPAND_SZ]: 'REG_EXPAND_SZ',
  [REG_BINARY]: 'REG_BINARY',
  [REG_DWORD]: 'REG_DWORD',
  [REG_DWORD_BIG_ENDIAN]: 'REG_DWORD_BIG_ENDIAN',
  [REG_LINK]: 'REG_LINK',
  [REG_MULTI_SZ]: 'REG_MULTI_SZ',
  [REG_RESOURCE_LIST]: 'REG_RESOURCE_LIST',
  [REG_FULL_RESOURCE_DESCRIPTOR]: 'REG_FULL_RESOURCE_DESCRIPTOR',
  [REG_RESOURCE_REQUIREMENTS_LIST]: 'REG_RESOURCE_REQUIREMENTS_LIST',
  [REG_QWORD]: 'REG_QWORD',
};

/** `REG_SZ` for 1; a hex number for types winnt.h does not name. */
export function regTypeName(type: number): string {
  return REG_TYPE_NAMES[type] ?? '0x' + (type >>> 0).toString(16);
}

/** NtCreateKey CreateOptions (winnt.h). */
export const REG_OPTION_NON_VOLATILE = 0x0;
export const REG_OPTION_VOLATILE = 0x1;
export const REG_OPTION_CREATE_LINK = 0x2;
export const REG_OPTION_BACKUP_RESTORE = 0x4;
export const REG_OPTION_OPEN_LINK = 0x8;
export const REG_OPTION_DONT_VIRTUALIZE = 0x10;
/** REG_LEGAL_OPTION (winnt.h): NtCreateKey fails other bits with STATUS_INVALID_PARAMETER (ReactOS NtCreateKey). */
export const REG_LEGAL_OPTION = 0x1f;

/** NtCreateKey Disposition (winnt.h). */
export const REG_CREATED_NEW_KEY = 1;
export const REG_OPENED_EXISTING_KEY = 2;

/** OBJECT_ATTRIBUTES.Attributes: open a symbolic link itself, not what it points to (ntdef.h). */
export const OBJ_OPENLINK = 0x100;

/** CM_KEY_NODE.Flags (ReactOS sdk/include/ndk/cmtypes.h; the same bits in Windows hives). */
export const KEY_IS_VOLATILE = 0x01;
export const KEY_HIVE_EXIT = 0x02;
export const KEY_HIVE_ENTRY = 0x04;
export const KEY_NO_DELETE = 0x08;
export const KEY_SYM_LINK = 0x10;

/** The value a link key's target is stored in, as REG_LINK (ReactOS cmdata.c CmSymbolicLinkValueName). */
export const CM_SYMBOLIC_LINK_VALUE_NAME = 'SymbolicLinkValue';

/**
 * "Registry element size limits" (Microsoft Learn): a key name is at most 255 characters, a value
 * name at most 16,383. A longer key component is refused with STATUS_INVALID_PARAMETER (ReactOS
 * CmpGetNextName/CmpParseKey, Wine server alloc_subkey); a longer value name with STATUS_NAME_TOO_LONG
 * (Wine server registry.c set_value).
 */
export const MAX_KEY_NAME_LENGTH = 255;
export const MAX_VALUE_NAME_LENGTH = 16383;

/**
 * How many times one open may be sent back to the root by symbolic links before it fails with
 * STATUS_OBJECT_NAME_NOT_FOUND (ReactOS ObpLookupObjectName: MaxReparse = 30).
 */
export const MAX_REPARSE = 30;
