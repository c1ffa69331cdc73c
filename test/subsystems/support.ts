import { CsrServer, createCsrApiPort } from '../../src/subsystems/index.js';
import type { CsrApiPort } from '../../src/ntdll/index.js';
import type { EPROCESS } from '../../src/kernel/ps/index.js';
import { UserModeRuntime } from '../../src/system/user-mode.js';
import { bootedMachine } from '../kernel/support.js';

/**
 * A booted machine with the Windows subsystem's CSRSS wired as the system layer would: one
 * CsrServer per session, run by a thread of that session's csrss.exe, and every non-native
 * process's ntdll connected to its session's API port.
 */
export function machineWithCsrss() {
  const m = bootedMachine();
  const k = m.b.kernel;
  const runtime = new UserModeRuntime(k, { record: false });
  const csrssOf = (session: number): EPROCESS => {
    const p = k.ps.activeProcesses.find((x) => x.ImageFileName === 'csrss.exe' && x.SessionId === session);
    if (!p) throw new Error(`no csrss.exe in session ${session}`);
    return p;
  };
  const servers = new Map<number, CsrServer>();
  const ports = new Map<number, CsrApiPort>();
  for (const session of [0, 1]) {
    const csrss = csrssOf(session);
    const server = new CsrServer({ ctx: runtime.context(csrss, csrss.threads[0]!), sessionId: session });
    servers.set(session, server);
    ports.set(session, createCsrApiPort(server));
  }
  runtime.csrPortOf = (p) => (p.kind === 'win32' ? (ports.get(p.SessionId) ?? null) : null);
  const ctxOf = (p: EPROCESS) => runtime.context(p, p.threads[0]!);
  return { ...m, k, runtime, servers, ports, csrssOf, ctxOf };
}
