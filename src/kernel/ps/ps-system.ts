import { ModelError, type Clock, type Trace } from '../../base/index.js';
import type { CmRegistry } from '../cm/index.js';
import { ObCreateObjectType, type ObjectManager, type ObjectTypeObject } from '../ob/index.js';
import type { MmSystem } from '../mm/index.js';
import {
  PROCESS_ALL_ACCESS,
  PspProcessMapping,
  PspThreadMapping,
  THREAD_ALL_ACCESS,
  type LuidAllocator,
} from '../se/index.js';
import { CidTable } from './cid-table.js';
import { PsNotifyRoutines } from './notify.js';
import type { EPROCESS, ETHREAD } from './objects.js';

/** What the process manager needs from the rest of the kernel. */
export interface PsDependencies {
  ob: ObjectManager;
  mm: MmSystem;
  luids: LuidAllocator;
  registry: CmRegistry;
  clock: Clock;
  trace: Trace;
  /** The API set schema every new process maps (PEB.ApiSetMap); null when the machine has none. */
  apiSetSchema: Uint8Array | null;
}

/**
 * The process manager's global state: the Process and Thread object types, PspCidTable,
 * PsActiveProcessHead (creation order) and the notify routines.
 */
export class PsSystem {
  readonly processType: ObjectTypeObject;
  readonly threadType: ObjectTypeObject;
  readonly cid = new CidTable<EPROCESS | ETHREAD>();
  /** PsActiveProcessHead: live processes in the order they were inserted. */
  readonly activeProcesses: EPROCESS[] = [];
  readonly notify = new PsNotifyRoutines();
  systemProcess: EPROCESS | null = null;

  constructor(readonly deps: PsDependencies) {
    // PspInitPhase0 creates the Process and Thread types (Windows Internals 7 ch. 3).
    // The delete procedures (PspProcessDelete / PspThreadDelete) free the CID once the object goes.
    const free = (cid: number): void => {
      if (cid && this.cid.lookup(cid)) this.cid.destroy(cid);
    };
    const make = (
      name: string,
      validAccessMask: number,
      genericMapping: unknown,
      remove: (body: never) => void,
    ): ObjectTypeObject => {
      const r = ObCreateObjectType(deps.ob, {
        name,
        validAccessMask,
        genericMapping,
        delete: remove,
      } as never);
      if (!r.type) throw new ModelError('ps.types', `ObCreateObjectType(${name}) failed: ${r.status}`);
      return r.type;
    };
    this.processType = make('Process', PROCESS_ALL_ACCESS, PspProcessMapping, (p: EPROCESS) =>
      free(p.UniqueProcessId),
    );
    this.threadType = make('Thread', THREAD_ALL_ACCESS, PspThreadMapping, (t: ETHREAD) =>
      free(t.Cid.UniqueThread),
    );
  }
}
