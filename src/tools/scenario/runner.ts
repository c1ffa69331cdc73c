import { basename, dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  Clock,
  hexStatus,
  ModelError,
  ntStatusName,
  STATUS,
  Trace,
  win32ErrorName,
} from '../../base/index.js';
import type { EPROCESS, ETHREAD } from '../../kernel/ps/index.js';
import { readNtsimNote } from '../../pe/index.js';
import { bootMachine, type BootedMachine } from '../../system/boot.js';
import { UserModeRuntime } from '../../system/user-mode.js';
import { connectWindowsSubsystem } from '../../system/win32-subsystem.js';
import { connectLogonServices } from '../../system/accounts.js';
import { installSysmon } from '../../system/drivers/sysmon.js';
import { didYouMean } from '../spec/did-you-mean.js';
import { isRef, REF, validateArgs } from './args.js';
import { CALLS, type CallEnv } from './calls.js';
import { ScenarioError } from './errors.js';
import { buildScenarioMachine } from './machine-setup.js';
import { QUERIES, type QueryEnv } from './queries.js';

/** One step's entry in the Result (scenario.md "Result"). */
export type StepResult = Record<string, unknown> & { index: number; ok: boolean };

export interface ScenarioResult {
  scenario: string;
  steps: StepResult[];
}

export interface ScenarioRun {
  result: ScenarioResult;
  /** `expect`s that did not hold: `steps[2].expect.lastError: expected 2, got 0`. */
  failures: string[];
  booted: BootedMachine;
  runtime: UserModeRuntime;
  trace: Trace | null;
  /** How much of the trace boot and the boot processes' loaders made: the steps' part follows. */
  traceMark: { spans: number; events: number; objects: number };
  /** The Sysmon-like driver's events (machine.settings.sysmon), or null. */
  sysmon: readonly unknown[] | null;
}

interface Step {
  id?: string;
  as?: unknown;
  call?: string;
  query?: string;
  run?: string;
  args?: Record<string, unknown>;
  expect?: unknown;
}

const STEP_KEYS = ['id', 'as', 'call', 'query', 'run', 'args', 'expect', 'description'];
const TOP_KEYS = ['machine', 'steps', 'name', 'description'];
const RUN_MODES = ['untilIdle'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates one list of steps (the document's, or a program's `behavior`). */
function validateSteps(steps: unknown, where: string, ids: Set<string>, inBehavior: boolean): Step[] {
  if (steps === undefined) return [];
  if (!Array.isArray(steps)) throw new ScenarioError(`${where}: expected a list of steps`);
  return steps.map((s, i) => {
    const at = `${where}[${i}]`;
    if (!isRecord(s)) throw new ScenarioError(`${at}: expected a mapping`);
    for (const k of Object.keys(s))
      if (!STEP_KEYS.includes(k)) throw ScenarioError.unknownKey(at, k, STEP_KEYS);
    const kinds = ['call', 'query', 'run'].filter((k) => s[k] !== undefined);
    if (kinds.length !== 1) throw new ScenarioError(`${at}: exactly one of call, query, run`);
    if (s.id !== undefined) {
      if (typeof s.id !== 'string' || !/^[A-Za-z_][\w-]*$/.test(s.id))
        throw new ScenarioError(`${at}.id: expected a name`);
      if (ids.has(s.id)) throw new ScenarioError(`${at}.id: "${s.id}" is already used`);
    }
    if (s.as !== undefined) {
      if (inBehavior) throw new ScenarioError(`${at}.as: a program's behavior runs as that program`);
      const a = s.as;
      const okAs =
        isRef(a) ||
        (isRecord(a) &&
          (Number.isInteger(a.pid) || typeof a.image === 'string') &&
          Object.keys(a).length === 1);
      if (!okAs) throw new ScenarioError(`${at}.as: expected {pid: N}, {image: name} or '$id.process'`);
      if (isRef(a)) validateArgs({ as: a }, { as: { kind: 'any' } }, at, ids);
    }
    if (typeof s.call === 'string' || s.call !== undefined) {
      if (typeof s.call !== 'string') throw new ScenarioError(`${at}.call: expected a function name`);
      const def = CALLS[s.call];
      if (!def) {
        const hint = didYouMean(s.call, Object.keys(CALLS));
        throw new ScenarioError(
          `${at}.call: unknown call "${s.call}"${hint ? ` (did you mean ${hint}?)` : ''}`,
        );
      }
      validateArgs(s.args, def.args, `${at}.args`, ids);
    } else if (s.query !== undefined) {
      if (typeof s.query !== 'string' || !QUERIES[s.query]) {
        const hint = typeof s.query === 'string' ? didYouMean(s.query, Object.keys(QUERIES)) : null;
        throw new ScenarioError(
          `${at}.query: unknown query ${JSON.stringify(s.query)}${hint ? ` (did you mean ${hint}?)` : ''}`,
        );
      }
      validateArgs(s.args, QUERIES[s.query]!.args, `${at}.args`, ids);
    } else {
      if (!RUN_MODES.includes(String(s.run)))
        throw new ScenarioError(`${at}.run: unknown value ${JSON.stringify(s.run)} (one of untilIdle)`);
      if (s.args !== undefined) throw new ScenarioError(`${at}.args: run takes no arguments`);
    }
    if (typeof s.id === 'string') ids.add(s.id);
    return s as Step;
  });
}

/** Parses and validates a scenario document; every error names its place (exit 2, nothing runs). */
export function validateScenario(text: string): { doc: Record<string, unknown>; steps: Step[] } {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ScenarioError(`not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isRecord(doc)) throw new ScenarioError('the document: expected a mapping with machine and steps');
  for (const k of Object.keys(doc))
    if (!TOP_KEYS.includes(k)) throw ScenarioError.unknownKey('', k, TOP_KEYS);
  // Every program's behavior is checked now too (its steps run later, as that program).
  const m = doc.machine;
  if (isRecord(m) && isRecord(m.files))
    for (const [path, f] of Object.entries(m.files))
      if (isRecord(f) && isRecord(f.pe) && f.pe.behavior !== undefined)
        validateSteps(f.pe.behavior, `machine.files[${JSON.stringify(path)}].pe.behavior`, new Set(), true);
  const steps = validateSteps(doc.steps, 'steps', new Set(), false);
  return { doc, steps };
}

/** `expected` as a subset of `actual`: objects by key (recursively), everything else exactly. */
function subsetMismatch(expected: unknown, actual: unknown, at: string): string | null {
  if (isRecord(expected)) {
    if (!isRecord(actual))
      return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const m = subsetMismatch(v, actual[k], `${at}.${k}`);
      if (m) return m;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(expected[i], actual[i], `${at}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  return JSON.stringify(expected) === JSON.stringify(actual)
    ? null
    : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/**
 * Runs a scenario file's text: validate everything (a ScenarioError before anything runs), build
 * and boot the machine, then the steps in order — calls as the step's process (explorer by
 * default), queries, and `run: untilIdle`, which lets every thread that is ready and has not run
 * yet start: its loader, then its program's `behavior`, then ExitProcess(exitCode) if it has one.
 */
export function runScenario(text: string, file: string, o: { trace?: boolean } = {}): ScenarioRun {
  const { doc, steps } = validateScenario(text);
  const { machine, boot, sysmon } = buildScenarioMachine(doc.machine, dirname(file));
  const users = isRecord(doc.machine) && isRecord(doc.machine.users) ? doc.machine.users : {};
  const trace = o.trace ? new Trace(new Clock()) : null;
  const booted = bootMachine(machine, { mode: boot, ...(trace ? { trace } : {}) });
  const runtime = new UserModeRuntime(booted.kernel);
  const win32 = connectWindowsSubsystem(booted, runtime);
  let services: ReturnType<typeof connectLogonServices>;
  try {
    services = connectLogonServices(booted, runtime, { users: users as never });
  } catch (e) {
    // An account the machine cannot make (an unknown group or privilege): the document is invalid.
    if (e instanceof ModelError) throw new ScenarioError(`machine.users: ${e.message}`);
    throw e;
  }
  const ps = booted.kernel.ps;
  // Threads whose user-mode start (the loader, then the program) has run.
  const started = new WeakSet<ETHREAD>();
  const results = new Map<string, StepResult>();
  const session = { windows: 0 };
  const out: StepResult[] = [];
  const failures: string[] = [];

  const lookupPid = (v: unknown): number => {
    if (typeof v === 'number') return v;
    if (isRecord(v) && typeof v.image === 'string') {
      const name = v.image.toLowerCase();
      const p = ps.activeProcesses.find((x) => x.ImageFileName.toLowerCase() === name && !x.exited);
      return p ? p.UniqueProcessId : 0;
    }
    return Number(v);
  };
  const processOf = (v: unknown): EPROCESS => {
    const pid = lookupPid(v);
    const p = ps.cid.lookup(pid) as EPROCESS | undefined;
    if (!p || !('ImageFileName' in p)) throw new ScenarioError(`no process with id ${pid}`);
    return p;
  };
  const resolveRefs = (v: unknown, scope: Map<string, StepResult> = results): unknown => {
    if (isRef(v)) {
      const [, id, field] = REF.exec(v)!;
      const r = scope.get(id!);
      if (!r) throw new ScenarioError(`${v}: no step "${id}" ran`);
      const rec = { ...(r as Record<string, unknown>), ...((r.out as Record<string, unknown>) ?? {}) };
      const path = field! === 'process' ? ['processId'] : field!.split('.');
      let x: unknown = rec;
      for (const k of path) x = isRecord(x) ? x[k] : undefined;
      if (x === undefined) throw new ScenarioError(`${v}: step "${id}" has no ${field}`);
      return x;
    }
    if (Array.isArray(v)) return v.map((x) => resolveRefs(x, scope));
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x, scope)]));
    return v;
  };
  const threadOf = (p: EPROCESS): ETHREAD => {
    const t = p.threads.find((x) => x.State !== 'Terminated') ?? p.threads[0];
    if (!t) throw new ScenarioError(`${p.ImageFileName} (${p.UniqueProcessId}) has no thread to call from`);
    return t;
  };

  const queryEnv: QueryEnv = {
    booted,
    process: processOf,
    csrProcess: win32.csrProcess,
    userName: (sid) => services.accounts.displayName(sid),
    sysmon: null,
  };

  const runStep = (s: Step, index: number, where: string, as: EPROCESS | null, scope = results): void => {
    let r: StepResult;
    try {
      r = stepResult(s, index, as, scope);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      // A reference to a value an earlier step did not produce, a process that is gone: the step
      // cannot run, and says why (the document itself was valid).
      r = {
        index,
        ...(s.id ? { id: s.id } : {}),
        ...(s.call ? { call: s.call } : s.query ? { query: s.query } : { run: s.run }),
        ok: false,
        error: e.message,
      };
    }
    if (s.id) scope.set(s.id, r);
    if (s.expect !== undefined) {
      // An expect may name earlier results too ('$spawn.processId').
      let expected: unknown = s.expect;
      try {
        expected = resolveRefs(s.expect, scope);
      } catch {
        expected = s.expect;
      }
      const m = subsetMismatch(expected, r, `${where}.expect`);
      if (m) failures.push(m);
    }
    if (as === null) out.push(r);
  };

  const stepResult = (
    s: Step,
    index: number,
    as: EPROCESS | null,
    scope: Map<string, StepResult>,
  ): StepResult => {
    let r: StepResult;
    if (s.call !== undefined) {
      const caller =
        as ??
        (s.as !== undefined
          ? processOf(
              isRef(s.as)
                ? resolveRefs(s.as, scope)
                : isRecord(s.as) && s.as.pid !== undefined
                  ? s.as.pid
                  : s.as,
            )
          : booted.explorer);
      const thread = threadOf(caller);
      // A minimal or pico process maps no ntdll: no Win32 or native call can run in it (reference §7).
      if (!caller.ntdllView)
        throw new ScenarioError(
          `${caller.ImageFileName} (${caller.UniqueProcessId}) is a ${caller.kind} process: no ntdll to call from`,
        );
      const ctx = runtime.context(caller, thread);
      const env: CallEnv = {
        caller,
        thread,
        ctx,
        kernel: booted.kernel,
        session,
        services,
        pid: lookupPid,
        yieldToReadyThreads: () => runUntilIdle(),
      };
      const args = resolveRefs(s.args ?? {}, scope) as Record<string, unknown>;
      const o = CALLS[s.call]!.run(env, args);
      r = { index, ...(s.id ? { id: s.id } : {}), call: s.call, ok: o.ok, returnValue: o.returnValue };
      if (o.lastError !== undefined) {
        r.lastError = o.lastError;
        r.lastErrorName = win32ErrorName(o.lastError);
      }
      const status = o.status ?? (o.ok ? STATUS.SUCCESS : undefined);
      if (status !== undefined) {
        r.status = hexStatus(status);
        r.statusName = ntStatusName(status);
      }
      if (o.out) r.out = o.out;
    } else if (s.query !== undefined) {
      const args = resolveRefs(s.args ?? {}, scope) as Record<string, unknown>;
      r = {
        index,
        ...(s.id ? { id: s.id } : {}),
        query: s.query,
        ok: true,
        view: QUERIES[s.query]!.run(queryEnv, args),
      };
    } else {
      runUntilIdle();
      r = { index, ...(s.id ? { id: s.id } : {}), run: s.run!, ok: true };
    }
    return r;
  };

  /** Starts every ready thread that has not run: the loader, then the program's behavior. */
  const runUntilIdle = (): void => {
    for (let progress = true; progress;) {
      progress = false;
      for (const p of [...ps.activeProcesses]) {
        if (p.exited || !p.Peb) continue;
        for (const t of p.threads) {
          if (started.has(t) || t.State === 'Terminated' || t.SuspendCount > 0 || !t.Teb) continue;
          // A thread of a debugged process waits for its debugger before its first step.
          const ldr = runtime.startThread(p, t);
          if (!ldr) continue;
          started.add(t);
          progress = true;
          if (ldr.status !== STATUS.SUCCESS || p.exited || t !== p.threads[0]) continue;
          const image = p.addressSpace?.findVad(p.imageView?.baseAddress ?? 0)?.section?.image?.image;
          const note = image ? readNtsimNote(image) : null;
          if (!note) continue;
          const scope = new Map(results);
          const behavior = validateSteps(note.behavior, `${p.ImageFileName}.behavior`, new Set(), true);
          // The program's own step ids are its own (the same program started twice runs it twice).
          behavior.forEach((b, i) => runStep(b, i, `${p.ImageFileName}.behavior[${i}]`, p, scope));
          if (note.exitCode !== null && !p.exited) {
            const ctx = runtime.context(p, t);
            ctx.nt.NtTerminateProcess({ ProcessHandle: -1, ExitStatus: note.exitCode >>> 0 });
          }
        }
      }
    }
  };

  // Boot's processes run their loaders first: the machine settles before the first step.
  runUntilIdle();
  // The Sysmon-like driver (machine.settings.sysmon) sees what the steps do, not boot.
  const telemetry = sysmon ? installSysmon(booted.kernel) : null;
  queryEnv.sysmon = telemetry;
  const before = trace?.toJSON();
  const traceMark = {
    spans: before?.spans.length ?? 0,
    events: before?.events.length ?? 0,
    objects: before?.objects.length ?? 0,
  };
  steps.forEach((s, i) => runStep(s, i, `steps[${i}]`, null));
  return {
    result: { scenario: basename(file), steps: out },
    failures,
    booted,
    runtime,
    trace,
    traceMark,
    sysmon: telemetry?.events ?? null,
  };
}
