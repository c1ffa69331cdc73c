import { UserMode } from '../../src/kernel/se/index.js';
import { STATUS } from '../../src/base/index.js';
import { ObSnapshotCounts } from '../../src/kernel/ob/index.js';
import {
  NtCreateUserProcess,
  PsCreateState,
  type EPROCESS,
  type NtCreateUserProcessParameters,
  type PsAttributeList,
} from '../../src/kernel/ps/index.js';
import type { TOKEN } from '../../src/kernel/se/index.js';
import type { SystemServiceResult } from '../../src/kernel/syscalls/index.js';
import { bootMachine, type BootedMachine } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';

export const NtCurrentProcess = -1;
export const NtCurrentThread = -2;
export const APP = '\\??\\C:\\Windows\\System32\\notepad.exe';

/**
 * NtCreateUserProcess's parameters for `image` (an NT path `\??\C:\…`), as the kernel tests pass
 * them: both handles with `access` (PROCESS_ALL_ACCESS by default), the initial thread suspended,
 * the Win32 path as image path and command line, `C:\` as the current directory, and `attributes`
 * beside PsAttributeImageName.
 */
export function userProcessParameters(
  image: string,
  o: {
    access?: number;
    processFlags?: number;
    threadFlags?: number;
    commandLine?: string;
    currentDirectory?: string;
    attributes?: Partial<PsAttributeList>;
  } = {},
): NtCreateUserProcessParameters {
  return {
    ProcessDesiredAccess: o.access ?? 0x1fffff,
    ThreadDesiredAccess: o.access ?? 0x1fffff,
    ProcessFlags: o.processFlags ?? 0,
    ThreadFlags: o.threadFlags ?? 1,
    ProcessParameters: {
      imagePathName: image.slice(4),
      commandLine: o.commandLine ?? image.slice(4),
      currentDirectory: o.currentDirectory ?? 'C:\\',
    },
    CreateInfo: { State: PsCreateState.PsCreateInitialState },
    AttributeList: { ImageName: image, ...o.attributes },
  };
}

/** A booted machine (full boot) and helpers to call services as one of its processes. */
export function bootedMachine(): {
  b: BootedMachine;
  byName: (name: string) => EPROCESS;
  /** A system service through KiServiceTable, from user mode, as a thread of `process`. */
  sys: (process: EPROCESS, name: string, args?: Record<string, unknown>) => SystemServiceResult;
  /** Objects, handles, CIDs and live processes: equal before and after a failing call. */
  counts: () => Record<string, unknown>;
  /** A new process from `creator` (suspended unless told otherwise), with the creator's handles. */
  spawn: (
    creator: EPROCESS,
    options?: { token?: TOKEN; tokenHandle?: number; suspended?: boolean; image?: string },
  ) => { status: number; process?: EPROCESS; ProcessHandle?: number; ThreadHandle?: number };
} {
  const b = bootMachine(Machine.assemble());
  const k = b.kernel;
  const byName = (name: string): EPROCESS => {
    const p = k.ps.activeProcesses.find((x) => x.ImageFileName === name);
    if (!p) throw new Error(`no ${name}`);
    return p;
  };
  const sys = (process: EPROCESS, name: string, args: Record<string, unknown> = {}) =>
    k.services.KiSystemService({ service: name, args, previousMode: UserMode, context: k.caller(process) });
  const counts = () => ({
    ...ObSnapshotCounts(k.ob),
    cids: k.ps.cid.count,
    active: k.ps.activeProcesses.length,
    handlesPerProcess: k.ps.activeProcesses.map((p) => p.ObjectTable?.handleCount ?? -1),
    vads: k.ps.activeProcesses.map((p) => p.addressSpace?.vadList.length ?? -1),
  });
  const spawn = (
    creator: EPROCESS,
    o: { token?: TOKEN; tokenHandle?: number; suspended?: boolean; image?: string } = {},
  ) => {
    const p = userProcessParameters(o.image ?? APP, {
      threadFlags: o.suspended === false ? 0 : 1,
      currentDirectory: 'C:\\Windows\\System32\\',
      attributes: {
        ...(o.token ? { Token: o.token } : {}),
        ...(o.tokenHandle !== undefined ? { TokenHandle: o.tokenHandle } : {}),
      },
    });
    const r = NtCreateUserProcess(k.ps, k.caller(creator), p);
    return r.status === STATUS.SUCCESS
      ? {
          status: r.status,
          process: r.process!,
          ProcessHandle: r.ProcessHandle!,
          ThreadHandle: r.ThreadHandle!,
        }
      : { status: r.status };
  };
  return { b, byName, sys, counts, spawn };
}

/** The out value `name` of a service call. */
export function out<T = number>(r: SystemServiceResult, name: string): T {
  return (r.out as Record<string, unknown> | undefined)?.[name] as T;
}
