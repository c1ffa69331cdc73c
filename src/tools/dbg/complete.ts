import { fieldNames } from './dt.js';
import { COMMANDS, type DbgEngine } from './engine.js';

/**
 * Tab completion for the REPL (node:readline's completer): command names, then for `dt` the
 * layout table's types and a type's fields, and module names after `lm m` / `x` / `u`.
 */
export function completeLine(engine: DbgEngine, line: string): [string[], string] {
  const parts = line.split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  const pick = (all: readonly string[]) => {
    const hits = all.filter((c) => c.toLowerCase().startsWith(last.toLowerCase()));
    return [hits.length ? hits : [], last] as [string[], string];
  };
  if (parts.length <= 1) return pick(Object.keys(COMMANDS));
  const cmd = parts[0]!.toLowerCase();
  if (cmd === 'dt') {
    if (parts.length === 2) {
      const prefix = last.includes('!') ? last.slice(0, last.indexOf('!') + 1) : '';
      return pick(Object.keys(engine.layout.structs).map((t) => prefix + t));
    }
    const type = parts[1]!.replace(/^.*!/, '');
    return pick(fieldNames(engine.layout, type));
  }
  const modules = engine.target.modules().map((m) => m.name);
  if (cmd === 'x' || cmd === 'u') return pick(modules.map((m) => `${m}!`));
  if (cmd.startsWith('lm')) return pick(modules);
  return [[], last];
}
