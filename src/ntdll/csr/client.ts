import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { UserThreadContext } from '../ldr/context.js';
import { NtCurrentTebClientId } from '../ldr/offsets.js';

/**
 * The CSRSS APIs the model's clients call, by the names of their server routines (the BASESRV
 * dispatch table of basesrv.dll; Windows Internals 7 ch. 3, "Stage 6": "Performing Windows
 * subsystem–specific initialization"). Each is one request on the session's `\Windows\ApiPort`
 * (ALPC: NtAlpcSendWaitReceivePort) answered by a CSRSS server thread.
 */
export type CsrApiName =
  | 'BasepCreateProcess'
  | 'BasepCreateThread'
  | 'BasepExitProcess'
  | 'BasepGetProcessShutdownParam'
  | 'BasepCheckVDM';

/**
 * BASE_CREATEPROCESS_MSG (ReactOS sdk/include/reactos/subsys/win/basemsg.h; the fields that the
 * model's BasepCreateProcess uses): the new process's and thread's handles as the client holds
 * them (the server duplicates them into CSRSS), its client id, the creation flags and the
 * subsystem. `ParentProcessId` is the creator's (not a spoofed parent's).
 */
export interface BaseCreateProcessMsg {
  ProcessHandle: number;
  ThreadHandle: number;
  ClientId: { UniqueProcess: number; UniqueThread: number };
  CreationFlags: number;
  /** IMAGE_SUBSYSTEM_* of the image. */
  Subsystem: number;
  ParentProcessId: number;
  /** Console handoff and the like are not modelled: VdmBinaryType is always 0 (no VDM on x64). */
  VdmBinaryType?: number;
}

export interface CsrApiRequest {
  api: CsrApiName;
  message: Record<string, unknown>;
}

/**
 * A connection to a CSRSS instance's API port, as ntdll holds it after CsrClientConnectToServer
 * (CsrPortHandle). The machine gives each Windows-subsystem process the port of its session's
 * CSRSS; native processes (smss, csrss itself) have none.
 */
export interface CsrApiPort {
  /** The session the CSRSS behind the port serves. */
  readonly sessionId: number;
  /** One request/reply: the server's status and the reply fields it filled in. */
  request(
    client: { processId: number; threadId: number },
    r: CsrApiRequest,
  ): {
    status: NTSTATUS;
    reply?: Record<string, unknown>;
  };
}

/**
 * CsrClientCallServer: sends the message to the process's CSRSS and returns the server's status.
 * A process without a connection (a native one) gets STATUS_INVALID_PORT_HANDLE, as the real
 * routine does with a NULL CsrPortHandle.
 */
export function CsrClientCallServer(
  ctx: UserThreadContext,
  api: CsrApiName,
  message: Record<string, unknown>,
): { status: NTSTATUS; reply?: Record<string, unknown> } {
  const port = ctx.csrPort;
  if (!port) return { status: STATUS.INVALID_PORT_HANDLE };
  const client = NtCurrentTebClientId(ctx);
  return ctx.trace.call(
    { layer: 'ntdll', module: 'ntdll', fn: 'CsrClientCallServer', channel: 'csr', args: { api } },
    () => {
      const r = port.request(client, { api, message });
      return { status: r.status, value: r };
    },
  ).value!;
}
