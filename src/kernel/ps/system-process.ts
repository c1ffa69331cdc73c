import { STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode, ObCreateObject, ObInitProcess, type ObjectHeader } from '../ob/index.js';
import { SepCreateSystemProcessToken } from '../se/index.js';
import { EPROCESS, ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';
import {
  PspAssignPrimaryToken,
  PspProcessSecurityDescriptor,
  PspThreadSecurityDescriptor,
} from './security.js';

/**
 * PspInitPhase0 / PsInitialSystemProcess: the System process (PID 4, the first CID) — kernel-only:
 * no image section, no PEB, no user address space; its ObjectTable is the kernel handle table; its
 * token is the SYSTEM token every boot process inherits (Windows Internals 7, ch. 2 and ch. 3).
 * Its first thread (TID 8) is the phase-1 initialization thread, a system thread.
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
      const token = SepCreateSystemProcessToken(luids);
      system.SessionId = 0;
      // PsProtectedSignerWinSystem | PsProtectedTypeProtected: 0x72 (reference §4.1).
      system.Protection = 0x72;
      // A WinDbg `dt nt!_EPROCESS` of PID 4 (DebugPrivilege/InsightEngineering) shows
      // SignatureLevel 0x1e and SectionSignatureLevel 0x1c (kernel/se signing-level.ts).
      system.SignatureLevel = 0x1e;
      system.SectionSignatureLevel = 0x1c;
      const obj = ObCreateObject(ob, {
        type: ps.processType.typeInfo,
        body: system,
        securityDescriptor: PspProcessSecurityDescriptor(token, token),
        accessMode: KernelMode,
      });
      if (!obj.object) return { status: obj.status };
      system.header = obj.object as ObjectHeader<EPROCESS>;
      const ts = PspAssignPrimaryToken(ps, token, system, token);
      if (ts !== STATUS.SUCCESS) return { status: ts };
      const hs = ObInitProcess(ob, null, system, { systemProcess: true });
      if (hs !== STATUS.SUCCESS) return { status: hs };
      system.UniqueProcessId = ps.cid.create(system);
      ps.activeProcesses.push(system);
      const thread = new ETHREAD(system, 0);
      thread.State = 'Running';
      thread.SystemThread = true;
      thread.CreateTime = system.CreateTime;
      const tobj = ObCreateObject(ob, {
        type: ps.threadType.typeInfo,
        body: thread,
        securityDescriptor: PspThreadSecurityDescriptor(token, token),
        accessMode: KernelMode,
      });
      if (!tobj.object) return { status: tobj.status };
      thread.header = tobj.object as ObjectHeader<ETHREAD>;
      thread.Cid.UniqueThread = ps.cid.create(thread);
      system.threads.push(thread);
      span.object({ type: 'Process', name: 'System', address: system.header.bodyAddress });
      return { status: STATUS.SUCCESS, value: system };
    },
  );
  if (outcome.value) ps.systemProcess = outcome.value;
  return outcome.value ? { status: outcome.status, process: outcome.value } : { status: outcome.status };
}
