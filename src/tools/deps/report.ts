import type { LdrSearchStep } from '../../ntdll/index.js';

/** One place the loader searched before it found a module (a planted DLL there would have won). */
export interface DepsProbe {
  step: LdrSearchStep;
  path: string;
  /** The host file that would be probed there, when the folder is a host folder; else null. */
  hostPath: string | null;
}

/** A module in the process at its entry point (cli.md `ntsim deps`), the exe excluded. */
export interface DepsModule {
  name: string;
  /** The Win32 path (FullDllName). */
  path: string;
  /** The host file behind it, or null for a file of the embedded image. */
  hostPath: string | null;
  /** `0x…` */
  base: string;
  /** cli.md's search steps, plus `ntdll` (mapped by the kernel), `local`, `dllLoadDir`, `userDir`, `fullPath`. */
  resolvedBy: string;
  /** `api-ms-win-core-synch-l1-2-0.dll → kernelbase.dll` when resolvedBy is apiSet. */
  apiSet: string | null;
  importedBy: string[];
  delayLoad: boolean;
  /** The places probed before the hit, in search order (the DLL-hijacking view). */
  probed: DepsProbe[];
}

/** `ntsim deps` JSON (../shared/spec/cli.md). */
export interface DepsReport {
  image: string;
  status: string;
  statusName: string;
  modules: DepsModule[];
  loadOrder: string[];
  initOrder: string[];
  missing: { name: string; importedBy: string }[];
  unresolved: {
    dll: string;
    function: string | null;
    ordinal: number | null;
    importedBy: string;
    status: string;
  }[];
}
