import { ModelError, STATUS, type Trace } from '../base/index.js';
import { Kernel } from '../kernel/kernel.js';
import { CmpInitializeRegistryProcess, SmFirstTimeInit } from '../kernel/minimal-processes.js';
import { PspDisablePicoProviderRegistration } from '../kernel/ps/index.js';
import { LxInitialize } from './drivers/lxcore.js';
import { PsCreateImageSection, PspTerminateProcess, type EPROCESS } from '../kernel/ps/index.js';
import { enumerateWin32Values, readRegSz } from '../kernel/cm/index.js';
import { ObCloseHandle, OBJ_PERMANENT } from '../kernel/ob/index.js';
import { UserMode } from '../kernel/se/index.js';

/** SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY (winnt.h): what smss asks for its KnownDLL sections. */
const SECTION_MAP_READ_EXECUTE = 0x4 | 0x8 | 0x1;
import {
  createInteractiveUserTokens,
  SepDuplicateToken,
  TokenPrimary,
  SecurityAnonymous,
  type TOKEN,
} from '../kernel/se/index.js';
import { RTL_USER_PROC_SECURE_PROCESS, TRUSTLET_ID } from '../kernel/sk/index.js';
import { createSyscallGate } from '../kernel/syscalls/index.js';
import { createNtStubs, ntStubTraceHook } from '../ntdll/nt/index.js';
import { RtlCreateUserProcess } from '../ntdll/rtl/index.js';
import type { Machine } from './machine.js';
import { bootProtectionOf } from './boot-protection.js';
import { createCodeIntegrityCatalog } from './code-integrity-catalog.js';

/** RtlCreateUserProcess's protectionLevel, when the boot process has one (boot-protection.ts). */
const protectionOption = (level: number | undefined): { protectionLevel?: number } =>
  level === undefined ? {} : { protectionLevel: level };

export type BootMode = 'full' | 'minimal';

export interface BootOptions {
  mode?: BootMode;
  seed?: number;
  trace?: Trace;
}

/** A booted machine: the kernel with its processes, and the ones boot created, by role. */
export interface BootedMachine {
  machine: Machine;
  kernel: Kernel;
  /** The interactive user's shell. */
  explorer: EPROCESS;
  userToken: TOKEN;
}

const SYSTEM32 = 'C:\\Windows\\System32\\';

/**
 * Boot, the way Windows 10 starts its processes (Windows Internals 7, ch. 12 "Startup and
 * shutdown": Smss, Csrss, Wininit, Winlogon): System (PID 4) → smss.exe; smss starts a copy of
 * itself per session, which starts that session's csrss.exe and wininit.exe (session 0) or
 * winlogon.exe (session 1) and exits; wininit starts services.exe and lsass.exe; services starts
 * the svchost groups (netsvcs hosts seclogon) and MsMpEng; winlogon starts userinit.exe as the
 * user, which starts explorer.exe and exits. Every process goes through RtlCreateUserProcess →
 * NtCreateUserProcess: the same path as any other creation.
 */
export function bootMachine(machine: Machine, options: BootOptions = {}): BootedMachine {
  const mode = options.mode ?? 'full';
  const schema = machine.apiSetSchema.schema?.bytes ?? null;
  const kernel = new Kernel({
    namespace: machine.namespace,
    registry: machine.registry,
    apiSetSchema: schema,
    seed: options.seed ?? 1,
    ...(options.trace ? { trace: options.trace } : {}),
    vbs: machine.settings.vbs,
  });
  // Code integrity's catalog: system files without an embedded signature (code-integrity-catalog.ts).
  kernel.ps.codeIntegrityCatalog = createCodeIntegrityCatalog(machine);
  let current: EPROCESS = kernel.systemProcess;
  const gate = createSyscallGate(kernel.services, () => kernel.caller(current));
  // ntdll's stubs open a user-mode span around each system call (`ntdll!NtX → syscall → nt!NtX`).
  const trace = kernel.trace;
  const nt = createNtStubs(
    gate,
    ntStubTraceHook(trace, 'ps', () => current.UniqueProcessId),
  );
  const env = {
    SystemRoot: 'C:\\Windows',
    Path: 'C:\\Windows\\system32;C:\\Windows',
    ComSpec: 'C:\\Windows\\system32\\cmd.exe',
  };

  /** `creator` runs RtlCreateUserProcess for `path`; the new process is returned, its handles closed. */
  const start = (
    creator: EPROCESS,
    path: string,
    commandLine: string,
    token?: TOKEN,
    trustletId?: bigint,
  ): EPROCESS => {
    current = creator;
    const ntPath = machine.ntPath(path).ntPath;
    const r = trace.call(
      {
        layer: 'ntdll',
        module: 'ntdll',
        fn: 'RtlCreateUserProcess',
        channel: 'rtl',
        pid: creator.UniqueProcessId,
        args: { caller: creator.ImageFileName, image: ntPath },
      },
      () => {
        // A trustlet: PsAttributeSecureProcess with its identity, RTL_USER_PROC_SECURE_PROCESS set.
        const secure = (args: Record<string, unknown>): Record<string, unknown> => {
          if (trustletId !== undefined)
            (args.AttributeList as Record<string, unknown>).SecureProcess = { TrustletIdentity: trustletId };
          return args;
        };
        const info = RtlCreateUserProcess((args) => nt.NtCreateUserProcess(secure(args)), {
          ntImagePath: ntPath,
          parameters: {
            imagePathName: path,
            commandLine,
            currentDirectory: 'C:\\Windows\\System32\\',
            environment: env,
            ...(trustletId !== undefined ? { flags: RTL_USER_PROC_SECURE_PROCESS } : {}),
          },
          ...(token ? { token } : {}),
          suspended: false,
          ...protectionOption(bootProtectionOf(path, machine.settings)),
        });
        return { status: info.status, value: info };
      },
    ).value!;
    if (r.status !== STATUS.SUCCESS || !r.ClientId)
      throw new ModelError(
        'boot',
        `${creator.ImageFileName} could not start ${path}: 0x${(r.status >>> 0).toString(16)}`,
      );
    const child = kernel.ps.cid.lookup(r.ClientId.UniqueProcess) as EPROCESS;
    nt.NtClose({ Handle: r.ThreadHandle });
    nt.NtClose({ Handle: r.ProcessHandle });
    return child;
  };
  const exit = (process: EPROCESS): void => {
    PspTerminateProcess(kernel.ps, process, STATUS.SUCCESS);
  };
  const sessionToken = (session: number): TOKEN => {
    const t = SepDuplicateToken(
      kernel.systemProcess.Token!,
      false,
      TokenPrimary,
      SecurityAnonymous,
      kernel.luids,
    );
    t.sessionId = session;
    return t;
  };

  // Phase 1 (CmInitSystem1) makes the "Registry" minimal process before smss starts (reference §11:
  // System, Registry, smss). The minimal boot keeps scenario.md's list (System, smss, csrss, wininit,
  // explorer) without it.
  if (mode === 'full') CmpInitializeRegistryProcess(kernel);
  // IoInitSystem loads the boot drivers: with the WSL feature, lxss.sys loads lxcore.sys, which
  // registers as the pico provider. The window closes before any third-party driver loads
  // (reference §6.3): PsRegisterPicoProvider is STATUS_TOO_LATE from here on.
  if (machine.settings.wsl) {
    const lx = LxInitialize(kernel);
    if (lx.status !== STATUS.SUCCESS)
      throw new ModelError('boot', `lxcore could not register: 0x${(lx.status >>> 0).toString(16)}`);
  }
  PspDisablePicoProviderRegistration(kernel.ps);
  // The kernel starts the Session Manager (ExpLoadInitialProcess: RtlCreateUserProcess from kernel mode).
  const smss = start(kernel.systemProcess, SYSTEM32 + 'smss.exe', '\\SystemRoot\\System32\\smss.exe');
  SmpInitializeKnownDlls(kernel, machine, smss);
  // Session 0: a copy of smss starts csrss and wininit, then exits.
  const smss0 = start(smss, SYSTEM32 + 'smss.exe', '\\SystemRoot\\System32\\smss.exe 00000000 0000007c');
  start(
    smss0,
    SYSTEM32 + 'csrss.exe',
    'C:\\Windows\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16',
  );
  const wininit = start(smss0, SYSTEM32 + 'wininit.exe', 'wininit.exe');
  exit(smss0);
  const userTokens = createInteractiveUserTokens(kernel.luids);
  let explorer: EPROCESS;
  if (mode === 'full') {
    // Session 1, the console: csrss and winlogon.
    const smss1 = start(smss, SYSTEM32 + 'smss.exe', '\\SystemRoot\\System32\\smss.exe 00000000 00000080');
    start(
      smss1,
      SYSTEM32 + 'csrss.exe',
      'C:\\Windows\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16',
      sessionToken(1),
    );
    const winlogon = start(smss1, SYSTEM32 + 'winlogon.exe', 'winlogon.exe', sessionToken(1));
    exit(smss1);
    const services = start(wininit, SYSTEM32 + 'services.exe', 'C:\\Windows\\system32\\services.exe');
    // Credential Guard: wininit starts LsaIso.exe as trustlet 1 (internals.md §5.2) after services
    // and before lsass, its VTL0 agent ("Windows Process Genealogy", 13cubed: wininit → services.exe,
    // lsaiso.exe, lsass.exe; DFIR handbook "lsaiso.exe": parent wininit.exe, command line
    // C:\Windows\System32\lsaiso.exe).
    if (machine.settings.vbs)
      start(
        wininit,
        SYSTEM32 + 'LsaIso.exe',
        'C:\\Windows\\System32\\lsaiso.exe',
        undefined,
        TRUSTLET_ID.LsaIso,
      );
    start(wininit, SYSTEM32 + 'lsass.exe', 'C:\\Windows\\system32\\lsass.exe');
    start(services, SYSTEM32 + 'svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p');
    start(services, SYSTEM32 + 'svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p');
    // SysMain asks the store manager for the system store: SmFirstTimeInit makes "MemCompression".
    SmFirstTimeInit(kernel);
    start(
      services,
      'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2211.5-0\\MsMpEng.exe',
      '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2211.5-0\\MsMpEng.exe"',
    );
    const userinit = start(
      winlogon,
      SYSTEM32 + 'userinit.exe',
      'C:\\Windows\\system32\\userinit.exe',
      userTokens.limited,
    );
    explorer = start(userinit, 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE');
    exit(userinit);
  } else {
    explorer = start(wininit, 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE', userTokens.limited);
  }
  return { machine, kernel, explorer, userToken: userTokens.limited };
}

/**
 * SmpInitializeKnownDlls: smss maps every DLL listed under Session Manager\KnownDLLs that exists in
 * System32 as a permanent, named image section `\KnownDlls\<name>`, and links
 * `\KnownDlls\KnownDllPath` to the system directory — the loader opens these sections by name
 * instead of searching (Windows Internals 7, ch. 3 "Image loader": KnownDLLs; ReactOS base/system/
 * smss/smutil.c SmpInitializeKnownDllsInternal). A listed DLL the disk lacks is skipped.
 */
export function SmpInitializeKnownDlls(kernel: Kernel, machine: Machine, smss: EPROCESS): string[] {
  const key = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs';
  const values = enumerateWin32Values(machine.registry, key).values ?? [];
  const names = values
    .map((v) => readRegSz(v))
    .filter((n): n is string => n !== null && n.toLowerCase().endsWith('.dll'));
  // ntdll.dll is always a KnownDLL: smss adds it to the registry's list (WinObj shows
  // \KnownDlls\ntdll.dll on every Windows 10; ReactOS smutil.c handles it first).
  if (!names.some((n) => n.toLowerCase() === 'ntdll.dll')) names.unshift('ntdll.dll');
  const ns = kernel.ob.namespace;
  if (!ns.lookup('\\KnownDlls\\KnownDllPath', { openLink: true }).object)
    ns.createSymbolicLink('\\KnownDlls\\KnownDllPath', 'C:\\Windows\\System32');
  const caller = kernel.caller(smss);
  const mapped: string[] = [];
  for (const name of names) {
    const r = PsCreateImageSection(
      kernel.ps,
      caller,
      `\\??\\C:\\Windows\\System32\\${name}`,
      SECTION_MAP_READ_EXECUTE,
      OBJ_PERMANENT,
      `\\KnownDlls\\${name}`,
    );
    if (r.SectionHandle === undefined) continue;
    ObCloseHandle(kernel.ob, smss, r.SectionHandle, UserMode);
    mapped.push(name);
  }
  return mapped;
}
