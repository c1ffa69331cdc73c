import type { GENERIC_MAPPING } from './access-mask.js';

/** Registry key rights (winnt.h). */
export const KEY_QUERY_VALUE = 0x0001;
export const KEY_SET_VALUE = 0x0002;
export const KEY_CREATE_SUB_KEY = 0x0004;
export const KEY_ENUMERATE_SUB_KEYS = 0x0008;
export const KEY_NOTIFY = 0x0010;
export const KEY_CREATE_LINK = 0x0020;
export const KEY_ALL_ACCESS = 0x000f003f;

/** CmpKeyMapping: KEY_READ, KEY_WRITE, KEY_EXECUTE (= KEY_READ), KEY_ALL_ACCESS (winnt.h). */
export const CmpKeyMapping: GENERIC_MAPPING = Object.freeze({
  GenericRead: 0x00020019,
  GenericWrite: 0x00020006,
  GenericExecute: 0x00020019,
  GenericAll: KEY_ALL_ACCESS,
});
