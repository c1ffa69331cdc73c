import { ModelError, STATUS } from '../../base/index.js';
import { ObCloseHandle } from '../ob/index.js';
import { KernelMode } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PsCreateMinimalProcess } from './minimal-process.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';

/**
 * PspCreateSecureSystemProcess (PspInitPhase1, only when VslVsmEnabled; reference §7, from the
 * decompiled callers of PsCreateMinimalProcess): the "Secure System" minimal process, the secure
 * kernel's stand-in among VTL0's processes — no image, no command line, parent System, running as
 * SYSTEM (Windows Internals 7, Part 1, ch. 3 "Minimal processes"; a process-reference page quoted in
 * the notes: "present only when VBS is enabled, has no on-disk image and no command line, and is
 * parented by System"). Phase 1 makes it before CmInitSystem1's "Registry", so it takes the first
 * id after System's. The kernel handle PsCreateMinimalProcess gave is closed; the process stays.
 */
export function PspCreateSecureSystemProcess(ps: PsSystem): EPROCESS {
  const system = ps.systemProcess;
  if (!system) throw new ModelError('ps.secureSystem', 'the System process does not exist yet');
  const caller: PsCaller = { process: system, thread: system.threads[0] ?? null, previousMode: KernelMode };
  const r = ps.deps.trace.call(
    { layer: 'kernel', module: 'nt', fn: 'PspCreateSecureSystemProcess', channel: 'ps', args: {} },
    () => {
      const created = PsCreateMinimalProcess(ps, caller, { Name: 'Secure System' });
      return { status: created.status, value: created };
    },
  ).value;
  if (!r?.process)
    throw new ModelError(
      'ps.secureSystem',
      `"Secure System" could not be created: 0x${((r?.status ?? 0) >>> 0).toString(16)}`,
    );
  if (ObCloseHandle(ps.deps.ob, system, r.ProcessHandle!, KernelMode) !== STATUS.SUCCESS)
    throw new ModelError('ps.secureSystem', 'the "Secure System" handle did not close');
  return r.process;
}
