import { writePe, type PeSpec } from '../../src/pe/index.js';
import { bootMachine, type BootedMachine } from '../../src/system/boot.js';
import { Machine, type MachineSettings } from '../../src/system/machine.js';
import { startImage, type StartImageOptions, type StartedImage } from '../../src/system/start-image.js';
import { UserModeRuntime } from '../../src/system/user-mode.js';
import type { LdrGlobals, UserThreadContext } from '../../src/ntdll/index.js';

/** A DLL exporting `exports` (named functions), importing `imports`. */
export function dll(
  exports: string[] = [],
  imports: Record<string, string[]> = {},
  extra: PeSpec = {},
): PeSpec {
  return { kind: 'dll', exports, imports, ...extra };
}

export interface LoaderLab {
  booted: BootedMachine;
  runtime: UserModeRuntime;
  start(
    imagePath: string,
    o?: Partial<StartImageOptions>,
  ): StartedImage & { g: LdrGlobals; ctx: UserThreadContext };
  /** The routines the processor ran (DllMain, TLS callbacks), as `module:kind:reason`. */
  executed(pid: number): string[];
}

/**
 * A minimal-boot machine with synthesized images at the given Win32 paths (the project's PE
 * writer; each DllMain is a `mov eax, imm32; ret` stub the processor runs), and a way to start an
 * image to its entry point.
 */
export function loaderLab(
  files: Record<string, PeSpec>,
  o: { settings?: Partial<MachineSettings>; registry?: string } = {},
): LoaderLab {
  const machine = Machine.assemble(o.settings ? { settings: o.settings } : {});
  for (const [path, spec] of Object.entries(files)) machine.addFile(path, writePe(spec));
  if (o.registry) {
    const r = machine.importRegistryFile(o.registry);
    if (r.error) throw new Error(JSON.stringify(r.error));
  }
  const booted = bootMachine(machine, { mode: 'minimal' });
  const runtime = new UserModeRuntime(booted.kernel);
  return {
    booted,
    runtime,
    start(imagePath, so = {}) {
      const s = startImage(booted, runtime, { imagePath, ...so });
      const g = runtime.processData(s.process!).ldr!;
      const ctx = runtime.context(s.process!, s.thread!);
      return { ...s, g, ctx };
    },
    executed(pid) {
      return runtime.executed.filter((e) => e.pid === pid).map((e) => `${e.module}:${e.kind}:${e.reason}`);
    },
  };
}
