/**
 * The per-page state of one VAD, as runs of pages with the same state and protection. Windows
 * keeps this in the PTEs (and, for views, the prototype PTEs); NtQueryVirtualMemory reports
 * regions as runs of pages alike (Windows Internals 7 ch. 5, "Virtual address descriptors";
 * Microsoft Learn, MEMORY_BASIC_INFORMATION). Runs are immutable arrays, so an image section's
 * runs are shared by every view until a process changes a page.
 */
export interface PageRun {
  /** First page (index from the VAD's start). */
  readonly start: number;
  /** One past the last page. */
  readonly end: number;
  /** MEM_COMMIT or MEM_RESERVE. */
  readonly state: number;
  /** PAGE_* (0 for reserved pages). */
  readonly protect: number;
}
export type PageRuns = readonly PageRun[];

/** The index of the run holding `page`; runs cover their VAD without gaps. */
export function runIndexAt(runs: PageRuns, page: number): number {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs[mid]!.start <= page) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function runAt(runs: PageRuns, page: number): PageRun {
  return runs[runIndexAt(runs, page)]!;
}

/** Runs with pages [from, to) set to `state`/`protect`, neighbours alike merged. */
export function setRuns(runs: PageRuns, from: number, to: number, state: number, protect: number): PageRuns {
  const out: PageRun[] = [];
  const push = (r: PageRun): void => {
    if (r.start >= r.end) return;
    const last = out[out.length - 1];
    if (last && last.end === r.start && last.state === r.state && last.protect === r.protect)
      out[out.length - 1] = { start: last.start, end: r.end, state: r.state, protect: r.protect };
    else out.push(r);
  };
  let placed = false;
  for (const r of runs) {
    if (r.end <= from || r.start >= to) {
      if (!placed && r.start >= to) {
        push({ start: from, end: to, state, protect });
        placed = true;
      }
      push(r);
      continue;
    }
    push({ start: r.start, end: from, state: r.state, protect: r.protect });
    if (!placed) {
      push({ start: from, end: to, state, protect });
      placed = true;
    }
    push({ start: to, end: r.end, state: r.state, protect: r.protect });
  }
  if (!placed) push({ start: from, end: to, state, protect });
  return out;
}

/** The runs of pages [from, to), renumbered from 0 (for a VAD split by a partial release). */
export function sliceRuns(runs: PageRuns, from: number, to: number): PageRuns {
  const out: PageRun[] = [];
  for (const r of runs) {
    const s = Math.max(r.start, from);
    const e = Math.min(r.end, to);
    if (s < e) out.push({ start: s - from, end: e - from, state: r.state, protect: r.protect });
  }
  return out;
}

/** True when every page of [from, to) is committed. */
export function allCommitted(runs: PageRuns, from: number, to: number, commit: number): boolean {
  for (let i = runIndexAt(runs, from); i < runs.length && runs[i]!.start < to; i++)
    if (runs[i]!.state !== commit) return false;
  return true;
}
