import { bitfields, field, layout, UChar } from '../define.js';
import type { StructLayout } from '../types.js';

/**
 * _PS_PROTECTION (1 byte): Level, overlaid by Type:3 (bits 0–2), Audit:1 (bit 3), Signer:4
 * (bits 4–7) — internals.md §4.1 from [ND-19041]. EPROCESS.Protection @0x87a holds one; the
 * "Evading EDR" `dt nt!_PS_PROTECTION` listing in §11 prints Level 0x31 as Type 0y001, Signer 0y0011.
 */
export const PS_PROTECTION: StructLayout = layout('_PS_PROTECTION', 0x1, [
  field(0x0, 'Level', UChar),
  bitfields(0x0, UChar, [
    ['Type', 3],
    ['Audit', 1],
    ['Signer', 4],
  ]),
]);
