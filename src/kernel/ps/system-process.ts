import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  ObCreateObject,
  ObDereferenceObject,
  ObInitProcess,
  ObKillProcess,
  type ObjectHeader,
} from '../ob/index.js';
import { SepCreateSystemProcessToken } from '../se/index.js';
import { EPROCESS, ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';

/**
 * PspInitPhase0 / PsInitialSystemProcess: the System process (PID 4, the first CID) — kernel-only:
 * no image section, no PEB, no user address space; its ObjectTable is the kernel handle table; its
 * token is the SYSTEM token every boot process inherits (Windows Internals 7, ch. 2 and ch. 3).
 * Its first thread (TID 8) is the phase-1 initialization thread.
 */
export function PspCreateSystemProcess(ps: PsSystem): { status: NTSTATUS; process?: EPROCESS } {
  const { ob, luids, clock, trace } = ps.deps;
  const outcome = trace.call(
    { layer: 'kernel', module: 'nt', fn: 'PspInitPhase0', channel: 'ps', args: {} },
    (span): { status: NTSTATUS; value?: EPROCESS } => {
      const system = new EPROCESS();
      system.ImageFileName = 'System';
      system.kind = 'system';
      system.CreateTime = clock.now();
      system.Token = SepCreateSystemProcessToken(luids);
      system.SessionId = 0;
      // PsProtectedSignerWinSystem | PsProtectedTypeProtected: 0x72 (reference §4; issue #8 shows it).
      system.Protection = 0x72;
      const obj = ObCreateObject(ob, { type: ps.processType, body: system, accessMode: 0 });
      if (!obj.object) return { status: obj.status };
      system.header = obj.object as ObjectHeader<EPROCESS>;
      const hs = ObInitProcess(ob, null, system, { systemProcess: true });
      if (hs !== STATUS.SUCCESS) return { status: hs };
      system.UniqueProcessId = ps.cid.create(system);
      ps.activeProcesses.push(system);
      const thread = new ETHREAD(system, ps.cid.create(system));
      thread.State = 'Running';
      system.threads.push(thread);
      const tobj = ObCreateObject(ob, { type: ps.threadType, body: thread, accessMode: 0 });
      if (tobj.object) thread.header = tobj.object as ObjectHeader<ETHREAD>;
      span.object({ type: 'Process', name: 'System', address: system.header.bodyAddress });
      return { status: STATUS.SUCCESS, value: system };
    },
  );
  if (outcome.value) ps.systemProcess = outcome.value;
  return outcome.value ? { status: outcome.status, process: outcome.value } : { status: outcome.status };
}

/**
 * NtTerminateProcess (the model's part of it): the exit status, the threads terminated, the process
 * off PsActiveProcessHead, its handle table closed (ObKillProcess), the exit notifications. The
 * object itself lives on while handles to it remain (its PID is freed when the object goes).
 */
export function PspTerminateProcess(ps: PsSystem, process: EPROCESS, exitStatus: NTSTATUS): NTSTATUS {
  const { ob, clock, trace } = ps.deps;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PspTerminateProcess',
      channel: 'ps',
      args: { pid: process.UniqueProcessId, exitStatus },
    },
    () => {
      if (process.exited) return { status: STATUS.PROCESS_IS_TERMINATING };
      process.ExitStatus = exitStatus >>> 0;
      process.ExitTime = clock.now();
      for (const t of process.threads) {
        t.State = 'Terminated';
        t.ExitStatus = exitStatus >>> 0;
        for (const r of ps.notify.thread.routines) r(process.UniqueProcessId, t.Cid.UniqueThread, false);
      }
      ps.notify.notifyProcessExit(process, process.UniqueProcessId, process.InheritedFromUniqueProcessId);
      const at = ps.activeProcesses.indexOf(process);
      if (at >= 0) ps.activeProcesses.splice(at, 1);
      // PspExitProcess: the handle table goes; the object stays while others hold handles to it.
      ObKillProcess(ob, process);
      for (const t of process.threads) if (t.header && !t.header.deleted) ObDereferenceObject(ob, t.header);
      if (process.header && !process.header.deleted) ObDereferenceObject(ob, process.header);
      return { status: STATUS.SUCCESS };
    },
  ).status;
}
