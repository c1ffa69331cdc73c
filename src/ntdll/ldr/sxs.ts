import { STATUS } from '../../base/index.js';
import { readManifest, type PeImage } from '../../pe/index.js';
import { NtCurrentProcess, type UserThreadContext } from './context.js';
import { LdrpCreateFileSection, LdrpMapWholeView } from './section-io.js';

const FILE_READ_DATA = 0x1;
const SECTION_MAP_READ = 0x4;
const SECTION_QUERY = 0x1;
const SEC_COMMIT = 0x8000000;
const PAGE_READONLY = 0x02;

/** One `<dependentAssembly>` of a manifest: the assembly's name and type. */
interface AssemblyReference {
  name: string;
  type: string | null;
}

const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? (m[2] ?? m[3] ?? '') : null;
};

/** The `<dependentAssembly><assemblyIdentity …/>` references of a manifest (any namespace prefix). */
export function manifestDependencies(xml: string): AssemblyReference[] {
  const out: AssemblyReference[] = [];
  const deps = /<(?:\w+:)?dependentAssembly\b[^>]*>([\s\S]*?)<\/(?:\w+:)?dependentAssembly>/gi;
  for (let m = deps.exec(xml); m; m = deps.exec(xml)) {
    const id = /<(?:\w+:)?assemblyIdentity\b[^>]*>/i.exec(m[1]!);
    const name = id ? attr(id[0], 'name') : null;
    if (name) out.push({ name, type: attr(id![0], 'type') });
  }
  return out;
}

/** The `<file name="…"/>` elements of a manifest: the DLLs its assembly holds. */
export function manifestFiles(xml: string): string[] {
  const out: string[] = [];
  const files = /<(?:\w+:)?file\b[^>]*>/gi;
  for (let m = files.exec(xml); m; m = files.exec(xml)) {
    const name = attr(m[0], 'name');
    if (name) out.push(name);
  }
  return out;
}

/**
 * A text file of the disk, read as user mode reads a file it maps: NtOpenFile, a SEC_COMMIT data
 * section over it, a read-only view; the bytes up to the first NUL (the view is page-padded).
 * Null when the file is absent.
 */
function readTextFile(ctx: UserThreadContext, ntPath: string): string | null {
  const s = LdrpCreateFileSection(ctx, ntPath, {
    fileAccess: FILE_READ_DATA,
    sectionAccess: SECTION_QUERY | SECTION_MAP_READ,
    pageProtection: PAGE_READONLY,
    allocationAttributes: SEC_COMMIT,
  });
  if (s.section === undefined) return null;
  const v = LdrpMapWholeView(ctx, s.section, PAGE_READONLY);
  ctx.nt.NtClose({ Handle: s.section });
  if (v.status !== STATUS.SUCCESS) return null;
  const base = Number(v.out!.BaseAddress);
  const bytes = ctx.memory.read(base, Math.min(Number(v.out!.ViewSize), 1 << 20));
  ctx.nt.NtUnmapViewOfSection({ ProcessHandle: NtCurrentProcess, BaseAddress: base });
  const end = bytes.indexOf(0);
  return new TextDecoder('utf-8').decode(end < 0 ? bytes : bytes.subarray(0, end)).replace(/^\ufeff/, '');
}

/**
 * Side-by-side redirection as far as private assemblies go (Microsoft Learn, "Assembly Searching
 * Sequence" and "Private Assemblies"): the exe's manifest — its RT_MANIFEST resource, or else
 * `<exe>.manifest` beside it — names dependent assemblies; each one that is not a Windows
 * assembly (`Microsoft.Windows.*`, which live in WinSxS, not modelled) is looked for as
 * `<appdir>\<name>.manifest`, then `<appdir>\<name>\<name>.manifest`, and the DLLs its `<file>`
 * elements list load from that assembly's folder before any search (resolvedBy `sxs`). `<file>`
 * elements of the exe's own manifest name DLLs of the application's assembly: its folder.
 * On Windows, CSRSS's sxs creates this activation context during CreateProcess and the loader
 * consults it; the model's loader builds the same redirection map itself at process start.
 */
export function LdrpSxsRedirection(
  ctx: UserThreadContext,
  exe: PeImage,
  imagePath: string,
  appDir: string,
): Map<string, string> {
  const map = new Map<string, string>();
  let xml: string | null = null;
  try {
    xml = readManifest(exe)?.text ?? null;
  } catch {
    xml = null;
  }
  xml ??= readTextFile(ctx, `\\??\\${imagePath}.manifest`);
  if (!xml) return map;
  for (const f of manifestFiles(xml)) map.set(f.toLowerCase(), appDir);
  for (const dep of manifestDependencies(xml)) {
    if (/^microsoft\.windows\./i.test(dep.name)) {
      ctx.trace.note(`SxS: ${dep.name} is a Windows assembly (WinSxS, not modelled)`);
      continue;
    }
    for (const [file, folder] of [
      [`${appDir}\\${dep.name}.manifest`, appDir],
      [`${appDir}\\${dep.name}\\${dep.name}.manifest`, `${appDir}\\${dep.name}`],
    ] as const) {
      const text = readTextFile(ctx, `\\??\\${file}`);
      if (text === null) continue;
      for (const f of manifestFiles(text)) map.set(f.toLowerCase(), folder);
      ctx.trace.note(`SxS: private assembly ${dep.name} at ${file}`);
      break;
    }
  }
  return map;
}
