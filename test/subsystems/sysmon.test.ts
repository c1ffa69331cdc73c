import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  NtCreateUserProcess,
  PsCreateState,
  type EPROCESS,
  type NtCreateUserProcessParameters,
} from '../../src/kernel/ps/index.js';
import {
  formatSysmonJsonLines,
  installSysmon,
  type SysmonImageLoaded,
  type SysmonProcessAccess,
  type SysmonProcessCreate,
} from '../../src/system/drivers/index.js';
import { UserModeRuntime } from '../../src/system/user-mode.js';
import { bootedMachine } from '../kernel/support.js';

const GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/;
const NOTEPAD = '\\??\\C:\\Windows\\System32\\notepad.exe';
const CMD = '\\??\\C:\\Windows\\System32\\cmd.exe';

function setup() {
  const m = bootedMachine();
  const k = m.b.kernel;
  const sysmon = installSysmon(k);
  /** NtCreateUserProcess from `creator`, optionally with PsAttributeParentProcess. */
  const create = (creator: EPROCESS, image: string, parentHandle?: number) => {
    const p: NtCreateUserProcessParameters = {
      ProcessDesiredAccess: 0x1fffff,
      ThreadDesiredAccess: 0x1fffff,
      ProcessFlags: 0,
      ThreadFlags: 1,
      ProcessParameters: {
        imagePathName: image.slice(4),
        commandLine: `"${image.slice(4)}" /x`,
        currentDirectory: 'C:\\Users\\user\\',
      },
      CreateInfo: { State: PsCreateState.PsCreateInitialState },
      AttributeList: {
        ImageName: image,
        ...(parentHandle !== undefined ? { ParentProcess: parentHandle } : {}),
      },
    };
    return NtCreateUserProcess(k.ps, k.caller(creator), p);
  };
  const ofType = <T>(id: number) => sysmon.events.filter((e) => e.EventID === id) as T[];
  return { m, k, sysmon, create, ofType };
}

describe('Sysmon-like driver', () => {
  it('Event ID 1: a spoofed parent is the ParentProcessId; CreatingThreadId names the real creator', () => {
    const { m, create, ofType } = setup();
    const explorer = m.b.explorer;
    const fake = create(explorer, CMD);
    expect(fake.status).toBe(STATUS.SUCCESS);
    const r = create(explorer, NOTEPAD, fake.ProcessHandle);
    expect(r.status).toBe(STATUS.SUCCESS);
    const child = r.process!;
    const e = ofType<SysmonProcessCreate>(1).find((x) => x.ProcessId === child.UniqueProcessId)!;
    expect(e).toMatchObject({
      EventID: 1,
      RuleName: '-',
      UtcTime: '2026-01-01 00:00:00.000',
      Image: 'C:\\Windows\\System32\\notepad.exe',
      CommandLine: '"C:\\Windows\\System32\\notepad.exe" /x',
      CurrentDirectory: 'C:\\Users\\user\\',
      User: 'DESKTOP\\user',
      IntegrityLevel: 'Medium',
      TerminalSessionId: 1,
      ParentProcessId: fake.process!.UniqueProcessId,
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      ParentCommandLine: '"C:\\Windows\\System32\\cmd.exe" /x',
      ParentUser: 'DESKTOP\\user',
      ntsim: {
        CreatingProcessId: explorer.UniqueProcessId,
        CreatingThreadId: explorer.threads[0]!.Cid.UniqueThread,
      },
    });
    expect(e.ProcessGuid).toMatch(GUID);
    expect(e.ParentProcessGuid).toMatch(GUID);
    expect(e.ParentProcessGuid).not.toBe(e.ProcessGuid);
    // The spoofed parent's own Event ID 1 carries the GUID the child's ParentProcessGuid names.
    const parentEvent = ofType<SysmonProcessCreate>(1).find(
      (x) => x.ProcessId === fake.process!.UniqueProcessId,
    )!;
    expect(parentEvent.ProcessGuid).toBe(e.ParentProcessGuid);
    expect(parentEvent.ParentImage).toBe('C:\\Windows\\explorer.exe');
    // Sysmon's GUID layout: the process mark in the fourth group, the logon id in LogonGuid's last.
    expect(e.ProcessGuid.slice(20, 29)).toBe('0000-0010');
    expect(e.LogonGuid.slice(20, 29)).toBe('0000-0020');
    expect(e.LogonId).toBe('0x' + child.Token!.authenticationId.toString(16));
  });

  it('Event ID 10: NtOpenProcess is logged with the access the handle got', () => {
    const { m, ofType } = setup();
    const explorer = m.b.explorer;
    const child = m.spawn(explorer).process!;
    const open = (access: number) =>
      m.sys(explorer, 'NtOpenProcess', {
        DesiredAccess: access,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: child.UniqueProcessId },
      });
    expect(open(0x400).status).toBe(STATUS.SUCCESS); // PROCESS_QUERY_INFORMATION
    expect(open(0x1010).status).toBe(STATUS.SUCCESS); // QUERY_LIMITED | VM_READ
    const lsass = m.byName('lsass.exe');
    expect(
      m.sys(explorer, 'NtOpenProcess', {
        DesiredAccess: 0x10,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: lsass.UniqueProcessId },
      }).status,
    ).toBe(STATUS.ACCESS_DENIED);
    const events = ofType<SysmonProcessAccess>(10);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      EventID: 10,
      SourceProcessId: explorer.UniqueProcessId,
      SourceThreadId: explorer.threads[0]!.Cid.UniqueThread,
      SourceImage: 'C:\\Windows\\explorer.exe',
      TargetProcessId: child.UniqueProcessId,
      TargetImage: 'C:\\Windows\\System32\\notepad.exe',
      // PROCESS_QUERY_INFORMATION implies PROCESS_QUERY_LIMITED_INFORMATION.
      GrantedAccess: '0x1400',
      SourceUser: 'DESKTOP\\user',
      TargetUser: 'DESKTOP\\user',
    });
    expect(events[1]!.GrantedAccess).toBe('0x1010');
    const created = ofType<SysmonProcessCreate>(1).find((e) => e.ProcessId === child.UniqueProcessId)!;
    expect(events[0]!.TargetProcessGUID).toBe(created.ProcessGuid);
  });

  it('Event ID 7: the executable, ntdll and the DLLs the loader maps', () => {
    const { m, k, ofType } = setup();
    const child = m.spawn(m.b.explorer).process!;
    const early = ofType<SysmonImageLoaded>(7).filter((e) => e.ProcessId === child.UniqueProcessId);
    expect(early.map((e) => e.ImageLoaded)).toEqual([
      'C:\\Windows\\System32\\notepad.exe',
      'C:\\Windows\\System32\\ntdll.dll',
    ]);
    expect(early[0]).toMatchObject({ Image: 'C:\\Windows\\System32\\notepad.exe', User: 'DESKTOP\\user' });
    new UserModeRuntime(k, { record: false }).runInitialThread(child);
    const loaded = ofType<SysmonImageLoaded>(7)
      .filter((e) => e.ProcessId === child.UniqueProcessId)
      .map((e) => e.ImageLoaded.toLowerCase());
    expect(loaded).toContain('c:\\windows\\system32\\kernel32.dll');
    for (const path of loaded) expect(path).toMatch(/^c:\\windows\\/);
  });

  it('uninstall stops the events; the output is JSON lines, the same on every run', () => {
    const run = () => {
      const { m, sysmon } = setup();
      m.spawn(m.b.explorer);
      sysmon.uninstall();
      const n = sysmon.events.length;
      m.spawn(m.b.explorer);
      expect(sysmon.events).toHaveLength(n);
      return formatSysmonJsonLines(sysmon.events);
    };
    const text = run();
    expect(run()).toBe(text);
    const lines = text.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { EventID: number }).EventID)).toEqual([1, 7, 7]);
    const { m, sysmon } = setup();
    m.spawn(m.b.explorer);
    const sysmonOnly = formatSysmonJsonLines(sysmon.events, { sysmonOnly: true });
    expect(sysmonOnly).not.toContain('ntsim');
    expect(Object.keys(JSON.parse(sysmonOnly.split('\n')[0]!) as object)).toEqual([
      'EventID',
      'RuleName',
      'UtcTime',
      'ProcessGuid',
      'ProcessId',
      'Image',
      'CommandLine',
      'CurrentDirectory',
      'User',
      'LogonGuid',
      'LogonId',
      'TerminalSessionId',
      'IntegrityLevel',
      'ParentProcessGuid',
      'ParentProcessId',
      'ParentImage',
      'ParentCommandLine',
      'ParentUser',
    ]);
  });
});
