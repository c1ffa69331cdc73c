import { resolveField } from '../../base/index.js';
import { DbgError } from './errors.js';
import { hex16, hexPad, stampText } from './format.js';
import { words, type DbgSession } from './session.js';

/**
 * `!peb [address]` and `!teb [address]` in the implicit process (kernel mode needs `.process /p`
 * first: internals.md §11). The `!peb` lines and their order are those of the Windows 10 x64
 * transcript in internals.md §11; every value is read from the process's memory at the layout
 * table's offsets, as the extension reads it through the PEB's type information.
 */
export function bangPeb(args: string, s: DbgSession): string[] {
  const t = s.target;
  const argv = words(args);
  const peb = argv.length ? s.evaluate(argv.join(' ')) : BigInt(t.process.Peb);
  if (peb === 0n) return ['PEB NULL...'];
  const L = s.layout;
  const at = (struct: string, path: string) => resolveField(L, struct, path).offset;
  const mem = new Mem(s);
  const P = (path: string) => peb + BigInt(at('_PEB', path));
  const yesNo = (v: bigint) => (v ? 'Yes' : 'No');
  if (t.read(peb, 8).length < 8) throw new DbgError(`error 1 InitTypeRead( nt!_PEB at ${hex16(peb)})`);
  const out = [
    `PEB at ${hex16(peb)}`,
    `    InheritedAddressSpace:    ${yesNo(mem.u(P('InheritedAddressSpace'), 1))}`,
    `    ReadImageFileExecOptions: ${yesNo(mem.u(P('ReadImageFileExecOptions'), 1))}`,
    `    BeingDebugged:            ${yesNo(mem.u(P('BeingDebugged'), 1))}`,
    `    ImageBaseAddress:         ${hex16(mem.u(P('ImageBaseAddress'), 8))}`,
    `    NtGlobalFlag:             ${mem.u(P('NtGlobalFlag'), 4).toString(16)}`,
    `    NtGlobalFlag2:            ${mem.u(P('NtGlobalFlag2'), 4).toString(16)}`,
  ];
  const ldr = mem.u(P('Ldr'), 8);
  out.push(`    Ldr                       ${hex16(ldr)}`);
  if (ldr !== 0n) {
    const D = (path: string) => ldr + BigInt(at('_PEB_LDR_DATA', path));
    const list = (name: string) =>
      `${hex16(mem.u(D(`${name}.Flink`), 8))} . ${hex16(mem.u(D(`${name}.Blink`), 8))}`;
    out.push(
      `    Ldr.Initialized:          ${yesNo(mem.u(D('Initialized'), 1))}`,
      `    Ldr.InInitializationOrderModuleList: ${list('InInitializationOrderModuleList')}`,
      `    Ldr.InLoadOrderModuleList:           ${list('InLoadOrderModuleList')}`,
      `    Ldr.InMemoryOrderModuleList:         ${list('InMemoryOrderModuleList')}`,
      '                    Base TimeStamp                     Module',
    );
    for (const m of t.modules()) {
      const stamp = m.image?.fileHeader.TimeDateStamp ?? 0;
      out.push(`    ${m.base.toString(16).padStart(16)} ${hexPad(stamp, 8)} ${stampText(stamp)} ${m.path}`);
    }
  }
  out.push(
    `    SubSystemData:     ${hex16(mem.u(P('SubSystemData'), 8))}`,
    `    ProcessHeap:       ${hex16(mem.u(P('ProcessHeap'), 8))}`,
  );
  const pp = mem.u(P('ProcessParameters'), 8);
  out.push(`    ProcessParameters: ${hex16(pp)}`);
  if (pp !== 0n) {
    const R = (path: string) => pp + BigInt(at('_RTL_USER_PROCESS_PARAMETERS', path));
    out.push(
      `    CurrentDirectory:  '${mem.unicode(R('CurrentDirectory.DosPath'))}'`,
      `    WindowTitle:  '${mem.unicode(R('WindowTitle'))}'`,
      `    ImageFile:    '${mem.unicode(R('ImagePathName'))}'`,
      `    CommandLine:  '${mem.unicode(R('CommandLine'))}'`,
      `    DllPath:      '${mem.unicode(R('DllPath'))}'`,
    );
    const env = mem.u(R('Environment'), 8);
    out.push(`    Environment:  ${hex16(env)}`);
    const size = Number(mem.u(R('EnvironmentSize'), 8));
    for (const v of mem.environment(env, size)) out.push(`        ${v}`);
  }
  return out;
}

/** `!teb`: the NT_TIB and the TEB fields dbgeng's extension prints, in its order. */
export function bangTeb(args: string, s: DbgSession): string[] {
  const t = s.target;
  const argv = words(args);
  const teb = argv.length ? s.evaluate(argv.join(' ')) : BigInt(t.thread?.Teb ?? 0);
  if (teb === 0n) return ['TEB at 0000000000000000', '    error InitTypeRead( TEB )...'];
  if (t.read(teb, 8).length < 8) return [`TEB at ${hex16(teb)}`, '    error InitTypeRead( TEB )...'];
  const mem = new Mem(s);
  const F = (path: string) => teb + BigInt(resolveField(s.layout, '_TEB', path).offset);
  const q = (path: string) => hex16(mem.u(F(path), 8));
  const d = (path: string) => mem.u(F(path), 4).toString(16);
  return [
    `TEB at ${hex16(teb)}`,
    `    ExceptionList:        ${q('NtTib.ExceptionList')}`,
    `    StackBase:            ${q('NtTib.StackBase')}`,
    `    StackLimit:           ${q('NtTib.StackLimit')}`,
    `    SubSystemTib:         ${q('NtTib.SubSystemTib')}`,
    `    FiberData:            ${q('NtTib.FiberData')}`,
    `    ArbitraryUserPointer: ${q('NtTib.ArbitraryUserPointer')}`,
    `    Self:                 ${q('NtTib.Self')}`,
    `    EnvironmentPointer:   ${q('EnvironmentPointer')}`,
    `    ClientId:             ${q('ClientId.UniqueProcess')} . ${q('ClientId.UniqueThread')}`,
    `    RpcHandle:            ${q('ActiveRpcHandle')}`,
    `    Tls Storage:          ${q('ThreadLocalStoragePointer')}`,
    `    PEB Address:          ${q('ProcessEnvironmentBlock')}`,
    `    LastErrorValue:       ${mem.u(F('LastErrorValue'), 4)}`,
    `    LastStatusValue:      ${d('LastStatusValue')}`,
    `    Count Owned Locks:    ${mem.u(F('CountOfOwnedCriticalSections'), 4)}`,
    `    HardErrorMode:        ${d('HardErrorMode')}`,
  ];
}

/** Little reads through the target: unreadable bytes read as 0, strings as `< Name not readable >`. */
class Mem {
  constructor(private readonly s: DbgSession) {}
  u(at: bigint, size: number): bigint {
    const b = this.s.target.read(at, size);
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    return v;
  }
  /** A UNICODE_STRING at `at`. */
  unicode(at: bigint): string {
    const len = Number(this.u(at, 2));
    const buf = this.u(at + 8n, 8);
    if (len === 0) return '';
    const b = this.s.target.read(buf, len);
    if (b.length < len) return '< Name not readable >';
    let text = '';
    for (let i = 0; i + 1 < len; i += 2) text += String.fromCharCode(b[i]! | (b[i + 1]! << 8));
    return text;
  }
  /** The environment block's NAME=value strings (up to the empty one, within `size` bytes). */
  environment(at: bigint, size: number): string[] {
    if (at === 0n) return [];
    const b = this.s.target.read(at, Math.min(size > 0 ? size : 0x8000, 0x10000));
    const out: string[] = [];
    let cur = '';
    for (let i = 0; i + 1 < b.length; i += 2) {
      const c = b[i]! | (b[i + 1]! << 8);
      if (c !== 0) cur += String.fromCharCode(c);
      else if (cur === '') break;
      else {
        out.push(cur);
        cur = '';
      }
    }
    return out;
  }
}
