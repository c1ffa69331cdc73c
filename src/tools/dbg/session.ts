import { LAYOUT_19045_X64, type LayoutTable } from '../../base/index.js';
import type { DbgTarget } from './target.js';

/** What every command gets: the target, the build's layouts and the expression evaluator. */
export interface DbgSession {
  readonly target: DbgTarget;
  readonly layout: LayoutTable;
  /** A MASM expression's value (DbgError when it cannot be evaluated). */
  evaluate(text: string): bigint;
}

export const DEFAULT_LAYOUT: LayoutTable = LAYOUT_19045_X64;

/** A command: its text after the name, the session; returns lines of output (no trailing newline). */
export type DbgCommand = (args: string, s: DbgSession) => string[];

/** Splits a command's arguments on blanks (dbgeng's commands take no quoting we need here). */
export function words(args: string): string[] {
  return args.trim().split(/\s+/).filter(Boolean);
}
