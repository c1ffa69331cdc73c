import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { CsrClientCallServer } from '../../src/ntdll/index.js';
import type { EPROCESS } from '../../src/kernel/ps/index.js';
import {
  CSR_DEFAULT_SHUTDOWN_LEVEL,
  CsrProcessIsConsoleApp,
  type CsrServer,
} from '../../src/subsystems/index.js';
import { machineWithCsrss } from './support.js';

const IMAGE_SUBSYSTEM_WINDOWS_GUI = 2;
const IMAGE_SUBSYSTEM_WINDOWS_CUI = 3;
const CMD = '\\??\\C:\\Windows\\System32\\cmd.exe';

function handleCount(p: EPROCESS): number {
  return p.ObjectTable!.handleCount;
}

describe('CSRSS base server (BasepCreateProcess / BasepExitProcess)', () => {
  function created() {
    const m = machineWithCsrss();
    const server = m.servers.get(1)!;
    const explorer = m.b.explorer;
    const ctx = m.ctxOf(explorer);
    const child = m.spawn(explorer);
    expect(child.status).toBe(STATUS.SUCCESS);
    const p = child.process!;
    const message = {
      ProcessHandle: child.ProcessHandle!,
      ThreadHandle: child.ThreadHandle!,
      ClientId: { UniqueProcess: p.UniqueProcessId, UniqueThread: p.threads[0]!.Cid.UniqueThread },
      CreationFlags: 0,
      Subsystem: IMAGE_SUBSYSTEM_WINDOWS_GUI,
      ParentProcessId: explorer.UniqueProcessId,
    };
    return { m, server, explorer, ctx, child: p, message };
  }

  it('records a CSR_PROCESS and its CSR_THREAD with handles duplicated into csrss.exe', () => {
    const { m, server, explorer, ctx, child, message } = created();
    const csrss = m.csrssOf(1);
    // The first request adopts explorer (started by boot before CSRSS was wired).
    expect(CsrClientCallServer(ctx, 'BasepGetProcessShutdownParam', {}).status).toBe(STATUS.SUCCESS);
    expect(server.lookupProcess(explorer.UniqueProcessId)?.origin).toBe('adopted');
    const before = handleCount(csrss);
    const count = server.processCount;
    const r = CsrClientCallServer(ctx, 'BasepCreateProcess', message);
    expect(r.status).toBe(STATUS.SUCCESS);
    // The process and thread handles, duplicated into CSRSS's table.
    expect(handleCount(csrss)).toBe(before + 2);
    expect(server.processCount).toBe(count + 1);
    const rec = server.lookupProcess(child.UniqueProcessId)!;
    expect(rec).toMatchObject({
      ClientId: message.ClientId,
      ParentProcessId: explorer.UniqueProcessId,
      ShutdownLevel: CSR_DEFAULT_SHUTDOWN_LEVEL,
      ShutdownFlags: 0,
      ReferenceCount: 2,
      origin: 'BasepCreateProcess',
      ImageName: 'C:\\Windows\\System32\\notepad.exe',
    });
    expect(rec.NtSession.SessionId).toBe(1);
    expect(rec.Flags & CsrProcessIsConsoleApp).toBe(0);
    expect(rec.ThreadList).toHaveLength(1);
    expect(rec.ThreadList[0]!.ClientId).toEqual(message.ClientId);
    // The handles are CSRSS's own: they name the child's process and thread objects.
    const entries = csrss.ObjectTable!;
    expect(entries.lookup(rec.ProcessHandle)?.object.body).toBe(child);
    expect(entries.lookup(rec.ThreadList[0]!.ThreadHandle)?.object.body).toBe(child.threads[0]);
    expect(server.isCsrProcess(child.UniqueProcessId)).toBe(true);
  });

  it('BasepExitProcess removes the record and CSRSS closes its handles', () => {
    const { m, server, ctx, child, message } = created();
    const csrss = m.csrssOf(1);
    expect(CsrClientCallServer(ctx, 'BasepCreateProcess', message).status).toBe(STATUS.SUCCESS);
    const session = server.NtSession.ReferenceCount;
    const before = handleCount(csrss);
    const r = CsrClientCallServer(m.ctxOf(child), 'BasepExitProcess', { uExitCode: 0 });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(server.lookupProcess(child.UniqueProcessId)).toBeNull();
    expect(handleCount(csrss)).toBe(before - 2);
    expect(server.NtSession.ReferenceCount).toBe(session - 1);
    // A second exit finds nothing (CsrDestroyProcess: STATUS_THREAD_IS_TERMINATING).
    expect(CsrClientCallServer(m.ctxOf(child), 'BasepExitProcess', { uExitCode: 0 }).status).not.toBe(
      STATUS.SUCCESS,
    );
  });

  it('a client that dies without BasepExitProcess is removed through CsrClientDied (an exit notify routine)', () => {
    const { m, server, explorer, ctx, child, message } = created();
    const csrss = m.csrssOf(1);
    expect(CsrClientCallServer(ctx, 'BasepCreateProcess', message).status).toBe(STATUS.SUCCESS);
    const before = handleCount(csrss);
    m.k.ps.notify.PsSetCreateProcessNotifyRoutineEx((_p, pid, info) => {
      if (!info) server.CsrClientDied(pid);
    }, false);
    const r = m.sys(explorer, 'NtTerminateProcess', { ProcessHandle: message.ProcessHandle, ExitStatus: 1 });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(server.isCsrProcess(child.UniqueProcessId)).toBe(false);
    expect(handleCount(csrss)).toBe(before - 2);
    expect(server.CsrClientDied(child.UniqueProcessId)).toBe(STATUS.THREAD_IS_TERMINATING);
  });

  it('a bad handle fails with the duplicate’s status and records nothing', () => {
    const { server, ctx, child, message } = created();
    const r = CsrClientCallServer(ctx, 'BasepCreateProcess', { ...message, ProcessHandle: 0x7ffc });
    expect(r.status).toBe(STATUS.INVALID_HANDLE);
    expect(server.lookupProcess(child.UniqueProcessId)).toBeNull();
  });

  it('flags a console program and a new process group', () => {
    const { m, server, explorer, ctx } = created();
    const c = m.spawn(explorer, { image: CMD });
    const p = c.process!;
    const r = CsrClientCallServer(ctx, 'BasepCreateProcess', {
      ProcessHandle: c.ProcessHandle,
      ThreadHandle: c.ThreadHandle,
      ClientId: { UniqueProcess: p.UniqueProcessId, UniqueThread: p.threads[0]!.Cid.UniqueThread },
      CreationFlags: 0x200, // CREATE_NEW_PROCESS_GROUP
      Subsystem: IMAGE_SUBSYSTEM_WINDOWS_CUI,
      ParentProcessId: explorer.UniqueProcessId,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const rec = server.lookupProcess(p.UniqueProcessId)!;
    expect(rec.Flags & CsrProcessIsConsoleApp).toBe(CsrProcessIsConsoleApp);
    expect(rec.ProcessGroupId).toBe(p.UniqueProcessId);
  });

  it('BasepCreateThread adds a CSR_THREAD; GetProcessShutdownParam answers the record’s values', () => {
    const { m, server, ctx, child, message } = created();
    expect(CsrClientCallServer(ctx, 'BasepCreateProcess', message).status).toBe(STATUS.SUCCESS);
    const t = m.sys(child, 'NtCreateThreadEx', {
      DesiredAccess: 0x1fffff,
      ProcessHandle: -1,
      StartRoutine: child.SectionBaseAddress,
      CreateFlags: 1,
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    const thread = child.threads[1]!;
    const r = CsrClientCallServer(m.ctxOf(child), 'BasepCreateThread', {
      ThreadHandle: (t.out as { ThreadHandle: number }).ThreadHandle,
      ClientId: { UniqueProcess: child.UniqueProcessId, UniqueThread: thread.Cid.UniqueThread },
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const rec = server.lookupProcess(child.UniqueProcessId)!;
    expect(rec.ThreadList.map((x) => x.ClientId.UniqueThread)).toEqual([
      child.threads[0]!.Cid.UniqueThread,
      thread.Cid.UniqueThread,
    ]);
    expect(rec.ReferenceCount).toBe(3);
    const q = CsrClientCallServer(m.ctxOf(child), 'BasepGetProcessShutdownParam', {});
    expect(q).toEqual({ status: STATUS.SUCCESS, reply: { ShutdownLevel: 0x280, ShutdownFlags: 0 } });
  });

  it('native processes never register: they have no port, and CSRSS has no record of them', () => {
    const m = machineWithCsrss();
    const all = (s: CsrServer) => s.processes().map((p) => p.ClientId.UniqueProcess);
    const native = m.k.ps.activeProcesses.filter((p) => p.kind === 'native');
    expect(native.map((p) => p.ImageFileName)).toContain('csrss.exe');
    for (const p of native) {
      expect(CsrClientCallServer(m.ctxOf(p), 'BasepGetProcessShutdownParam', {}).status).toBe(
        STATUS.INVALID_PORT_HANDLE,
      );
      for (const s of m.servers.values()) expect(all(s)).not.toContain(p.UniqueProcessId);
    }
  });

  it('keeps sessions apart: a session-0 client registers with session 0’s CSRSS only', () => {
    const m = machineWithCsrss();
    const services = m.byName('services.exe');
    expect(services.SessionId).toBe(0);
    const c = m.spawn(services);
    const p = c.process!;
    expect(p.SessionId).toBe(0);
    const r = CsrClientCallServer(m.ctxOf(services), 'BasepCreateProcess', {
      ProcessHandle: c.ProcessHandle,
      ThreadHandle: c.ThreadHandle,
      ClientId: { UniqueProcess: p.UniqueProcessId, UniqueThread: p.threads[0]!.Cid.UniqueThread },
      CreationFlags: 0,
      Subsystem: IMAGE_SUBSYSTEM_WINDOWS_GUI,
      ParentProcessId: services.UniqueProcessId,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const s0 = m.servers.get(0)!;
    const s1 = m.servers.get(1)!;
    expect(s0.isCsrProcess(p.UniqueProcessId)).toBe(true);
    expect(s1.isCsrProcess(p.UniqueProcessId)).toBe(false);
    expect(s0.lookupProcess(p.UniqueProcessId)!.NtSession.SessionId).toBe(0);
    expect(s1.processCount).toBe(0);
    expect(m.ports.get(0)!.sessionId).toBe(0);
  });

  it('each request is a csrss-layer span on the csr channel', () => {
    const m = machineWithCsrss();
    const trace = m.k.trace;
    const spans: { layer: string; fn: string; channel: string }[] = [];
    const original = trace.call.bind(trace);
    trace.call = ((spec, body) => {
      spans.push({ layer: spec.layer, fn: spec.fn, channel: spec.channel });
      return original(spec, body);
    }) as typeof trace.call;
    CsrClientCallServer(m.ctxOf(m.b.explorer), 'BasepGetProcessShutdownParam', {});
    expect(spans).toContainEqual({ layer: 'csrss', fn: 'BaseSrvGetProcessShutdownParam', channel: 'csr' });
  });
});
