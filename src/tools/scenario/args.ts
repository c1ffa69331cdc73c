import { didYouMean } from '../spec/did-you-mean.js';
import { ScenarioError } from './errors.js';

/** What an argument of a call may be (scenario.md: documented parameter names, camelCase). */
export type ArgSpec =
  | { kind: 'string'; nullable?: boolean; optional?: boolean }
  | { kind: 'int'; optional?: boolean }
  | { kind: 'bool'; optional?: boolean }
  | { kind: 'flags'; table: Readonly<Record<string, number>>; what: string; optional?: boolean }
  /** A handle (a number, `0x…`, or a reference), a process id (a number, a reference, or {image}). */
  | { kind: 'handle'; optional?: boolean; nullable?: boolean }
  | { kind: 'pid'; optional?: boolean }
  | { kind: 'any'; optional?: boolean };

/** `$spawn.processId`: a reference to a field of an earlier step's result. */
export const REF = /^\$([A-Za-z_][\w-]*)\.([A-Za-z_][\w.]*)$/;

export function isRef(v: unknown): v is string {
  return typeof v === 'string' && REF.test(v);
}

/** Checks a reference's step id against the ids defined before this step. */
function checkRef(v: string, where: string, ids: ReadonlySet<string>): void {
  const id = REF.exec(v)![1]!;
  if (!ids.has(id)) {
    const hint = didYouMean(id, [...ids]);
    throw new ScenarioError(
      `${where}: no earlier step has id "${id}"${hint ? ` (did you mean ${hint}?)` : ''}`,
    );
  }
}

function checkFlags(
  v: unknown,
  spec: { table: Readonly<Record<string, number>>; what: string },
  where: string,
): void {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return;
  const names = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(names))
    throw new ScenarioError(`${where}: expected a list of ${spec.what} names or a number`);
  names.forEach((n, i) => {
    const at = typeof v === 'string' ? where : `${where}[${i}]`;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return;
    if (typeof n !== 'string') throw new ScenarioError(`${at}: expected a ${spec.what} name`);
    if (!(n in spec.table)) {
      const hint = didYouMean(n, Object.keys(spec.table));
      throw new ScenarioError(
        `${at}: unknown ${spec.what} ${JSON.stringify(n)}${hint ? ` (did you mean ${hint}?)` : ''}`,
      );
    }
  });
}

/** Validates a call's `args` against its specs (unknown names, types, flags, references). */
export function validateArgs(
  args: unknown,
  specs: Readonly<Record<string, ArgSpec>>,
  where: string,
  ids: ReadonlySet<string>,
): void {
  if (args === undefined) args = {};
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    throw new ScenarioError(`${where}: expected a mapping of arguments`);
  const given = args as Record<string, unknown>;
  for (const k of Object.keys(given))
    if (!(k in specs)) {
      const hint = didYouMean(k, Object.keys(specs));
      throw new ScenarioError(`${where}.${k}: unknown argument${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
  for (const [name, spec] of Object.entries(specs)) {
    const v = given[name];
    const at = `${where}.${name}`;
    if (v === undefined) {
      if (!spec.optional) throw new ScenarioError(`${at}: required`);
      continue;
    }
    if (isRef(v)) {
      checkRef(v, at, ids);
      continue;
    }
    switch (spec.kind) {
      case 'string':
        if (!(typeof v === 'string' || (v === null && spec.nullable)))
          throw new ScenarioError(`${at}: expected a string`);
        break;
      case 'int':
        if (!(typeof v === 'number' && Number.isInteger(v)))
          throw new ScenarioError(`${at}: expected an integer`);
        break;
      case 'bool':
        if (typeof v !== 'boolean') throw new ScenarioError(`${at}: expected true or false`);
        break;
      case 'flags':
        checkFlags(v, spec, at);
        break;
      case 'handle':
        if (!(
          (typeof v === 'number' && Number.isInteger(v)) ||
          (typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v)) ||
          (v === null && spec.nullable)
        ))
          throw new ScenarioError(`${at}: expected a handle (a number, 0x…, or a reference '$id.field')`);
        break;
      case 'pid':
        if (!(
          (typeof v === 'number' && Number.isInteger(v)) ||
          (typeof v === 'object' && v !== null && typeof (v as { image?: unknown }).image === 'string')
        ))
          throw new ScenarioError(`${at}: expected a process id, {image: name} or a reference`);
        break;
      case 'any':
        break;
    }
  }
  // References nested anywhere in an argument value (e.g. attribute lists) are checked too.
  const walk = (v: unknown, at: string): void => {
    if (isRef(v)) checkRef(v, at, ids);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  for (const [k, v] of Object.entries(given)) if (!isRef(v)) walk(v, `${where}.${k}`);
}

/** A flags argument's value: OR of the names (or the number). */
export function flagsValue(v: unknown, table: Readonly<Record<string, number>>): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v >>> 0;
  const names = typeof v === 'string' ? [v] : (v as unknown[]);
  return names.reduce<number>(
    (f, n) => (f | (typeof n === 'number' ? n : (table[n as string] ?? 0))) >>> 0,
    0,
  );
}
