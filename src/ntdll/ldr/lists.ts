import type { UserMemory } from './context.js';

/** InitializeListHead: an empty LIST_ENTRY points at itself both ways. */
export function InitializeListHead(m: UserMemory, head: number): void {
  m.writeU64(head, head);
  m.writeU64(head + 8, head);
}

/** InsertTailList on LIST_ENTRY bytes in process memory (Flink @0, Blink @8). */
export function InsertTailList(m: UserMemory, head: number, entry: number): void {
  const blink = m.ptr(head + 8);
  m.writeU64(entry, head);
  m.writeU64(entry + 8, blink);
  m.writeU64(blink, entry);
  m.writeU64(head + 8, entry);
}

/** RemoveEntryList: unlinks `entry` and leaves it pointing at itself. */
export function RemoveEntryList(m: UserMemory, entry: number): void {
  const flink = m.ptr(entry);
  const blink = m.ptr(entry + 8);
  m.writeU64(blink, flink);
  m.writeU64(flink + 8, blink);
  m.writeU64(entry, entry);
  m.writeU64(entry + 8, entry);
}

/**
 * The entries of a list, walking Flink from `head` (what `!list` and user-mode module walkers do),
 * as addresses of the LIST_ENTRY fields. A list longer than `limit` or with a null link stops the
 * walk (a broken list must not hang the reader).
 */
export function walkList(m: UserMemory, head: number, limit = 0x10000): number[] {
  const out: number[] = [];
  let at = m.ptr(head);
  while (at !== head && at !== 0 && out.length < limit) {
    out.push(at);
    at = m.ptr(at);
  }
  return out;
}

/** The links of a _LDRP_CSLIST, head first. */
export function CsListWalk(m: UserMemory, list: number, limit = 0x10000): number[] {
  const tail = m.ptr(list);
  if (tail === 0) return [];
  const out: number[] = [];
  let at = m.ptr(tail);
  for (;;) {
    out.push(at);
    if (at === tail || out.length >= limit) break;
    at = m.ptr(at);
  }
  return out;
}
