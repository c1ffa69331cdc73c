import { statSync } from 'node:fs';
import { HostFolderFileSystem } from '../../host/index.js';
import { Machine, type MachineOptions } from '../../system/machine.js';
import { UsageError } from './usage-error.js';

/** `--system-root DIR` for every command that boots a machine. */
export interface MachineFlags {
  systemRoot?: string;
}

/** Assembles the machine a command works on; a bad --system-root is a usage error (exit 2). */
export function machineFromFlags(flags: MachineFlags): Machine {
  const options: MachineOptions = {};
  if (flags.systemRoot !== undefined) {
    let isDir = false;
    try {
      isDir = statSync(flags.systemRoot).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new UsageError(`--system-root ${flags.systemRoot}: not a directory`);
    options.systemRoot = new HostFolderFileSystem(flags.systemRoot);
  }
  return Machine.assemble(options);
}
