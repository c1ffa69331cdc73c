import {
  fileTimeToIso,
  FILETIME_UNIX_EPOCH,
  ModelError,
  STATUS,
  TICKS_PER_SECOND,
} from '../../base/index.js';
import { queryWin32Value, readRegSz } from '../../kernel/cm/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import {
  OB_FLT_REGISTRATION_VERSION,
  OB_OPERATION_HANDLE_CREATE,
  OB_PREOP_SUCCESS,
  ObRegisterCallbacks,
  ObUnRegisterCallbacks,
  SymbolicLink,
  type OB_POST_OPERATION_INFORMATION,
} from '../../kernel/ob/index.js';
import {
  EPROCESS,
  ETHREAD,
  PsLookupProcessByProcessId,
  type CreateProcessNotifyRoutineEx,
  type LoadImageNotifyRoutine,
  type PsCreateNotifyInfo,
} from '../../kernel/ps/index.js';
import {
  integrityLevelName,
  SeQueryTokenIntegrityLevel,
  sidDisplayName,
  type TOKEN,
} from '../../kernel/se/index.js';

/**
 * A Sysmon-like driver (SysmonDrv): what an EDR's kernel driver sees of process creation, handle
 * opens and image loads, through the same registrations Sysmon's driver makes —
 * PsSetCreateProcessNotifyRoutineEx (Event ID 1, ProcessCreate), ObRegisterCallbacks on process
 * handles (Event ID 10, ProcessAccess) and PsSetLoadImageNotifyRoutine (Event ID 7, ImageLoaded) —
 * written out as Sysmon's events, with its field names (Microsoft Learn "Sysmon", Events; the
 * event manifest's templates, e.g. `wevtutil gp Microsoft-Windows-Sysmon /ge /gm`).
 *
 * Exactly as a real EDR sees it: ParentProcessId is PS_CREATE_NOTIFY_INFO.ParentProcessId —
 * the spoofed parent when PROC_THREAD_ATTRIBUTE_PARENT_PROCESS was used — while
 * CreatingThreadId (kept under `ntsim`, Sysmon does not log it) names the real creator.
 *
 * Fields the model cannot fill are left out: Hashes, FileVersion, Description, Product, Company,
 * OriginalFileName (no version resources or hashing), Signed/Signature/SignatureStatus, CallTrace
 * (no user stack to walk).
 */

/** Sysmon's driver altitude (SysmonDrv, 385201 in the FSFilter Activity Monitor range). */
export const SYSMON_ALTITUDE = '385201';

interface SysmonEventBase {
  /** The rule that matched: '-' (no configuration rules are modelled). */
  RuleName: string;
  /** `YYYY-MM-DD hh:mm:ss.fff`, from the model's Clock. */
  UtcTime: string;
}

/** Event ID 1: Process creation. */
export interface SysmonProcessCreate extends SysmonEventBase {
  EventID: 1;
  ProcessGuid: string;
  ProcessId: number;
  Image: string;
  CommandLine: string;
  CurrentDirectory: string;
  User: string;
  LogonGuid: string;
  /** `0x…`, the token's AuthenticationId. */
  LogonId: string;
  TerminalSessionId: number;
  IntegrityLevel: string;
  ParentProcessGuid: string;
  ParentProcessId: number;
  ParentImage: string;
  ParentCommandLine: string;
  ParentUser: string;
  /** Model extension (not a Sysmon field): what PS_CREATE_NOTIFY_INFO.CreatingThreadId says. */
  ntsim: { CreatingProcessId: number; CreatingThreadId: number };
}

/** Event ID 7: Image loaded. */
export interface SysmonImageLoaded extends SysmonEventBase {
  EventID: 7;
  ProcessGuid: string;
  ProcessId: number;
  Image: string;
  ImageLoaded: string;
  User: string;
}

/** Event ID 10: Process accessed. */
export interface SysmonProcessAccess extends SysmonEventBase {
  EventID: 10;
  SourceProcessGUID: string;
  SourceProcessId: number;
  SourceThreadId: number;
  SourceImage: string;
  TargetProcessGUID: string;
  TargetProcessId: number;
  TargetImage: string;
  /** `0x…` (lower-case hex), the rights the handle got. */
  GrantedAccess: string;
  SourceUser: string;
  TargetUser: string;
}

export type SysmonEvent = SysmonProcessCreate | SysmonImageLoaded | SysmonProcessAccess;

export interface SysmonOptions {
  /** Which events to log (all by default). */
  processCreate?: boolean;
  processAccess?: boolean;
  imageLoad?: boolean;
  /** A configuration's filter: an event is kept when it returns true. */
  filter?: (event: SysmonEvent) => boolean;
  /**
   * The machine GUID whose first 4 bytes open every Sysmon GUID
   * (HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid when the registry has it).
   */
  machineGuid?: string;
  /** The ObRegisterCallbacks altitude (Sysmon's by default). */
  altitude?: string;
}

export interface SysmonInstallation {
  /** The events, in the order the driver saw them. */
  readonly events: SysmonEvent[];
  /** Removes the notify routines and the object callbacks. */
  uninstall(): void;
}

const DEFAULT_MACHINE_GUID = '6c1c4f6e-5d6b-4a8e-9a51-3c2f1d0e7b42';
/** Sysmon marks the third group of its GUIDs: 0x10000000 for a process, 0x20000000 for a logon. */
const PROCESS_GUID_MARK = 0x10000000;
const LOGON_GUID_MARK = 0x20000000;

function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
function le32(v: number): string {
  const x = v >>> 0;
  return [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/**
 * A Sysmon GUID: Data1 the machine GUID's first 4 bytes, Data2/Data3 a time in seconds since 1970
 * (low and high 16 bits), then a 32-bit marked value and a 32-bit key, little-endian (the layout
 * mattifestation's SysmonEventGUIDParser reads back), written `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`.
 */
function sysmonGuid(machine: number, seconds: number, marked: number, key: number): string {
  const s = seconds >>> 0;
  const d2 = (s & 0xffff).toString(16).padStart(4, '0');
  const d3 = (s >>> 16).toString(16).padStart(4, '0');
  const m = le32(marked);
  return `{${hex8(machine)}-${d2}-${d3}-${m.slice(0, 4)}-${m.slice(4)}${le32(key)}}`;
}

function unixSeconds(fileTime: bigint): number {
  return Number((fileTime - FILETIME_UNIX_EPOCH) / TICKS_PER_SECOND);
}

/** `2026-01-01 00:00:00.000`: Sysmon's UtcTime. */
function utcTime(fileTime: bigint): string {
  const iso = fileTimeToIso(fileTime);
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/**
 * Installs the driver on a booted kernel: it registers its routines and callbacks and collects
 * events until uninstalled.
 */
export function installSysmon(kernel: Kernel, options: SysmonOptions = {}): SysmonInstallation {
  const ps = kernel.ps;
  const ns = kernel.ob.namespace;
  const trace = kernel.trace;
  const events: SysmonEvent[] = [];
  const installedAt = kernel.clock.now();

  const registryGuid = (() => {
    const v = queryWin32Value(
      ps.deps.registry,
      'HKLM\\SOFTWARE\\Microsoft\\Cryptography',
      'MachineGuid',
    ).value;
    return v ? readRegSz(v) : null;
  })();
  const machine =
    parseInt((options.machineGuid ?? registryGuid ?? DEFAULT_MACHINE_GUID).slice(0, 8), 16) >>> 0;

  // The DOS drive letters and the devices they name (\GLOBAL??\C: → \Device\HarddiskVolume3).
  const drives: [string, string][] = [];
  for (let c = 0x41; c <= 0x5a; c++) {
    const letter = String.fromCharCode(c) + ':';
    const link = ns.lookup(`\\GLOBAL??\\${letter}`, { openLink: true }).object?.body;
    if (link instanceof SymbolicLink) drives.push([link.target.toLowerCase(), letter]);
  }
  /** An NT path as Sysmon prints it: `C:\Windows\System32\ntdll.dll` for `\SystemRoot\System32\ntdll.dll`. */
  const dosPath = (ntPath: string): string => {
    if (!ntPath) return '-';
    const resolved = ntPath.startsWith('\\') ? ns.lookup(ntPath).resolvedPath || ntPath : ntPath;
    const lower = resolved.toLowerCase();
    for (const [device, letter] of drives)
      if (lower === device || lower.startsWith(device + '\\')) return letter + resolved.slice(device.length);
    return ntPath.startsWith('\\??\\') ? ntPath.slice(4) : resolved;
  };

  const userOf = (token: TOKEN | null): string => (token ? sidDisplayName(token.user.sid) : '-');
  const processGuid = (p: EPROCESS): string =>
    sysmonGuid(
      machine,
      unixSeconds(p.CreateTime),
      PROCESS_GUID_MARK,
      Number((p.header?.address ?? 0n) & 0xffffffffn),
    );
  const logonGuid = (token: TOKEN | null): string => {
    const id = token?.authenticationId ?? 0;
    return sysmonGuid(machine, unixSeconds(installedAt), LOGON_GUID_MARK | Math.floor(id / 2 ** 32), id);
  };
  const imageOf = (p: EPROCESS | null | undefined): string =>
    !p ? '-' : p.imageFileNtPath ? dosPath(p.imageFileNtPath) : p.ImageFileName || '-';
  const emit = (e: SysmonEvent): void => {
    if (options.filter && !options.filter(e)) return;
    events.push(e);
  };
  const driverSpan = (
    fn: string,
    channel: 'ps' | 'ob',
    args: Record<string, number | string>,
    body: () => void,
  ) =>
    trace.call({ layer: 'driver', module: 'SysmonDrv', fn, channel, args }, () => {
      body();
      return { status: STATUS.SUCCESS };
    });

  // Event ID 1, from the Ex process-notify routine (creation only; exits are Event ID 5, not modelled).
  const processNotify: CreateProcessNotifyRoutineEx = (
    process,
    processId,
    info: PsCreateNotifyInfo | null,
  ) => {
    if (!info || !(process instanceof EPROCESS)) return;
    driverSpan(
      'ProcessNotifyRoutine',
      'ps',
      { ProcessId: processId, ParentProcessId: info.ParentProcessId },
      () => {
        const parent = PsLookupProcessByProcessId(ps, info.ParentProcessId).process ?? null;
        const token = process.Token;
        emit({
          EventID: 1,
          RuleName: '-',
          UtcTime: utcTime(kernel.clock.now()),
          ProcessGuid: processGuid(process),
          ProcessId: processId,
          Image: dosPath(info.ImageFileName),
          CommandLine: info.CommandLine ?? '',
          CurrentDirectory: process.currentDirectory,
          User: userOf(token),
          LogonGuid: logonGuid(token),
          LogonId: '0x' + (token?.authenticationId ?? 0).toString(16),
          TerminalSessionId: process.SessionId,
          IntegrityLevel: token ? integrityLevelName(SeQueryTokenIntegrityLevel(token)) : '-',
          ParentProcessGuid: parent ? processGuid(parent) : '{00000000-0000-0000-0000-000000000000}',
          ParentProcessId: info.ParentProcessId,
          ParentImage: imageOf(parent),
          ParentCommandLine: parent ? parent.commandLine || '-' : '-',
          ParentUser: parent ? userOf(parent.Token) : '-',
          ntsim: {
            CreatingProcessId: info.CreatingThreadId.UniqueProcess,
            CreatingThreadId: info.CreatingThreadId.UniqueThread,
          },
        });
      },
    );
  };

  // Event ID 7, from the load-image notify routine (user-mode images: ProcessId ≠ 0).
  const imageNotify: LoadImageNotifyRoutine = (fullImageName, processId, imageInfo) => {
    if (imageInfo.SystemModeImage || processId === 0) return;
    driverSpan('LoadImageNotifyRoutine', 'ps', { ProcessId: processId, ImageLoaded: fullImageName }, () => {
      const process = PsLookupProcessByProcessId(ps, processId).process ?? null;
      emit({
        EventID: 7,
        RuleName: '-',
        UtcTime: utcTime(kernel.clock.now()),
        ProcessGuid: process ? processGuid(process) : '-',
        ProcessId: processId,
        Image: imageOf(process),
        ImageLoaded: dosPath(fullImageName),
        User: userOf(process?.Token ?? null),
      });
    });
  };

  // Event ID 10, from the process-handle post-operation callback.
  const postOperation = (_context: unknown, info: OB_POST_OPERATION_INFORMATION): void => {
    if (info.ReturnStatus !== STATUS.SUCCESS) return;
    const target = info.Object;
    const source = info.CurrentProcess;
    if (!(target instanceof EPROCESS) || !(source instanceof EPROCESS)) return;
    const granted = info.Parameters.CreateHandleInformation.GrantedAccess;
    driverSpan(
      'ObjectPostCallback',
      'ob',
      {
        SourceProcessId: source.UniqueProcessId,
        TargetProcessId: target.UniqueProcessId,
        GrantedAccess: granted,
      },
      () =>
        emit({
          EventID: 10,
          RuleName: '-',
          UtcTime: utcTime(kernel.clock.now()),
          SourceProcessGUID: processGuid(source),
          SourceProcessId: source.UniqueProcessId,
          SourceThreadId: info.CurrentThread instanceof ETHREAD ? info.CurrentThread.Cid.UniqueThread : 0,
          SourceImage: imageOf(source),
          TargetProcessGUID: processGuid(target),
          TargetProcessId: target.UniqueProcessId,
          TargetImage: imageOf(target),
          GrantedAccess: '0x' + (granted >>> 0).toString(16),
          SourceUser: userOf(source.Token),
          TargetUser: userOf(target.Token),
        }),
    );
  };

  const undo: (() => void)[] = [];
  const check = (what: string, status: number): void => {
    if (status === STATUS.SUCCESS) return;
    for (const u of undo.splice(0).reverse()) u();
    throw new ModelError('sysmon.install', `${what} failed: 0x${(status >>> 0).toString(16)}`, { status });
  };
  if (options.processCreate ?? true) {
    check(
      'PsSetCreateProcessNotifyRoutineEx',
      ps.notify.PsSetCreateProcessNotifyRoutineEx(processNotify, false),
    );
    undo.push(() => ps.notify.PsSetCreateProcessNotifyRoutineEx(processNotify, true));
  }
  if (options.imageLoad ?? true) {
    check('PsSetLoadImageNotifyRoutine', ps.notify.PsSetLoadImageNotifyRoutine(imageNotify));
    undo.push(() => ps.notify.PsRemoveLoadImageNotifyRoutine(imageNotify));
  }
  if (options.processAccess ?? true) {
    const r = ObRegisterCallbacks(kernel.ob, {
      Version: OB_FLT_REGISTRATION_VERSION,
      Altitude: options.altitude ?? SYSMON_ALTITUDE,
      RegistrationContext: null,
      OperationRegistration: [
        {
          ObjectType: ps.processType,
          Operations: OB_OPERATION_HANDLE_CREATE,
          PreOperation: () => OB_PREOP_SUCCESS,
          PostOperation: postOperation,
        },
      ],
    });
    check('ObRegisterCallbacks', r.status);
    const handle = r.RegistrationHandle!;
    undo.push(() => ObUnRegisterCallbacks(kernel.ob, handle));
  }
  return {
    events,
    uninstall: () => {
      for (const u of undo.splice(0).reverse()) u();
    },
  };
}

/**
 * The events as JSON lines (one object per line, Sysmon's field names). `sysmonOnly` drops the
 * model's `ntsim` extension.
 */
export function formatSysmonJsonLines(
  events: readonly SysmonEvent[],
  o: { sysmonOnly?: boolean } = {},
): string {
  return events
    .map((e) => {
      if (!o.sysmonOnly || !('ntsim' in e)) return JSON.stringify(e);
      const { ntsim: _ntsim, ...rest } = e;
      return JSON.stringify(rest);
    })
    .map((line) => line + '\n')
    .join('');
}
