import { hex } from '../hex.js';

/** What a trace records: JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * What callers may hand the trace for arguments, results and note data: JSON plus the model's
 * own scalars. A bigint (an address, a handle, a FILETIME) is recorded as a `0x…` hex string;
 * `undefined` members are left out, as JSON.stringify leaves them out.
 */
export type TraceValue =
  | null
  | undefined
  | boolean
  | number
  | string
  | bigint
  | readonly TraceValue[]
  | { readonly [key: string]: TraceValue };

/** A deep, JSON-only copy of `value`, so later changes to the caller's objects do not show. */
export function toJson(value: TraceValue): Json {
  switch (typeof value) {
    case 'bigint':
      return hex(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    default:
      if (value === null) return null;
      if (Array.isArray(value)) return (value as readonly TraceValue[]).map(toJson);
      return toJsonRecord(value as { readonly [key: string]: TraceValue });
  }
}

export function toJsonRecord(record: { readonly [key: string]: TraceValue }): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (v !== undefined) out[key] = toJson(v);
  }
  return out;
}
