import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  findExportIndexByName,
  IMAGE_DIRECTORY_ENTRY,
  parseForwarder,
  readExports,
  type ForwarderTarget,
  type ImportedFunction,
  type PeImage,
} from '../../pe/index.js';

/** What an export slot holds: an RVA in the image, or a forwarder to resolve in another module. */
export type ExportTarget =
  | { kind: 'rva'; rva: number }
  | { kind: 'forwarder'; forwarder: ForwarderTarget; text: string }
  | { kind: 'missing'; status: NTSTATUS };

/** The export address table as RVAs by function index (read once per image: its pages are shared). */
function addressTable(image: PeImage): Uint32Array {
  return image.cached('ldr.eat', (im) => {
    const dir = readExports(im);
    if (!dir || dir.NumberOfFunctions === 0) return new Uint32Array(0);
    const bytes = im.read(dir.AddressOfFunctions, dir.NumberOfFunctions * 4, 'export address table');
    const out = new Uint32Array(dir.NumberOfFunctions);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = dv.getUint32(4 * i, true);
    return out;
  });
}

/**
 * LdrpGetProcedureAddress's lookup in one image: by name, the hint tried first (the importer's
 * guess of the name-table index, LdrpSnapThunk), then the binary search of the name table
 * (LdrpNameToOrdinal); by ordinal, the ordinal less the export Base. A name the table lacks is
 * STATUS_ENTRYPOINT_NOT_FOUND, an ordinal outside the table (or an empty slot)
 * STATUS_ORDINAL_NOT_FOUND (ReactOS ldrpe.c LdrpSnapThunk). An address inside the export
 * directory is a forwarder string (PE format, "Export Address Table").
 */
export function LdrpLookupExport(image: PeImage, want: ImportedFunction): ExportTarget {
  // Lookups without a hint (forwarders, GetProcAddress) are kept per image: its pages are shared.
  if ('name' in want && want.hint < 0) {
    const byName = image.cached('ldr.byName', () => new Map<string, ExportTarget>());
    let t = byName.get(want.name);
    if (!t) {
      t = lookupExport(image, want);
      byName.set(want.name, t);
    }
    return t;
  }
  return lookupExport(image, want);
}

function lookupExport(image: PeImage, want: ImportedFunction): ExportTarget {
  const dir = readExports(image);
  if (!dir)
    return {
      kind: 'missing',
      status: 'name' in want ? STATUS.ENTRYPOINT_NOT_FOUND : STATUS.ORDINAL_NOT_FOUND,
    };
  let index: number;
  if ('name' in want) {
    const h = want.hint;
    index =
      h >= 0 && h < dir.names.length && dir.names[h] === want.name
        ? dir.nameOrdinals[h]! - dir.Base
        : findExportIndexByName(dir, want.name);
    if (index < 0) return { kind: 'missing', status: STATUS.ENTRYPOINT_NOT_FOUND };
  } else index = want.ordinal - dir.Base;
  const table = addressTable(image);
  const notFound = 'name' in want ? STATUS.ENTRYPOINT_NOT_FOUND : STATUS.ORDINAL_NOT_FOUND;
  if (index < 0 || index >= table.length) return { kind: 'missing', status: notFound };
  const rva = table[index]!;
  if (rva === 0) return { kind: 'missing', status: notFound };
  const ed = image.directory(IMAGE_DIRECTORY_ENTRY.EXPORT);
  if (rva >= ed.VirtualAddress && rva < ed.VirtualAddress + ed.Size) {
    const text = image.cstring(rva, 'export forwarder', 512);
    try {
      return { kind: 'forwarder', forwarder: parseForwarder(text), text };
    } catch {
      return { kind: 'missing', status: STATUS.INVALID_IMAGE_FORMAT };
    }
  }
  return { kind: 'rva', rva };
}

/**
 * The lookups of one import descriptor against one exporting image, kept with the descriptor:
 * both images' pages are shared and read-only, so the answer is the same in every process that
 * pairs them (only the bases differ, added per process). This is what makes a warm process start
 * cost one write per import.
 */
export interface SnapPlan {
  targets: ExportTarget[];
  /** The slots that are not plain RVAs (forwarders, misses): resolved per process. */
  others: number[];
  /**
   * The IAT bytes of the RVA slots for the last base the exporting image had (forwarder and
   * missing slots zero): image sections keep their base for a boot, so every process that maps the
   * pair gets the same bytes.
   */
  base: number;
  bytes: Uint8Array | null;
}

const plans = new WeakMap<object, WeakMap<PeImage, SnapPlan>>();

export function snapPlan(
  descriptor: object,
  functions: readonly ImportedFunction[],
  target: PeImage,
): SnapPlan {
  let byTarget = plans.get(descriptor);
  if (!byTarget) {
    byTarget = new WeakMap();
    plans.set(descriptor, byTarget);
  }
  let plan = byTarget.get(target);
  if (!plan) {
    const targets = functions.map((f) => LdrpLookupExport(target, f));
    const others: number[] = [];
    targets.forEach((t, i) => {
      if (t.kind !== 'rva') others.push(i);
    });
    plan = { targets, others, base: -1, bytes: null };
    byTarget.set(target, plan);
  }
  return plan;
}

/** The IAT bytes of a plan's RVA slots for an exporting module at `base` (made once per base). */
export function snapBytes(plan: SnapPlan, base: number): Uint8Array {
  if (plan.bytes && plan.base === base) return plan.bytes;
  const bytes = new Uint8Array(plan.targets.length * 8);
  const dv = new DataView(bytes.buffer);
  plan.targets.forEach((t, i) => {
    if (t.kind !== 'rva') return;
    const address = base + t.rva;
    dv.setUint32(8 * i, address % 0x100000000, true);
    dv.setUint32(8 * i + 4, Math.floor(address / 0x100000000), true);
  });
  plan.base = base;
  plan.bytes = bytes;
  return bytes;
}
