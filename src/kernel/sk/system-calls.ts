/**
 * The system calls the secure kernel forwards to the NT kernel for a trustlet. Windows Internals 7
 * (Part 1, ch. 3, "Trustlet-accessible system calls") describes the Secure Kernel as exposing only a
 * subset — fewer than 50 — of NT's services: those the IUM-approved DLLs need, RPC over ALPC and ETW;
 * paragmali ("VBS Trustlets: What Actually Runs in the Secure Kernel", 2026) counts 48 of about 480.
 * The groups below are that chapter's table, filled with the 22H2 service names of each group; no
 * public source lists the exact per-build names, so the members are the model's reading of the groups.
 * Not in any group, and so refused: file I/O (NtCreateFile, NtReadFile, NtWriteFile…), the registry,
 * process creation (NtCreateUserProcess, NtCreateProcessEx), opening other processes, cross-process
 * memory, debugging, and everything win32k (which has no shadow table in the model anyway).
 */
export const SK_TRUSTLET_SYSTEM_CALL_GROUPS: Readonly<Record<string, readonly string[]>> = {
  /** Worker factory and thread APIs: the thread pool (RPC needs it). */
  workerFactoryAndThread: [
    'NtCreateWorkerFactory',
    'NtReleaseWorkerFactoryWorker',
    'NtSetInformationWorkerFactory',
    'NtShutdownWorkerFactory',
    'NtWaitForWorkViaWorkerFactory',
    'NtWorkerFactoryWorkerReady',
    'NtCreateThreadEx',
    'NtTerminateThread',
  ],
  /** Process information: TLS slots and thread stacks; and ending itself. */
  process: ['NtQueryInformationProcess', 'NtTerminateProcess'],
  /** Events, semaphores, waits and completion: the thread pool and synchronisation. */
  synchronization: [
    'NtCreateEvent',
    'NtSetEvent',
    'NtCreateSemaphore',
    'NtReleaseSemaphore',
    'NtWaitForSingleObject',
    'NtWaitForMultipleObjects',
    'NtCreateIoCompletion',
    'NtSetIoCompletion',
    'NtRemoveIoCompletion',
    'NtClose',
  ],
  /** Windows Notification Facility: secure boot notifications. */
  wnf: ['NtSubscribeWnfStateChange', 'NtQueryWnfStateData', 'NtUpdateWnfStateData'],
  /** ALPC: RPC over ALPC, the trustlet's only way to talk to its VTL0 agent (lsass for LsaIso). */
  alpc: [
    'NtAlpcConnectPort',
    'NtAlpcCreatePort',
    'NtAlpcAcceptConnectPort',
    'NtAlpcSendWaitReceivePort',
    'NtAlpcDisconnectPort',
    'NtAlpcQueryInformation',
  ],
  /** System information: basic/NUMA information for kernelbase and the thread pool, secure boot state. */
  systemInformation: ['NtQuerySystemInformation'],
  /** Token: the minimal support RPC impersonation needs. */
  token: ['NtQueryInformationToken'],
  /** Virtual memory: the user-mode heap in its own address space. */
  virtualMemory: [
    'NtAllocateVirtualMemory',
    'NtFreeVirtualMemory',
    'NtProtectVirtualMemory',
    'NtQueryVirtualMemory',
  ],
  /**
   * Sections: the loader's DLL images and secure sections. The loader reaches its images through
   * NtOpenFile and \KnownDlls (the model's loader, ntdll/ldr: NtOpenSection, the KnownDllPath link),
   * so the open-only image path is here; NtCreateFile (CreateFileW) is not.
   */
  sections: [
    'NtCreateSection',
    'NtOpenSection',
    'NtMapViewOfSection',
    'NtUnmapViewOfSection',
    'NtOpenFile',
    'NtQueryAttributesFile',
    'NtOpenSymbolicLinkObject',
    'NtQuerySymbolicLinkObject',
  ],
  /** ETW: tracing, when the trustlet's Etw policy allows it. */
  etw: ['NtTraceControl', 'NtTraceEvent'],
  /** Structured exception handling. */
  exceptions: ['NtContinue', 'NtRaiseException'],
};

/** Every forwarded service, by name. */
export const SK_TRUSTLET_SYSTEM_CALLS: ReadonlySet<string> = new Set(
  Object.values(SK_TRUSTLET_SYSTEM_CALL_GROUPS).flat(),
);

/** Whether the secure kernel forwards `service` (a KiServiceTable name) for a trustlet. */
export function SkIsSystemCallAllowed(service: string | undefined): boolean {
  return service !== undefined && SK_TRUSTLET_SYSTEM_CALLS.has(service);
}
