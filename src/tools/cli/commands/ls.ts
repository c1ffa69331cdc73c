import { hexStatus, ntStatusName, STATUS } from '../../../base/index.js';
import { IoListDirectory, IoStatFile, type FsEntry } from '../../../kernel/io/index.js';
import type { Machine } from '../../../system/machine.js';

export interface LsView {
  path: string;
  status: string;
  statusName: string;
  entries: FsEntry[] | null;
}

/** A directory of the simulated disk (or one file), by Win32 path. */
export function listPath(machine: Machine, path: string): LsView {
  const nt = machine.ntPath(path);
  let status = nt.status;
  let entries: FsEntry[] | null = null;
  if (status === STATUS.SUCCESS) {
    const st = IoStatFile(machine.namespace, nt.ntPath);
    status = st.status;
    if (st.entry && !st.entry.isDirectory) entries = [st.entry];
    else if (st.entry) {
      const l = IoListDirectory(machine.namespace, nt.ntPath);
      status = l.status;
      entries = l.entries ?? null;
    }
  }
  return { path, status: hexStatus(status), statusName: ntStatusName(status), entries };
}

export function formatLsView(v: LsView): string {
  if (!v.entries) return `${v.path}: ${v.statusName}\n`;
  const rows = v.entries.map(
    (e) => `${e.isDirectory ? '<DIR>'.padEnd(12) : String(e.size).padStart(12)}  ${e.name}`,
  );
  return (
    [
      ` Directory of ${v.path}`,
      '',
      ...rows,
      '',
      `${v.entries.filter((e) => !e.isDirectory).length} File(s), ${v.entries.filter((e) => e.isDirectory).length} Dir(s)`,
    ].join('\n') + '\n'
  );
}
