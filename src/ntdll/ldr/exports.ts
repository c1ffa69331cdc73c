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
const plans = new WeakMap<object, WeakMap<PeImage, ExportTarget[]>>();

export function snapPlan(
  descriptor: object,
  functions: readonly ImportedFunction[],
  target: PeImage,
): ExportTarget[] {
  let byTarget = plans.get(descriptor);
  if (!byTarget) {
    byTarget = new WeakMap();
    plans.set(descriptor, byTarget);
  }
  let plan = byTarget.get(target);
  if (!plan) {
    plan = functions.map((f) => LdrpLookupExport(target, f));
    byTarget.set(target, plan);
  }
  return plan;
}
