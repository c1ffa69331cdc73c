import { ModelError } from '../errors.js';

/**
 * FILETIME: 100-nanosecond intervals since 1601-01-01T00:00:00Z (Microsoft Learn, "FILETIME
 * structure (minwinbase.h)"). KeQuerySystemTime and KUSER_SHARED_DATA.SystemTime count in it.
 */
export const TICKS_PER_MICROSECOND = 10n;
export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
/** 1970-01-01T00:00:00Z as a FILETIME (369 years of 100-ns ticks after 1601). */
export const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;
/** 2026-01-01T00:00:00Z as a FILETIME: where every simulated machine's clock starts by default. */
export const CLOCK_EPOCH = FILETIME_UNIX_EPOCH + 1_767_225_600n * TICKS_PER_SECOND;

/** What `Clock.snapshot()` gives: JSON-able (the time as a decimal string, a bigint in the model). */
export interface ClockState {
  readonly time: string;
  readonly step: number;
}

/**
 * The model's only source of time. Simulated time is a FILETIME that moves only when the model
 * says so (`advance`), never with the host's clock, so a run is the same every time. Beside it, a
 * step counter orders events: every trace event takes the next step, so "before" and "after" hold
 * even when no simulated time passes between them.
 */
export class Clock {
  private time: bigint;
  private steps = 0;

  constructor(start: bigint = CLOCK_EPOCH) {
    if (start < 0n) throw new ModelError('CLOCK_NEGATIVE', `a FILETIME is unsigned (got ${start})`);
    this.time = start;
  }

  /** The current simulated time, as a FILETIME. */
  now(): bigint {
    return this.time;
  }

  /** Moves simulated time forward by `ticks` 100-ns units (time never goes back). */
  advance(ticks: bigint | number): bigint {
    const delta = typeof ticks === 'bigint' ? ticks : BigInt(ticks);
    if (delta < 0n) throw new ModelError('CLOCK_BACKWARDS', `simulated time cannot go back (${delta} ticks)`);
    this.time += delta;
    return this.time;
  }

  /** Takes the next step and returns it (1, 2, 3, …). */
  step(): number {
    return ++this.steps;
  }

  /** The last step taken (0 before the first). */
  get lastStep(): number {
    return this.steps;
  }

  snapshot(): ClockState {
    return { time: this.time.toString(), step: this.steps };
  }

  restore(state: ClockState): void {
    const time = BigInt(state.time);
    if (time < 0n || !Number.isSafeInteger(state.step) || state.step < 0)
      throw new ModelError('CLOCK_STATE', 'not a clock state', state);
    this.time = time;
    this.steps = state.step;
  }
}

/**
 * `2026-01-01T00:00:00.0000000Z`: a FILETIME in ISO 8601 with its full 100-ns precision (seven
 * fractional digits, as .NET's round-trip "o" format writes them). For display only.
 */
export function fileTimeToIso(fileTime: bigint): string {
  const sinceUnix = fileTime - FILETIME_UNIX_EPOCH;
  let seconds = sinceUnix / TICKS_PER_SECOND;
  let fraction = sinceUnix % TICKS_PER_SECOND;
  if (fraction < 0n) {
    fraction += TICKS_PER_SECOND;
    seconds -= 1n;
  }
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction.toString().padStart(7, '0')}Z`;
}
