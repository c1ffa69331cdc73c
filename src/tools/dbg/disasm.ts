import { createRequire } from 'node:module';
import { DbgError } from './errors.js';
import { addr64 } from './format.js';
import { symbolize } from './modules.js';
import type { DbgSession } from './session.js';

/**
 * `u <address> [L<count>]`: disassembly of the bytes at an address of the implicit process (mapped
 * image pages), by iced-x86 (icedland/iced's WebAssembly build, MIT) with its MASM formatter, laid
 * out as WinDbg does (Microsoft Learn, "u, ub, uu (Unassemble)"; the ntdll stub shape
 * `00007ffa`e7d4e5f0 4c8bd1          mov     r10,rcx`): a `module!symbol+0xoff:` line, then address,
 * bytes padded to 16 columns, mnemonic padded to 8; branch targets as `symbol (address)`.
 */
interface Iced {
  Decoder: new (bitness: number, data: Uint8Array, options: number) => IcedDecoder;
  DecoderOptions: { None: number };
  Formatter: new (syntax: number) => IcedFormatter;
  FormatterSyntax: { Masm: number };
}
interface IcedDecoder {
  ip: bigint;
  readonly canDecode: boolean;
  decode(): IcedInstruction;
  free(): void;
}
interface IcedInstruction {
  readonly ip: bigint;
  readonly length: number;
  readonly isInvalid: boolean;
  readonly nearBranchTarget: bigint;
  free(): void;
}
interface IcedFormatter {
  firstOperandCharIndex: number;
  spaceAfterOperandSeparator: boolean;
  showBranchSize: boolean;
  branchLeadingZeros: boolean;
  format(i: IcedInstruction): string;
  free(): void;
}

let iced: Iced | null = null;
function loadIced(): Iced {
  // The package is CommonJS (wasm-bindgen's nodejs target), loaded on first use of `u`.
  iced ??= createRequire(import.meta.url)('iced-x86') as Iced;
  return iced;
}

export function unassemble(args: string, s: DbgSession): string[] {
  const m = /^(.*?)(?:\s+[lL](\S+))?\s*$/.exec(args.trim());
  const exprText = m?.[1]?.trim();
  if (!exprText) throw new DbgError('An address is required');
  const start = s.evaluate(exprText);
  const count = m?.[2] !== undefined ? Number(s.evaluate(m[2])) : 8;
  if (count <= 0 || count > 0x1000) throw new DbgError(`Range error in '${args.trim()}'`);
  const bytes = s.target.read(start, count * 15);
  const mods = s.target.modules();
  const sym = (a: bigint): string | null => (a < 2n ** 53n ? symbolize(mods, Number(a)) : null);
  const out: string[] = [];
  const head = sym(start);
  if (head) out.push(`${head}:`);
  if (bytes.length === 0) return [...out, `${addr64(start)} ??              ???`];
  const I = loadIced();
  const decoder = new I.Decoder(64, bytes, I.DecoderOptions.None);
  decoder.ip = start;
  const fmt = new I.Formatter(I.FormatterSyntax.Masm);
  fmt.firstOperandCharIndex = 8;
  fmt.showBranchSize = false;
  fmt.branchLeadingZeros = false;
  try {
    let offset = 0;
    for (let n = 0; n < count; n++) {
      if (!decoder.canDecode) {
        out.push(`${addr64(start + BigInt(offset))} ??              ???`);
        break;
      }
      const ins = decoder.decode();
      const raw = [...bytes.subarray(offset, offset + ins.length)]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      let text = ins.isInvalid ? '???' : fmt.format(ins);
      const target = ins.nearBranchTarget;
      if (!ins.isInvalid && target !== 0n) {
        const name = sym(target);
        const where = `${name ?? ''}${name ? ' ' : ''}(${addr64(target)})`;
        text = text.replace(/[0-9A-F]+h$/, where);
      }
      out.push(`${addr64(ins.ip)} ${raw.padEnd(15)} ${text}`);
      offset += ins.length;
      ins.free();
    }
  } finally {
    decoder.free();
    fmt.free();
  }
  return out;
}
