import { ModelError } from '../errors.js';
import { freezeTable } from './define.js';
import type { LayoutTable } from './types.js';
import { COMMON_LAYOUTS } from './win10-19045-x64/common.js';
import { DISPATCHER_LAYOUTS } from './win10-19045-x64/dispatcher.js';
import { EJOB } from './win10-19045-x64/ejob.js';
import { EPROCESS } from './win10-19045-x64/eprocess.js';
import { EPROCESS_FLAG_LAYOUTS } from './win10-19045-x64/eprocess-flags.js';
import { EPROCESS_PART_LAYOUTS } from './win10-19045-x64/eprocess-parts.js';
import { ETHREAD, ETHREAD_PART_LAYOUTS } from './win10-19045-x64/ethread.js';
import { KPROCESS_LAYOUTS } from './win10-19045-x64/kprocess.js';
import { KTHREAD } from './win10-19045-x64/kthread.js';
import { KUSER_SHARED_DATA_LAYOUTS } from './win10-19045-x64/kuser-shared-data.js';
import {
  LDR_DATA_TABLE_ENTRY,
  LDR_DDAG_NODE,
  LDRP_CSLIST,
  LDRP_CSLIST_ENTRY,
  PEB_LDR_DATA,
} from './win10-19045-x64/ldr.js';
import { PEB } from './win10-19045-x64/peb.js';
import { PROCESS_PARAMETERS_LAYOUTS } from './win10-19045-x64/process-parameters.js';
import { PS_PROTECTION } from './win10-19045-x64/ps-protection.js';
import { TEB_LAYOUTS } from './win10-19045-x64/teb.js';

/**
 * The x64 structure layouts of Windows 10 22H2 (build 19045). 19041–19045 run the same ntoskrnl
 * base, so their layouts match (internals.md, scope note and §10); where a later build added a
 * field (Flags3.DisallowUserTerminate, PathRedirectionHashes) the table follows 19044/19045.
 *
 * Source keys used in the table files (internals.md §13 lists the first five):
 * - [ND-19041]   ntdiff/headers Win10_2004_20H1/x64 …/_EPROCESS.h (pdbex dump of the 19041 PDB).
 * - [VG-21H2]    Vergilius Project x64 "2110 21H2" pages, as quoted with their URLs in a public
 *                header (search index id 9075134543).
 * - [VG-22H2]    Vergilius 22H2 offsets hard-coded in MVisor's windows_kernel.h.
 * - [VG-W10-UM]  a Vergilius-derived x64 user-mode header with static_asserts (id 3755698021).
 * - [phnt]       winsiderss/phnt (ntpebteb.h: _PEB 0x7c8, SessionId 0x2c0).
 * - [TDC0471]    TDC0471/windows-defs structs/_EPROCESS.h (a later 0xa40 _EPROCESS).
 * - [DT-19044]   a public WinDbg transcript on build 19044 (PEB OSBuildNumber 0x4a64):
 *                `dt nt!_EPROCESS`, `dt nt!_KPROCESS`, `dt _PEB @$peb` (id 43623919332).
 * - [DT-TEB]     a public x64 Windows 10 transcript of `dt ntdll!_TEB`, `dt _NT_TIB` and
 *                `dt ntdll!_PEB` (id 17335131680).
 * - [DT-LDR]     a public transcript of `dt _LDR_DATA_TABLE_ENTRY`, `dt _PEB_LDR_DATA` and a `dx` of
 *                _RTL_USER_PROCESS_PARAMETERS (id 53895682637); `dt _UNICODE_STRING` (id 10161919503).
 * - [VG-ETHREAD] the Vergilius-format _ETHREAD (0x898) internals.md §1.5 names (id 22391596736).
 * - [VG-KUSER]   a Vergilius-format _KUSER_SHARED_DATA of 0x720 bytes (id 68363487419).
 * - [WDK-KUSER]  a copy of the WDK's ntddk.h with the KUSER_SHARED_DATA C_ASSERTs (id 37503927600).
 * - [TDC0471-EJOB] TDC0471/windows-defs structs/_EJOB.h (0x640; its silo fields, internals.md §9).
 */
export const LAYOUT_19045_X64: LayoutTable = freezeTable(19045, [
  ...COMMON_LAYOUTS,
  ...DISPATCHER_LAYOUTS,
  ...KPROCESS_LAYOUTS,
  EPROCESS,
  ...EPROCESS_FLAG_LAYOUTS,
  ...EPROCESS_PART_LAYOUTS,
  PS_PROTECTION,
  EJOB,
  KTHREAD,
  ETHREAD,
  ...ETHREAD_PART_LAYOUTS,
  PEB,
  PEB_LDR_DATA,
  LDR_DATA_TABLE_ENTRY,
  LDR_DDAG_NODE,
  LDRP_CSLIST,
  LDRP_CSLIST_ENTRY,
  ...PROCESS_PARAMETERS_LAYOUTS,
  ...TEB_LAYOUTS,
  ...KUSER_SHARED_DATA_LAYOUTS,
]);

/** The layout table of a build: 19041–19045 share LAYOUT_19045_X64; others are not modelled. */
export function layoutFor(build: number): LayoutTable {
  if (Number.isInteger(build) && build >= 19041 && build <= 19045) return LAYOUT_19045_X64;
  throw new ModelError(
    'LAYOUT_UNSUPPORTED_BUILD',
    `no structure layouts for build ${build} (19041–19045 only)`,
    {
      build,
    },
  );
}
