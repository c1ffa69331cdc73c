import { resolveField } from '../../base/index.js';
import { DbgError } from './errors.js';
import { addr64, hexPad, stampText } from './format.js';
import { exportSymbols, findModule, type DbgModule } from './modules.js';
import { words, type DbgSession } from './session.js';

/**
 * `lm`, `lmv m <module>`, `x <module>!<pattern>` and `!dlls` over the implicit process's modules
 * (the loader's InLoadOrderModuleList). Symbols are the images' export tables, as WinDbg has them
 * without PDBs ("export symbols"); no `.reload` is needed because the export directory is in the
 * mapped image. Shapes: Microsoft Learn "lm (List Loaded Modules)", "x (Examine Symbols)",
 * "!dlls".
 */
const LM_HEADER = 'start             end                 module name';

function lmLine(m: DbgModule): string {
  return `${addr64(m.base)} ${addr64(m.base + m.size)}   ${m.name.padEnd(8)}   (export symbols)       ${m.fileName}`;
}

/** A WinDbg wildcard (`*`, `?`), case-insensitive. */
export function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

export function listModules(args: string, s: DbgSession): string[] {
  const argv = words(args);
  let verbose = false;
  let pattern: RegExp | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === 'v') verbose = true;
    else if (a === 'm' && argv[i + 1] !== undefined) pattern = wildcard(argv[++i]!);
    else if (/^v?m$/.test(a)) throw new DbgError(`Missing module pattern in 'lm ${args.trim()}'`);
    else throw new DbgError(`       ^ Syntax error in 'lm ${args.trim()}'`);
  }
  const out = [LM_HEADER];
  for (const m of s.target.modules()) {
    if (pattern && !pattern.test(m.name)) continue;
    out.push(lmLine(m));
    if (verbose) {
      const stamp = m.image?.fileHeader.TimeDateStamp ?? 0;
      out.push(
        `    Loaded symbol image file: ${m.fileName}`,
        `    Image path: ${m.path}`,
        `    Image name: ${m.fileName}`,
        `    Timestamp:        ${stampText(stamp, true)} (${hexPad(stamp, 8).toUpperCase()})`,
        `    CheckSum:         ${hexPad(m.image?.optionalHeader.CheckSum ?? 0, 8).toUpperCase()}`,
        `    ImageSize:        ${hexPad(m.size, 8).toUpperCase()}`,
      );
    }
  }
  return out;
}

/** `x ntdll!Nt*Process*` → `00007ffa`e7d4e5f0 ntdll!NtCreateUserProcess (<no parameter info>)`. */
export function examineSymbols(args: string, s: DbgSession): string[] {
  const spec = args.trim();
  const bang = spec.indexOf('!');
  if (bang <= 0) throw new DbgError(`Couldn't resolve error at '${spec}'`);
  const modRe = wildcard(spec.slice(0, bang));
  const symRe = wildcard(spec.slice(bang + 1) || '*');
  const out: string[] = [];
  for (const m of s.target.modules()) {
    if (!modRe.test(m.name)) continue;
    for (const sym of exportSymbols(m))
      if (symRe.test(sym.name))
        out.push(`${addr64(sym.address)} ${m.name}!${sym.name} (<no parameter info>)`);
  }
  return out;
}

/** `module!name` or `module` → address (the expression evaluator's symbols). */
export function resolveSymbol(s: DbgSession, text: string): bigint | undefined {
  const mods = s.target.modules();
  const bang = text.indexOf('!');
  if (bang < 0) {
    const m = findModule(mods, text);
    return m ? BigInt(m.base) : undefined;
  }
  const m = findModule(mods, text.slice(0, bang));
  if (!m) return undefined;
  const want = text.slice(bang + 1).toLowerCase();
  const hit = exportSymbols(m).find((x) => x.name.toLowerCase() === want);
  return hit ? BigInt(hit.address) : undefined;
}

/**
 * `!dlls [-l|-m|-i]`: the loader's entries in load, memory or initialization order, with the
 * LDR_DATA_TABLE_ENTRY fields dbgeng's extension prints (read at the layout table's offsets).
 */
export function bangDlls(args: string, s: DbgSession): string[] {
  const t = s.target;
  const flag = words(args)[0] ?? '-l';
  const link = { '-l': 'InLoadOrderLinks', '-m': 'InMemoryOrderLinks', '-i': 'InInitializationOrderLinks' }[
    flag
  ];
  const head = {
    '-l': 'InLoadOrderModuleList',
    '-m': 'InMemoryOrderModuleList',
    '-i': 'InInitializationOrderModuleList',
  }[flag];
  if (!link || !head) throw new DbgError(`Unknown option '${flag}': !dlls [-l|-m|-i]`);
  const peb = BigInt(t.process.Peb);
  if (peb === 0n) return ['PEB NULL...'];
  const L = s.layout;
  const off = (struct: string, path: string) => BigInt(resolveField(L, struct, path).offset);
  const u = (at: bigint, size: number): bigint => {
    const b = t.read(at, size);
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    return v;
  };
  const ldr = u(peb + off('_PEB', 'Ldr'), 8);
  if (ldr === 0n) return ['Ldr is NULL'];
  const listHead = ldr + off('_PEB_LDR_DATA', head);
  const linkOff = off('_LDR_DATA_TABLE_ENTRY', link);
  const E = (entry: bigint, path: string) => entry + off('_LDR_DATA_TABLE_ENTRY', path);
  const out: string[] = [];
  const hex8 = (v: bigint) => `0x${hexPad(v, 8)}`;
  let count = 0;
  for (let at = u(listHead, 8); at !== listHead && at !== 0n && count < 4096; at = u(at, 8), count++) {
    const entry = at - linkOff;
    const nameLen = Number(u(E(entry, 'FullDllName.Length'), 2));
    const nameBuf = u(E(entry, 'FullDllName.Buffer'), 8);
    const nb = t.read(nameBuf, nameLen);
    let name = '';
    for (let i = 0; i + 1 < nb.length; i += 2) name += String.fromCharCode(nb[i]! | (nb[i + 1]! << 8));
    const ddag = u(E(entry, 'DdagNode'), 8);
    const loadCount = ddag ? u(ddag + off('_LDR_DDAG_NODE', 'LoadCount'), 4) : 0n;
    out.push(
      '',
      `0x${hexPad(entry, 16)}: ${name}`,
      `      Base   0x${hexPad(u(E(entry, 'DllBase'), 8), 12)}  EntryPoint  0x${hexPad(u(E(entry, 'EntryPoint'), 8), 12)}  Size        ${hex8(u(E(entry, 'SizeOfImage'), 4))}    DdagNode     0x${hexPad(ddag, 16)}`,
      `      Flags  ${hex8(u(E(entry, 'Flags'), 4))}  TlsIndex    ${hex8(u(E(entry, 'TlsIndex'), 2))}  LoadCount   ${hex8(loadCount)}`,
    );
  }
  out.push('', `${count} modules loaded`);
  return out;
}
