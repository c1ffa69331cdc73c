import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  PRIVILEGES,
  SE_ASSIGNPRIMARYTOKEN_PRIVILEGE,
  SE_CREATE_TOKEN_PRIVILEGE,
  SE_DEBUG_PRIVILEGE,
  SE_IMPERSONATE_PRIVILEGE,
  SE_INCREASE_QUOTA_PRIVILEGE,
  SE_MAX_WELL_KNOWN_PRIVILEGE,
  SE_PRIVILEGE_ENABLED,
  SE_PRIVILEGE_ENABLED_BY_DEFAULT,
  SE_PRIVILEGE_REMOVED,
  SE_TCB_PRIVILEGE,
  lookupPrivilegeName,
  lookupPrivilegeValue,
} from './index.js';

describe('privileges (phnt ntseapi.h SE_*_PRIVILEGE, winnt.h SE_*_NAME)', () => {
  it('has the well-known LUIDs', () => {
    expect([
      SE_CREATE_TOKEN_PRIVILEGE,
      SE_ASSIGNPRIMARYTOKEN_PRIVILEGE,
      SE_INCREASE_QUOTA_PRIVILEGE,
      SE_TCB_PRIVILEGE,
      SE_DEBUG_PRIVILEGE,
      SE_IMPERSONATE_PRIVILEGE,
      SE_MAX_WELL_KNOWN_PRIVILEGE,
    ]).toEqual([2, 3, 5, 7, 20, 29, 36]);
    expect([SE_PRIVILEGE_ENABLED_BY_DEFAULT, SE_PRIVILEGE_ENABLED, SE_PRIVILEGE_REMOVED]).toEqual([1, 2, 4]);
  });
  it('lists 35 privileges, LUIDs 2–36 in order', () => {
    expect(PRIVILEGES.map((p) => p.luid)).toEqual(Array.from({ length: 35 }, (_, i) => i + 2));
    expect(PRIVILEGES[0]).toEqual({
      luid: 2,
      name: 'SeCreateTokenPrivilege',
      description: 'Create a token object',
    });
    expect(PRIVILEGES.at(-1)!.name).toBe('SeDelegateSessionUserImpersonatePrivilege');
  });
  it('LookupPrivilegeValue / LookupPrivilegeName', () => {
    expect(lookupPrivilegeValue('SeDebugPrivilege')).toEqual({ status: STATUS.SUCCESS, luid: 20 });
    expect(lookupPrivilegeValue('sedebugprivilege')).toEqual({ status: STATUS.SUCCESS, luid: 20 });
    expect(lookupPrivilegeValue('SeFlyPrivilege')).toEqual({ status: STATUS.NO_SUCH_PRIVILEGE });
    expect(lookupPrivilegeName(29)).toBe('SeImpersonatePrivilege');
    expect(lookupPrivilegeName(1)).toBeUndefined();
  });
});
