import { ModelError } from '../../base/index.js';
import type { BootedMachine } from '../../system/boot.js';
import { dt } from './dt.js';
import { DbgError, syntaxError } from './errors.js';
import { evaluate } from './expr.js';
import { evaluateLine } from './format.js';
import { unassemble } from './disasm.js';
import { HELP } from './help.js';
import { displayMemory } from './memory.js';
import { bangDlls, examineSymbols, listModules, resolveSymbol } from './module-commands.js';
import { bangHandle, bangObject, bangToken } from './objects.js';
import { bangPeb, bangTeb } from './peb-teb.js';
import { bangProcess, dotProcess, pseudoRegister, registerCommand } from './process.js';
import { DEFAULT_LAYOUT, type DbgCommand, type DbgSession } from './session.js';
import { DbgTarget } from './target.js';

/** The kd prompt (processor 0 of a kernel debugging session). */
export const PROMPT = '0: kd> ';

/** Commands by name: `!` extensions, `.` meta-commands and the regular commands. */
export const COMMANDS: Readonly<Record<string, DbgCommand>> = {
  '!process': bangProcess,
  '!peb': bangPeb,
  '!teb': bangTeb,
  '!handle': bangHandle,
  '!object': bangObject,
  '!token': bangToken,
  '!dlls': bangDlls,
  '.process': dotProcess,
  '.help': () => [...HELP],
  '?': (args, s) => [evaluateLine(s.evaluate(args))],
  r: registerCommand,
  dt,
  db: (a, s) => displayMemory('b', a, s),
  dw: (a, s) => displayMemory('w', a, s),
  dd: (a, s) => displayMemory('d', a, s),
  dq: (a, s) => displayMemory('q', a, s),
  du: (a, s) => displayMemory('u', a, s),
  da: (a, s) => displayMemory('a', a, s),
  u: unassemble,
  lm: listModules,
  x: examineSymbols,
};

/**
 * The WinDbg-style console's engine: one per machine; `execute` runs a line of `;`-separated
 * commands and returns their output. The same engine answers `ntsim dbg` (REPL and `-c`) and the
 * scenario `query: dbg` steps. A bad command never throws: it prints dbgeng's error text.
 */
export class DbgEngine implements DbgSession {
  readonly target: DbgTarget;
  readonly layout = DEFAULT_LAYOUT;

  constructor(booted: BootedMachine) {
    this.target = new DbgTarget(booted);
  }

  evaluate(text: string): bigint {
    return evaluate(text, {
      pseudoRegister: (name) => pseudoRegister(this.target, name),
      symbol: (sym) => resolveSymbol(this, sym),
      readInt: (address, size) => {
        const b = this.target.read(address, size);
        if (b.length < size) return undefined;
        let v = 0n;
        for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        return v;
      },
    });
  }

  /** Runs `cmd; cmd …`; the text ends with a newline unless empty. */
  execute(line: string): string {
    this.target.refresh();
    const out: string[] = [];
    // Line by line: a listing of 100,000 processes is more lines than a spread may pass.
    for (const cmd of splitCommands(line)) for (const l of this.run(cmd)) out.push(l);
    return out.length ? out.join('\n') + '\n' : '';
  }

  private run(cmd: string): string[] {
    const { name, args } = parseCommand(cmd);
    if (!name) return [];
    const fn = Object.hasOwn(COMMANDS, name.toLowerCase()) ? COMMANDS[name.toLowerCase()] : undefined;
    try {
      if (!fn) {
        if (name.startsWith('!')) return [`No export ${name.slice(1)} found`];
        throw syntaxError(cmd);
      }
      return fn(args, this);
    } catch (e) {
      if (e instanceof DbgError) return [e.message];
      // A layout or model check failing on odd input is the command's error, not a crash.
      if (e instanceof ModelError) return [`Error: ${e.message}`];
      throw e;
    }
  }
}

/** `;` separates commands (Microsoft Learn, "Command Tokens"), outside quotes. */
export function splitCommands(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = false;
  for (const c of line) {
    if (c === '"') quote = !quote;
    if (c === ';' && !quote) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((c) => c.trim()).filter(Boolean);
}

/** The command name: `!ext`, `.meta`, `?`, or a word (`db`, `dt`, `lmv` → `lm v`). */
export function parseCommand(cmd: string): { name: string; args: string } {
  const t = cmd.trim();
  if (t.startsWith('?')) return { name: '?', args: t.slice(1) };
  const m = /^([!.]?[A-Za-z_][\w]*)(.*)$/s.exec(t);
  if (!m) return { name: t.split(/\s/)[0] ?? '', args: '' };
  let name = m[1]!;
  let args = m[2]!;
  // `lmv m ntdll`, `lmm ntdll`: lm's options may be glued to it (Microsoft Learn, "lm").
  const lm = /^lm([a-z]+)$/i.exec(name);
  if (lm) {
    args = lm[1]!.split('').join(' ') + args;
    name = 'lm';
  }
  return { name, args };
}
