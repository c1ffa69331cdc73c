import { IMAGE_SUBSYSTEM } from '../pe/index.js';
import { PsEstablishWin32Callouts, type EPROCESS } from '../kernel/ps/index.js';
import { CsrServer, createCsrApiPort } from '../subsystems/csrss/index.js';
import { Win32k } from '../subsystems/win32k/index.js';
import type { CsrApiPort } from '../ntdll/index.js';
import type { BootedMachine } from './boot.js';
import type { UserModeRuntime } from './user-mode.js';

/** The Windows subsystem of a booted machine: a CSR server per session and win32k. */
export interface WindowsSubsystem {
  servers: ReadonlyMap<number, CsrServer>;
  win32k: Win32k;
  /** Whether the process's session CSRSS holds a CSR_PROCESS for it (ProcessView.csrProcess). */
  csrProcess(p: EPROCESS): boolean;
}

/** Whether a process is a Windows-subsystem client (GUI or console image), not a native one. */
function isWindowsClient(p: EPROCESS): boolean {
  if (p.kind !== 'win32') return false;
  const sub = p.imageView?.vad.section?.image?.image.optionalHeader.Subsystem;
  return sub === IMAGE_SUBSYSTEM.WINDOWS_GUI || sub === IMAGE_SUBSYSTEM.WINDOWS_CUI;
}

/**
 * Connects the Windows subsystem (Windows Internals 7 ch. 3 "Stage 6"; ch. 2 "Subsystem DLLs"):
 * each session's csrss.exe gets its CSR server (csrsrv + basesrv) answering on that session's API
 * port, with csrss's own syscalls; every Windows-subsystem process of the session gets the port
 * (native ones none); CSRSS forgets a process when it exits (the kernel's process notify stands in
 * for the termination port); win32k registers its process and thread callouts with the kernel
 * (PsEstablishWin32Callouts). The processes boot started before this exist already: each is
 * adopted by its session's server now, as CsrSbCreateSession/CsrCreateProcess record them on Windows.
 */
export function connectWindowsSubsystem(b: BootedMachine, runtime: UserModeRuntime): WindowsSubsystem {
  const { kernel } = b;
  const servers = new Map<number, CsrServer>();
  const ports = new Map<number, CsrApiPort>();
  for (const csrss of kernel.ps.activeProcesses.filter(
    (p) => p.ImageFileName.toLowerCase() === 'csrss.exe',
  )) {
    const thread = csrss.threads.find((t) => t.State !== 'Terminated');
    if (!thread || servers.has(csrss.SessionId)) continue;
    const server = new CsrServer({ ctx: runtime.context(csrss, thread), sessionId: csrss.SessionId });
    servers.set(csrss.SessionId, server);
    ports.set(csrss.SessionId, createCsrApiPort(server));
  }
  // A process created in another session than its creator's (a service's CreateProcessAsUserW with a
  // session-1 token: seclogon, AppInfo) is registered with *its* session's CSRSS — on Windows the
  // creation message is relayed to that session (CreateRemoteSessionProcessW / the session's
  // csrss); the model's ports relay BasepCreateProcess by the new process's session.
  for (const [session, port] of [...ports]) {
    ports.set(session, {
      sessionId: port.sessionId,
      request: (client, r) => {
        if (r.api === 'BasepCreateProcess') {
          const cid = (r.message as { ClientId?: { UniqueProcess?: number } }).ClientId;
          const target = cid?.UniqueProcess
            ? (kernel.ps.cid.lookup(cid.UniqueProcess) as EPROCESS | undefined)
            : undefined;
          const other = target && 'SessionId' in target ? servers.get(target.SessionId) : undefined;
          if (other && target!.SessionId !== session) return other.request(client, r);
        }
        return port.request(client, r);
      },
    });
  }
  runtime.csrPortOf = (p) => (isWindowsClient(p) ? (ports.get(p.SessionId) ?? null) : null);
  kernel.ps.notify.PsSetCreateProcessNotifyRoutineEx((process, pid, info) => {
    if (!info) servers.get((process as EPROCESS).SessionId)?.CsrClientDied(pid);
  }, false);
  const win32k = new Win32k({ trace: kernel.trace });
  PsEstablishWin32Callouts(kernel.ps, win32k.callouts());
  for (const p of kernel.ps.activeProcesses) {
    if (!isWindowsClient(p) || p.exited) continue;
    const t = p.threads.find((x) => x.State !== 'Terminated');
    const server = servers.get(p.SessionId);
    if (t && server && !server.isCsrProcess(p.UniqueProcessId))
      server.CsrpAdoptClient({ UniqueProcess: p.UniqueProcessId, UniqueThread: t.Cid.UniqueThread });
  }
  return {
    servers,
    win32k,
    csrProcess: (p) => servers.get(p.SessionId)?.isCsrProcess(p.UniqueProcessId) ?? false,
  };
}
