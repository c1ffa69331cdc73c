import { STATUS } from '../../../base/index.js';
import { IoListDirectory } from '../../../kernel/io/index.js';
import { enumerateWin32Values, readRegSz } from '../../../kernel/cm/index.js';
import type { Machine } from '../../../system/machine.js';

export interface MachineView {
  image: string;
  settings: Machine['settings'];
  volumes: { dosName: string; device: string; fileSystem: string }[];
  system32: { fileSystem: string; files: number };
  apiSetSchema: { source: string; status: string; contracts: number | null };
  knownDlls: string[];
  userSid: string;
}

/** A summary of an assembled machine: what `--system-root` changed, what the registry says. */
export function describeMachine(m: Machine): MachineView {
  const sys32 = IoListDirectory(m.namespace, '\\??\\C:\\Windows\\System32');
  const api = m.apiSetSchema;
  const kd =
    enumerateWin32Values(m.registry, 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs')
      .values ?? [];
  return {
    image: m.image.name,
    settings: m.settings,
    volumes: [{ dosName: 'C:', device: '\\Device\\HarddiskVolume3', fileSystem: m.systemDrive.description }],
    system32: {
      fileSystem: m.systemRoot ? `${m.systemRoot.description} over the embedded System32` : 'embedded',
      files: (sys32.entries ?? []).filter((e) => !e.isDirectory).length,
    },
    apiSetSchema: {
      source: api.source,
      status: api.status === STATUS.SUCCESS ? 'STATUS_SUCCESS' : '0x' + api.status.toString(16),
      contracts: api.schema?.contracts.length ?? null,
    },
    knownDlls: kd
      .map((v) => readRegSz(v))
      .filter((s): s is string => s !== null && s.toLowerCase().endsWith('.dll')),
    userSid: m.userSid,
  };
}

export function formatMachineView(v: MachineView): string {
  return (
    [
      `image          ${v.image}`,
      `settings       safeDllSearchMode=${v.settings.safeDllSearchMode} vbs=${v.settings.vbs} lsaRunAsPpl=${v.settings.lsaRunAsPpl}`,
      ...v.volumes.map((x) => `volume         ${x.dosName} → ${x.device} (${x.fileSystem})`),
      `System32       ${v.system32.files} files (${v.system32.fileSystem})`,
      `API set schema ${v.apiSetSchema.contracts ?? 'none'} contracts from ${v.apiSetSchema.source}`,
      `KnownDLLs      ${v.knownDlls.join(' ')}`,
      `user           ${v.userSid}`,
    ].join('\n') + '\n'
  );
}
