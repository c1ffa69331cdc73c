import { OBJ_INHERIT, OBJ_PROTECT_CLOSE } from './constants.js';
import type { HandleTable } from './handle-table.js';
import type { ObjectManager } from './object-manager.js';

/** One line of `!handle`: `0004: Object: ffffa50f…  GrantedAccess: 001fffff Entry: ffffa50f…`. */
export interface ObHandleInfo {
  handle: number;
  /** The body's address (`Object:`). */
  object: bigint;
  objectHeader: bigint;
  entry: bigint;
  type: string;
  /** The object's name ('' when unnamed). */
  name: string;
  grantedAccess: number;
  inherit: boolean;
  protectFromClose: boolean;
  handleCount: number;
  pointerCount: number;
}

/** The handles of a table as `!handle` lists them (ExEnumHandleTable order: lowest value first). */
export function ObEnumerateHandles(table: HandleTable): ObHandleInfo[] {
  const out: ObHandleInfo[] = [];
  for (const row of table.rows()) {
    const o = row.object;
    out.push({
      handle: row.handle,
      object: o.bodyAddress,
      objectHeader: o.address,
      entry: row.entryAddress,
      type: o.type.name,
      name: o.name,
      grantedAccess: row.grantedAccess,
      inherit: (row.attributes & OBJ_INHERIT) !== 0,
      protectFromClose: (row.attributes & OBJ_PROTECT_CLOSE) !== 0,
      handleCount: o.handleCount,
      pointerCount: o.pointerCount,
    });
  }
  return out;
}

/** Live objects and open handles, by type and in total: compare two of them around an operation to find leaks. */
export interface ObCountsSnapshot {
  objects: number;
  handles: number;
  kernelHandles: number;
  byType: Record<string, { objects: number; handles: number }>;
}

/** The counts every OBJECT_TYPE keeps (TotalNumberOfObjects, TotalNumberOfHandles), summed. */
export function ObSnapshotCounts(ob: ObjectManager): ObCountsSnapshot {
  const byType: Record<string, { objects: number; handles: number }> = {};
  let objects = 0;
  let handles = 0;
  for (const t of ob.typeIndexTable) {
    if (!t) continue;
    byType[t.name] = { objects: t.totalNumberOfObjects, handles: t.totalNumberOfHandles };
    objects += t.totalNumberOfObjects;
    handles += t.totalNumberOfHandles;
  }
  return { objects, handles, kernelHandles: ob.kernelHandleTable.handleCount, byType };
}
