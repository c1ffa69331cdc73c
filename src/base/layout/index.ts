export type { FieldLayout, FieldType, LayoutTable, PrimitiveKind, StructLayout } from './types.js';
export {
  isPrimitiveType,
  PRIMITIVE_SIZE,
  readField,
  resolveField,
  sizeOfType,
  structLayout,
  writeField,
  type ResolvedField,
} from './codec.js';
export { checkLayoutTable } from './check.js';
export { LAYOUT_19045_X64, layoutFor } from './win10-19045-x64.js';
