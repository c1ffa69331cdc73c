import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { ObEnumerateHandles } from '../../src/kernel/ob/index.js';
import {
  MAXIMUM_ALLOWED,
  NtAdjustPrivilegesToken,
  PROCESS_ALL_ACCESS,
  PROCESS_QUERY_INFORMATION,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_TERMINATE,
  PROCESS_VM_READ,
  READ_CONTROL,
  SE_DEBUG_PRIVILEGE,
  SE_PRIVILEGE_ENABLED,
  SYNCHRONIZE,
  THREAD_ALL_ACCESS,
  THREAD_QUERY_LIMITED_INFORMATION,
  formatSddl,
  type SECURITY_DESCRIPTOR,
} from '../../src/kernel/se/index.js';
import { bootedMachine, out } from './support.js';

/** What the mandatory policy leaves a lower-integrity caller of a process: GENERIC_EXECUTE mapped. */
const PROCESS_EXECUTE = SYNCHRONIZE | READ_CONTROL | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE;

describe('NtOpenProcess / NtOpenThread: CID lookup, SeAccessCheck, integrity, SeDebugPrivilege', () => {
  const m = bootedMachine();
  const { b, byName, sys } = m;
  const explorer = b.explorer;
  const lsass = byName('lsass.exe');
  const open = (as: typeof explorer, pid: number, access: number, extra: Record<string, unknown> = {}) =>
    sys(as, 'NtOpenProcess', {
      DesiredAccess: access,
      ObjectAttributes: { Attributes: 0 },
      ClientId: { UniqueProcess: pid, UniqueThread: 0 },
      ...extra,
    });
  const grantedOf = (as: typeof explorer, handle: number) =>
    ObEnumerateHandles(as.ObjectTable!).find((h) => h.handle === handle)!.grantedAccess;
  // An elevated process of the same user (UAC's full token, High), started from explorer.
  const elevated = m.spawn(explorer, { token: b.userToken.linkedToken! }).process!;

  it('gives processes a descriptor from the creator, labelled with their own integrity, NW|NR', () => {
    const sd = (p: typeof explorer) => formatSddl(p.header!.securityDescriptor as SECURITY_DESCRIPTOR);
    // lsass: made by wininit (SYSTEM): owner BA, SYSTEM GA, Administrators GR|GX|RC; System label.
    expect(sd(lsass)).toBe('O:BAG:SYD:(A;;GA;;;SY)(A;;RCGXGR;;;BA)S:(ML;;NWNR;;;SI)');
    // The elevated process: explorer's default DACL and owner, and its own (High) label.
    expect(sd(elevated)).toMatch(/^O:S-1-5-21-[\d-]+-1001G:.*S:\(ML;;NWNR;;;HI\)$/);
    expect(formatSddl(elevated.threads[0]!.header!.securityDescriptor as SECURITY_DESCRIPTOR)).toMatch(
      /S:\(ML;;NWNR;;;HI\)$/,
    );
  });

  it('Medium explorer on a High process of its user: only what NO_READ_UP|NO_WRITE_UP leaves', () => {
    const max = open(explorer, elevated.UniqueProcessId, MAXIMUM_ALLOWED);
    expect(max.status).toBe(STATUS.SUCCESS);
    expect(grantedOf(explorer, out(max, 'ProcessHandle'))).toBe(PROCESS_EXECUTE);
    const limited = open(explorer, elevated.UniqueProcessId, PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE);
    expect(limited.status).toBe(STATUS.SUCCESS);
    expect(open(explorer, elevated.UniqueProcessId, PROCESS_VM_READ).status).toBe(STATUS.ACCESS_DENIED);
    expect(open(explorer, elevated.UniqueProcessId, PROCESS_QUERY_INFORMATION).status).toBe(
      STATUS.ACCESS_DENIED,
    );
  });

  it('a High admin on System-integrity lsass: the DACL grants GR|GX, the label leaves GX', () => {
    const max = open(elevated, lsass.UniqueProcessId, MAXIMUM_ALLOWED);
    expect(max.status).toBe(STATUS.SUCCESS);
    expect(grantedOf(elevated, out(max, 'ProcessHandle'))).toBe(PROCESS_EXECUTE);
    expect(
      open(elevated, lsass.UniqueProcessId, PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE).status,
    ).toBe(STATUS.SUCCESS);
    expect(open(elevated, lsass.UniqueProcessId, PROCESS_VM_READ).status).toBe(STATUS.ACCESS_DENIED);
  });

  it('Medium explorer on lsass/services: denied — the DACL names SYSTEM and Administrators (deny-only here)', () => {
    for (const name of ['lsass.exe', 'services.exe']) {
      const pid = byName(name).UniqueProcessId;
      expect(open(explorer, pid, PROCESS_QUERY_LIMITED_INFORMATION).status, name).toBe(STATUS.ACCESS_DENIED);
      expect(open(explorer, pid, PROCESS_VM_READ).status, name).toBe(STATUS.ACCESS_DENIED);
      expect(open(explorer, pid, MAXIMUM_ALLOWED).status, name).toBe(STATUS.ACCESS_DENIED);
    }
  });

  it('SeDebugPrivilege enabled: all access, past DACL and label', () => {
    const before = open(elevated, lsass.UniqueProcessId, PROCESS_ALL_ACCESS).status;
    expect(before).toBe(STATUS.ACCESS_DENIED);
    const r = NtAdjustPrivilegesToken(elevated.Token!, false, [
      { luid: SE_DEBUG_PRIVILEGE, attributes: SE_PRIVILEGE_ENABLED },
    ]);
    expect(r.status).toBe(STATUS.SUCCESS);
    const all = open(elevated, lsass.UniqueProcessId, PROCESS_ALL_ACCESS);
    expect(all.status).toBe(STATUS.SUCCESS);
    expect(grantedOf(elevated, out(all, 'ProcessHandle'))).toBe(PROCESS_ALL_ACCESS);
    const max = open(elevated, lsass.UniqueProcessId, MAXIMUM_ALLOWED);
    expect(grantedOf(elevated, out(max, 'ProcessHandle'))).toBe(PROCESS_ALL_ACCESS);
    const thread = sys(elevated, 'NtOpenThread', {
      DesiredAccess: MAXIMUM_ALLOWED,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: 0, UniqueThread: lsass.threads[0]!.Cid.UniqueThread },
    });
    expect(thread.status).toBe(STATUS.SUCCESS);
    expect(grantedOf(elevated, out(thread, 'ThreadHandle'))).toBe(THREAD_ALL_ACCESS);
  });

  it('opens its own process and threads; QUERY_INFORMATION implies QUERY_LIMITED_INFORMATION', () => {
    const r = open(explorer, explorer.UniqueProcessId, PROCESS_QUERY_INFORMATION);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(grantedOf(explorer, out(r, 'ProcessHandle'))).toBe(
      PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION,
    );
    const t = sys(explorer, 'NtOpenThread', {
      DesiredAccess: THREAD_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: {
        UniqueProcess: explorer.UniqueProcessId,
        UniqueThread: explorer.threads[0]!.Cid.UniqueThread,
      },
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    // By the process of a thread: ClientId.UniqueThread must belong to UniqueProcess.
    expect(
      open(explorer, explorer.UniqueProcessId, PROCESS_QUERY_LIMITED_INFORMATION, {
        ClientId: {
          UniqueProcess: explorer.UniqueProcessId,
          UniqueThread: explorer.threads[0]!.Cid.UniqueThread,
        },
      }).status,
    ).toBe(STATUS.SUCCESS);
  });

  it('fails with the statuses Microsoft Learn lists, and leaves nothing behind', () => {
    const before = m.counts();
    const pid = explorer.UniqueProcessId;
    const tid = explorer.threads[0]!.Cid.UniqueThread;
    const cases: [Record<string, unknown>, number][] = [
      // A name, or no client ID: STATUS_INVALID_PARAMETER_MIX.
      [
        { ObjectAttributes: { ObjectName: '\\x' }, ClientId: { UniqueProcess: pid } },
        STATUS.INVALID_PARAMETER_MIX,
      ],
      [{ ObjectAttributes: { ObjectName: '\\x' } }, STATUS.INVALID_PARAMETER_MIX],
      [{ ObjectAttributes: {}, ClientId: null }, STATUS.INVALID_PARAMETER_MIX],
      [{ ObjectAttributes: null, ClientId: { UniqueProcess: pid } }, STATUS.ACCESS_VIOLATION],
      // No such process, a TID as a PID, a thread of another process.
      [{ ClientId: { UniqueProcess: 0x7ffc } }, STATUS.INVALID_CID],
      [{ ClientId: { UniqueProcess: 0 } }, STATUS.INVALID_CID],
      [{ ClientId: { UniqueProcess: tid } }, STATUS.INVALID_CID],
      [{ ClientId: { UniqueProcess: lsass.UniqueProcessId, UniqueThread: tid } }, STATUS.INVALID_CID],
      [
        { ClientId: { UniqueProcess: pid }, ObjectAttributes: { Attributes: 0x80000 } },
        STATUS.INVALID_PARAMETER,
      ],
    ];
    for (const [args, status] of cases) {
      const r = sys(explorer, 'NtOpenProcess', {
        DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
        ObjectAttributes: {},
        ...args,
      });
      expect(r.status, JSON.stringify(args)).toBe(status);
    }
    expect(
      sys(explorer, 'NtOpenThread', {
        DesiredAccess: THREAD_QUERY_LIMITED_INFORMATION,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: 0, UniqueThread: pid },
      }).status,
    ).toBe(STATUS.INVALID_CID);
    expect(open(explorer, lsass.UniqueProcessId, PROCESS_VM_READ).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(before);
  });

  it('a zombie (exited, still referenced) opens; once its last handle closes its PID is invalid', () => {
    const child = m.spawn(explorer);
    const pid = child.process!.UniqueProcessId;
    expect(
      sys(explorer, 'NtTerminateProcess', { ProcessHandle: child.ProcessHandle, ExitStatus: 7 }).status,
    ).toBe(STATUS.SUCCESS);
    const zombie = open(explorer, pid, PROCESS_QUERY_LIMITED_INFORMATION);
    expect(zombie.status).toBe(STATUS.SUCCESS);
    for (const h of [child.ProcessHandle, child.ThreadHandle, out(zombie, 'ProcessHandle')])
      expect(sys(explorer, 'NtClose', { Handle: h }).status).toBe(STATUS.SUCCESS);
    expect(open(explorer, pid, PROCESS_QUERY_LIMITED_INFORMATION).status).toBe(STATUS.INVALID_CID);
  });
});
