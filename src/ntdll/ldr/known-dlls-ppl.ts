import { resolveField } from '../../base/index.js';
import type { UserThreadContext } from './context.js';
import { RtlGetCurrentPeb } from './offsets.js';

/**
 * Whether the loader may take a DLL from `\KnownDlls`. Not in a protected process light on Windows
 * 10 19044.1826 (July 2022) and later, 22H2 included: the KnownDlls sections of a PPL were how
 * PPLdump got an unsigned DLL mapped (a section made outside the process escapes its
 * SectionSignatureLevel check), and the fixed ntdll no longer uses them in a PPL — itm4n, "The End
 * of PPLdump" (2022, itm4n.github.io/the-end-of-ppldump), and itm4n/PPLdump issue #12: "The Known
 * DLL trick was indeed fixed in the build version 10.0.19044.1826". The PPL's loader then opens
 * each DLL from System32 itself, and its NtCreateSection meets the DLL-load gate. Read from
 * PEB.BitField.IsProtectedProcessLight (reference §2.1), as ntdll has no other view of its level.
 */
export function LdrpUseKnownDlls(ctx: UserThreadContext): boolean {
  const bit = resolveField(ctx.layout, '_PEB', 'BitField.IsProtectedProcessLight');
  const byte = ctx.memory.u8(RtlGetCurrentPeb(ctx) + bit.offset);
  return ((byte >> (bit.field.bits?.position ?? 6)) & 1) === 0;
}
