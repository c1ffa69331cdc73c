import { hex, hexStatus } from '../../base/index.js';
import { ObQueryNameString } from '../../kernel/ob/index.js';
import { PspSecureProcessOf, type EPROCESS } from '../../kernel/ps/index.js';
import type { SID } from '../../kernel/se/index.js';
import type { BootedMachine } from '../../system/boot.js';
import { processView } from '../views/process-view.js';
import { DbgEngine } from '../dbg/index.js';
import type { ArgSpec } from './args.js';

export interface QueryEnv {
  booted: BootedMachine;
  process(v: unknown): EPROCESS;
  /** Whether CSRSS has a CSR_PROCESS for the process (null: not known to this machine). */
  csrProcess(p: EPROCESS): boolean;
  /** Account names of the machine (scenario users included). */
  userName?: (sid: SID) => string;
  /** The Sysmon-like driver, when machine.settings.sysmon installed it. */
  sysmon: { events: readonly { EventID?: number }[] } | null;
}

export interface QueryDef {
  args: Readonly<Record<string, ArgSpec>>;
  run(env: QueryEnv, a: Record<string, unknown>): unknown;
}

const ENGINES = new WeakMap<BootedMachine, DbgEngine>();

const opt = (spec: ArgSpec): ArgSpec => ({ ...spec, optional: true });

function view(env: QueryEnv, p: EPROCESS) {
  const ns = env.booted.kernel.ob.namespace;
  return processView(p, {
    csrProcess: env.csrProcess(p),
    secureProcess: PspSecureProcessOf(env.booted.kernel.ps, p),
    ...(env.userName ? { userName: env.userName } : {}),
    resolveNtPath: (nt) => {
      const r = ns.lookup(nt);
      return r.resolvedPath && r.status === 0 ? r.resolvedPath : nt;
    },
  });
}

/** scenario.md's queries: observe state without changing it. */
export const QUERIES: Readonly<Record<string, QueryDef>> = {
  process: { args: { pid: { kind: 'pid' } }, run: (e, a) => view(e, e.process(a.pid)) },
  processes: {
    args: {},
    run: (e) =>
      e.booted.kernel.ps.activeProcesses.map((p) => {
        const v = view(e, p);
        return {
          pid: v.pid,
          parentPid: v.parentPid,
          imageName: v.imageName,
          kind: v.kind,
          protection: v.protection,
          state: v.state,
        };
      }),
  },
  handles: {
    args: { pid: { kind: 'pid' } },
    run: (e, a) => {
      const p = e.process(a.pid);
      const ob = e.booted.kernel.ob;
      return [...(p.ObjectTable?.rows() ?? [])].map((r) => ({
        handle: hex(r.handle),
        type: r.object.type.name,
        name: ObQueryNameString(ob, r.object) || null,
        grantedAccess: hex(r.grantedAccess >>> 0),
        inherit: (r.attributes & 0x2) !== 0,
      }));
    },
  },
  modules: { args: { pid: { kind: 'pid' } }, run: (e, a) => view(e, e.process(a.pid)).modules },
  object: {
    args: { path: { kind: 'string' } },
    run: (e, a) => {
      const r = e.booted.kernel.ob.namespace.lookup(String(a.path), { openLink: true });
      if (!r.object) return { path: a.path, found: false, status: hexStatus(r.status) };
      const body = r.object.body as { target?: unknown };
      return {
        path: a.path,
        found: true,
        type: r.object.type.name,
        name: r.object.name,
        ...(typeof body?.target === 'string' ? { target: body.target } : {}),
      };
    },
  },
  /**
   * The Sysmon-like driver's events so far (machine.settings.sysmon: true) — Event ID 1 process
   * create, 7 image loaded, 10 process access — optionally one ID; `installed: false` without it.
   */
  sysmon: {
    args: { eventId: opt({ kind: 'int' }) },
    run: (e, a) => ({
      installed: e.sysmon !== null,
      events: (e.sysmon?.events ?? []).filter((x) => a.eventId === undefined || x.EventID === a.eventId),
    }),
  },
  /**
   * A console command (`ntsim dbg`'s engine, one per machine so `.process` carries over between
   * steps); `pid` makes that process the implicit one first, as `.process /p` would.
   */
  dbg: {
    args: { command: { kind: 'string' }, pid: opt({ kind: 'pid' }) },
    run: (e, a) => {
      let engine = ENGINES.get(e.booted);
      if (!engine) ENGINES.set(e.booted, (engine = new DbgEngine(e.booted)));
      if (a.pid !== undefined) engine.target.setProcess(e.process(a.pid));
      return { text: engine.execute(String(a.command)) };
    },
  },
};
