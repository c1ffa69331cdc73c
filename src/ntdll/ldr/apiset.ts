import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { UserMemory } from './context.js';

export interface ApiSetHostResult {
  status: NTSTATUS;
  /** The host DLL (`kernelbase.dll`) on success. */
  host: string | null;
  /** The schema's name of the contract that matched. */
  contract: string | null;
}

const lower = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

function sameIgnoringCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (lower(a.charCodeAt(i)) !== lower(b.charCodeAt(i))) return false;
  return true;
}

/** Whether `name` is shaped like an API set contract (`api-`/`ext-` prefix, internals.md §8.2 step 1). */
export function isApiSetName(name: string): boolean {
  if (name.length < 4) return false;
  const p = name.slice(0, 4).toLowerCase();
  return p === 'api-' || p === 'ext-';
}

/**
 * ApiSetResolveToHost over the schema mapped at PEB.ApiSetMap, reading the process's memory as
 * ntdll does (schema v6; internals.md §8.1–8.2, after WinDepends' ApiSetResolveToHostV6): the
 * prefix check, the name up to its last hyphen, the hash with the header's HashFactor, a binary
 * search of the sorted hash array, a case-insensitive compare over HashedLength, then the
 * importer-specific host (binary search of values[1..]) or the default values[0].
 * STATUS_APISET_NOT_PRESENT for a name the schema lacks, STATUS_APISET_NOT_HOSTED for a
 * contract without a host (ext-ms contracts a SKU leaves out).
 */
export function ApiSetResolveToHost(
  m: UserMemory,
  schema: number,
  name: string,
  importer: string | null,
): ApiSetHostResult {
  const notPresent = { status: STATUS.APISET_NOT_PRESENT, host: null, contract: null };
  if (!schema || !isApiSetName(name)) return notPresent;
  const dash = name.lastIndexOf('-');
  if (dash <= 0) return notPresent;
  const effective = name.slice(0, dash);
  if (m.u32(schema) !== 6) return notPresent;
  const count = m.u32(schema + 0xc);
  const entryOffset = m.u32(schema + 0x10);
  const hashOffset = m.u32(schema + 0x14);
  const factor = m.u32(schema + 0x18);
  let h = 0;
  for (let i = 0; i < effective.length; i++)
    h = (Math.imul(h, factor) + lower(effective.charCodeAt(i))) >>> 0;
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const mh = m.u32(schema + hashOffset + 8 * mid);
    if (h < mh) hi = mid - 1;
    else if (h > mh) lo = mid + 1;
    else {
      const index = m.u32(schema + hashOffset + 8 * mid + 4);
      const e = schema + entryOffset + index * 0x18;
      const hashed = m.readUtf16(schema + m.u32(e + 4), m.u32(e + 0xc));
      if (!sameIgnoringCase(hashed, effective)) return notPresent;
      const contract = m.readUtf16(schema + m.u32(e + 4), m.u32(e + 8));
      const values = schema + m.u32(e + 0x10);
      const valueCount = m.u32(e + 0x14);
      let chosen = valueCount > 0 ? values : 0;
      if (importer !== null && valueCount > 1) {
        let vlo = 1;
        let vhi = valueCount - 1;
        const want = importer.toLowerCase();
        while (vlo <= vhi) {
          const vmid = (vlo + vhi) >>> 1;
          const v = values + vmid * 0x14;
          const alias = m.readUtf16(schema + m.u32(v + 4), m.u32(v + 8)).toLowerCase();
          if (want < alias) vhi = vmid - 1;
          else if (want > alias) vlo = vmid + 1;
          else {
            chosen = v;
            break;
          }
        }
      }
      const length = chosen ? m.u32(chosen + 0x10) : 0;
      if (!length) return { status: STATUS.APISET_NOT_HOSTED, host: null, contract };
      return { status: STATUS.SUCCESS, host: m.readUtf16(schema + m.u32(chosen + 0xc), length), contract };
    }
  }
  return notPresent;
}
