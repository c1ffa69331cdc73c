import { hex } from '../../base/index.js';
import { PsIsServerSilo, PsIsSilo, SERVERSILO_STATE, type EPROCESS } from '../../kernel/ps/index.js';

/** ProcessView.siloInfo: the silo a process is in (absent for a host process). */
export interface SiloView {
  /** The silo's id (EJOB.JobId): the `<id>` of `\Silos\<id>`. */
  id: number;
  /** A server silo (a Windows container) or an application silo. */
  type: 'server' | 'application';
  /** ESERVERSILO_GLOBALS.SiloRootDirectoryName (or the application silo's root), null when none. */
  rootDirectory: string | null;
  /** SERVERSILO_STATE without its prefix (`STARTED`, …); null for an application silo. */
  state: string | null;
}

const STATE_NAMES = new Map<number, string>(
  Object.entries(SERVERSILO_STATE).map(([k, v]) => [v, k.replace(/^SERVERSILO_/, '')]),
);

/**
 * PsGetJobSilo of the process's job (Microsoft Learn: the first silo in the job hierarchy, app or
 * server silo; the model has no nested jobs, so the job itself): EPROCESS.ServerSilo for a process
 * in a server silo, else an application silo or none.
 */
export function siloOf(p: EPROCESS) {
  if (p.ServerSilo) return p.ServerSilo;
  return PsIsSilo(p.Job) ? p.Job : null;
}

/** ProcessView.silo: the silo's EJOB address, as `job` gives the job's. */
export function siloAddress(p: EPROCESS): string | null {
  const s = siloOf(p);
  return s?.header ? hex(s.header.bodyAddress) : null;
}

export function siloView(p: EPROCESS): SiloView | null {
  const s = siloOf(p);
  if (!s) return null;
  const server = PsIsServerSilo(s);
  return {
    id: s.JobId,
    type: server ? 'server' : 'application',
    rootDirectory: s.SiloRootDirectoryName || null,
    state: server
      ? (STATE_NAMES.get(s.ServerSiloGlobals!.State) ?? String(s.ServerSiloGlobals!.State))
      : null,
  };
}
