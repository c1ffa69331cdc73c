import { AdjustTokenPrivileges, OpenProcessToken, SE_PRIVILEGE_ENABLED } from '../../advapi32/index.js';
import { ERROR } from '../../base/index.js';
import { lookupPrivilegeValue, TOKEN_ACCESS_NAMES } from '../../kernel/se/index.js';
import { flagsValue } from './args.js';
import type { CallDef } from './calls.js';
import { handleArg, hex, win32 } from './outcome.js';

const TOKEN_ACCESS: Readonly<Record<string, number>> = Object.fromEntries(TOKEN_ACCESS_NAMES);

/**
 * The token calls a scenario (or a program's behavior) can make — how mimikatz's
 * `privilege::debug` enables SeDebugPrivilege: OpenProcessToken(GetCurrentProcess(),
 * TOKEN_ADJUST_PRIVILEGES) then AdjustTokenPrivileges with the privilege's LUID
 * (LookupPrivilegeValueW's answer; a name it does not know is ERROR_NO_SUCH_PRIVILEGE).
 */
export const TOKEN_CALLS: Readonly<Record<string, CallDef>> = {
  OpenProcessToken: {
    args: {
      processHandle: { kind: 'handle' },
      desiredAccess: { kind: 'flags', table: TOKEN_ACCESS, what: 'access right' },
    },
    run: (e, a) => {
      const r = OpenProcessToken(
        e.ctx,
        handleArg(a.processHandle),
        flagsValue(a.desiredAccess, TOKEN_ACCESS),
      );
      return win32(r, 'bool', r.out ? { handle: hex(r.out.token) } : undefined);
    },
  },
  AdjustTokenPrivileges: {
    args: {
      tokenHandle: { kind: 'handle' },
      disableAllPrivileges: { kind: 'bool', optional: true },
      /** Privilege names (SeDebugPrivilege, …) to enable, or with `disable: true` to disable. */
      privileges: { kind: 'any', optional: true },
      disable: { kind: 'bool', optional: true },
    },
    run: (e, a) => {
      const names = Array.isArray(a.privileges) ? a.privileges.map(String) : [];
      const state: { luid: number; attributes: number }[] = [];
      for (const n of names) {
        const l = lookupPrivilegeValue(n);
        if (l.luid === undefined)
          return { ok: false, returnValue: 0, lastError: ERROR.NO_SUCH_PRIVILEGE, status: l.status };
        state.push({ luid: l.luid, attributes: a.disable === true ? 0 : SE_PRIVILEGE_ENABLED });
      }
      return win32(
        AdjustTokenPrivileges(e.ctx, handleArg(a.tokenHandle), a.disableAllPrivileges === true, state),
        'bool',
      );
    },
  },
};
