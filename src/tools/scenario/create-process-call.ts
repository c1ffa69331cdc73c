import { ERROR } from '../../base/index.js';
import {
  InitializeProcThreadAttributeList,
  PROC_THREAD_ATTRIBUTE,
  PROC_THREAD_ATTRIBUTE_LIST,
  procThreadAttributeListSize,
  UpdateProcThreadAttribute,
  type CreateProcessRequest,
  type CreateProcessResult,
  type StartupInfo,
} from '../../kernelbase/index.js';
import { CreateProcessA, CreateProcessAsUserW, CreateProcessW, WinExec } from '../../kernel32/index.js';
import { flagsValue, type ArgSpec } from './args.js';
import type { CallDef, CallEnv, CallOutcome } from './calls.js';
import { handleArg, opt, processOutcome } from './outcome.js';
import { CREATION_FLAGS, MITIGATION_POLICIES, PROTECTION_LEVELS } from './names.js';

const EXTENDED_STARTUPINFO_PRESENT = 0x80000;

const STARTUP_KEYS = [
  'desktop',
  'title',
  'x',
  'y',
  'xSize',
  'ySize',
  'xCountChars',
  'yCountChars',
  'fillAttribute',
  'flags',
  'showWindow',
  'stdInput',
  'stdOutput',
  'stdError',
  'attributes',
];

/**
 * scenario.md's `startupInfo` (and its `attributes`, the STARTUPINFOEX attribute list) as kernelbase
 * takes it: the list is built with InitializeProcThreadAttributeList / UpdateProcThreadAttribute,
 * as a program would, and its presence implies EXTENDED_STARTUPINFO_PRESENT.
 */
function startupInfo(v: unknown): { info: StartupInfo; extended: boolean; error?: CreateProcessResult } {
  if (!v || typeof v !== 'object') return { info: {}, extended: false };
  const s = v as Record<string, unknown>;
  const info: Record<string, unknown> = {};
  for (const k of STARTUP_KEYS)
    if (k !== 'attributes' && s[k] !== undefined) info[k] = k.startsWith('std') ? handleArg(s[k]) : s[k];
  const a = s.attributes as Record<string, unknown> | undefined;
  if (!a) return { info: info as StartupInfo, extended: false };
  const entries: [number, unknown][] = [];
  if (a.parentProcess !== undefined)
    entries.push([PROC_THREAD_ATTRIBUTE.PARENT_PROCESS, handleArg(a.parentProcess)]);
  if (a.handleList !== undefined)
    entries.push([PROC_THREAD_ATTRIBUTE.HANDLE_LIST, (a.handleList as unknown[]).map(handleArg)]);
  if (a.protectionLevel !== undefined)
    entries.push([
      PROC_THREAD_ATTRIBUTE.PROTECTION_LEVEL,
      typeof a.protectionLevel === 'number'
        ? a.protectionLevel
        : PROTECTION_LEVELS[String(a.protectionLevel)],
    ]);
  if (a.mitigationPolicy !== undefined) {
    const names = Array.isArray(a.mitigationPolicy) ? a.mitigationPolicy : [a.mitigationPolicy];
    const map = names.reduce<bigint>(
      (m, n) => m | (typeof n === 'number' ? BigInt(n) : (MITIGATION_POLICIES[String(n)] ?? 0n)),
      0n,
    );
    entries.push([PROC_THREAD_ATTRIBUTE.MITIGATION_POLICY, map]);
  }
  if (a.jobList !== undefined)
    entries.push([PROC_THREAD_ATTRIBUTE.JOB_LIST, (a.jobList as unknown[]).map(handleArg)]);
  const size = procThreadAttributeListSize(entries.length);
  const list = new PROC_THREAD_ATTRIBUTE_LIST(size);
  InitializeProcThreadAttributeList(list, entries.length, 0, size);
  for (const [attribute, value] of entries) {
    const r = UpdateProcThreadAttribute(list, 0, attribute, value);
    if (!r.returnValue) return { info: info as StartupInfo, extended: true, error: { ...r, returnValue: 0 } };
  }
  info.attributeList = list;
  return { info: info as StartupInfo, extended: true };
}

function request(a: Record<string, unknown>): { req: CreateProcessRequest; error?: CreateProcessResult } {
  const si = startupInfo(a.startupInfo);
  const req: CreateProcessRequest = {
    applicationName: (a.applicationName as string | null | undefined) ?? null,
    commandLine: (a.commandLine as string | null | undefined) ?? null,
    processAttributes: (a.processAttributes as { inheritHandle?: boolean } | null | undefined) ?? null,
    threadAttributes: (a.threadAttributes as { inheritHandle?: boolean } | null | undefined) ?? null,
    inheritHandles: a.inheritHandles === true,
    creationFlags:
      (flagsValue(a.creationFlags, CREATION_FLAGS) | (si.extended ? EXTENDED_STARTUPINFO_PRESENT : 0)) >>> 0,
    environment: (a.environment as Record<string, string> | null | undefined) ?? null,
    currentDirectory: (a.currentDirectory as string | null | undefined) ?? null,
    startupInfo: si.info,
  };
  return si.error ? { req, error: si.error } : { req };
}

const CREATE_ARGS: Readonly<Record<string, ArgSpec>> = {
  applicationName: opt({ kind: 'string', nullable: true }),
  commandLine: opt({ kind: 'string', nullable: true }),
  processAttributes: opt({ kind: 'any' }),
  threadAttributes: opt({ kind: 'any' }),
  inheritHandles: opt({ kind: 'bool' }),
  creationFlags: opt({ kind: 'flags', table: CREATION_FLAGS, what: 'flag' }),
  environment: opt({ kind: 'any' }),
  currentDirectory: opt({ kind: 'string', nullable: true }),
  startupInfo: opt({ kind: 'any' }),
};

const run =
  (f: (e: CallEnv, req: CreateProcessRequest, a: Record<string, unknown>) => CreateProcessResult) =>
  (e: CallEnv, a: Record<string, unknown>): CallOutcome => {
    const { req, error } = request(a);
    return processOutcome(error ?? f(e, req, a));
  };

/** CreateProcessW / CreateProcessA / CreateProcessAsUserW / WinExec as scenario calls. */
export const CREATE_PROCESS_CALLS: Readonly<Record<string, CallDef>> = {
  CreateProcessW: { args: CREATE_ARGS, run: run((e, req) => CreateProcessW(e.ctx, req)) },
  CreateProcessA: { args: CREATE_ARGS, run: run((e, req) => CreateProcessA(e.ctx, req)) },
  CreateProcessAsUserW: {
    args: { token: { kind: 'handle', nullable: true }, ...CREATE_ARGS },
    run: run((e, req, a) => CreateProcessAsUserW(e.ctx, handleArg(a.token), req)),
  },
  WinExec: {
    args: { cmdLine: { kind: 'string' }, cmdShow: opt({ kind: 'int' }) },
    run: (e, a) => {
      const r = WinExec(e.ctx, String(a.cmdLine), Number(a.cmdShow ?? 1));
      return {
        ok: r.returnValue > 31,
        returnValue: r.returnValue,
        lastError: r.lastError ?? ERROR.SUCCESS,
        status: r.status,
      };
    },
  },
};
