import type { PeExportSpec, PeSpec } from '../../pe/index.js';

/**
 * A system image is a manifest: the files a Windows install has that process creation touches,
 * each as a PeSpec the PE writer turns into bytes on first use. Every entry says where its facts
 * come from.
 */
export interface ManifestFile {
  /** Win32 path on the simulated disk, e.g. `C:\Windows\System32\kernel32.dll`. */
  path: string;
  /** Where the facts (exports, imports, subsystem, signature) come from. */
  source: string;
  pe: PeSpec;
}

/**
 * A manifest entry whose PeSpec is built on first use: the image's export and import lists are
 * parsed when a file is first synthesized, so assembling a machine costs nothing per file.
 */
export function lazyManifest(entry: { path: string; source: string; pe: () => PeSpec }): ManifestFile {
  let spec: PeSpec | undefined;
  return {
    path: entry.path,
    source: entry.source,
    get pe(): PeSpec {
      return (spec ??= entry.pe());
    },
  };
}

/**
 * Export lists are kept as text, one export a line, so thousands of names stay compact data:
 *   `Name`                 by name, ordinal assigned
 *   `Name #7`              by name at ordinal 7
 *   `Name -> dll.Func`     a forwarder (`dll.#12` forwards by ordinal)
 *   `Name #7 -> dll.Func`  both
 *   `#7` / `#7 -> dll.F`   ordinal-only
 * Blank lines and lines starting with `;` are ignored.
 */
export function exportList(text: string): PeExportSpec[] {
  const out: PeExportSpec[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith(';')) continue;
    const [left, forward] = line.split(' -> ') as [string, string | undefined];
    const parts = left.split(' ');
    let name: string | undefined;
    let ordinal: number | undefined;
    for (const p of parts) {
      if (/^#\d+$/.test(p)) ordinal = Number(p.slice(1));
      else if (p) name = p;
    }
    const e: { name?: string; ordinal?: number; forward?: string } = {};
    if (name !== undefined) e.name = name;
    if (ordinal !== undefined) e.ordinal = ordinal;
    if (forward !== undefined) e.forward = forward.trim();
    out.push(Object.keys(e).length === 1 && name !== undefined ? name : e);
  }
  return out;
}

/**
 * Import lists as text, one DLL a line: `ntdll.dll: NtClose NtOpenFile #12`. Blank lines and
 * lines starting with `;` are ignored. Order is kept (it is the import descriptor order).
 */
export function importList(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith(';')) continue;
    const colon = line.indexOf(':');
    const dll = line.slice(0, colon).trim();
    out[dll] = [
      ...(out[dll] ?? []),
      ...line
        .slice(colon + 1)
        .trim()
        .split(/\s+/)
        .filter(Boolean),
    ];
  }
  return out;
}
