import {
  NtAllocateVirtualMemory,
  NtCreateFile,
  NtCreateSection,
  NtFreeVirtualMemory,
  NtMapViewOfSection,
  NtOpenDirectoryObject,
  NtOpenFile,
  NtOpenKey,
  NtQueryValueKey,
  NtOpenSection,
  NtOpenSymbolicLinkObject,
  NtProtectVirtualMemory,
  NtQueryAttributesFile,
  NtQuerySection,
  NtQuerySymbolicLinkObject,
  NtQueryVirtualMemory,
  NtUnmapViewOfSection,
  type OBJECT_ATTRIBUTES,
  type PsSystem,
} from './ps/index.js';
import { answer, handle, num, type ServiceRegistrar } from './service-registrar.js';

/** OBJECT_ATTRIBUTES as an argument: a record, or NULL. */
const oa = (v: unknown): OBJECT_ATTRIBUTES | null =>
  v && typeof v === 'object' ? (v as OBJECT_ATTRIBUTES) : null;
/** An optional number argument: absent/NULL stays absent. */
const opt = (v: unknown): number | undefined => (v === undefined || v === null ? undefined : Number(v));
/** A LARGE_INTEGER argument (number or bigint), or NULL. */
const large = (v: unknown): number | bigint | null =>
  typeof v === 'bigint' || typeof v === 'number' ? v : null;

/**
 * The services the ntdll loader needs (issue #5), registered in KiServiceTable: files
 * (ps/file-services.ts), sections and views (ps/section-services.ts, ps/view-services.ts), virtual
 * memory (ps/memory-services.ts, ps/memory-query.ts) and the object directories and symbolic links
 * of `\KnownDlls` (ps/link-services.ts). Arguments by their phnt names; out values as each service
 * documents them.
 */
export function registerLoaderServices(on: ServiceRegistrar, ps: PsSystem): void {
  // The registry values the loader reads (SafeDllSearchMode, DevOverrideEnable): ps/key-services.ts.
  on('NtOpenKey', (args, caller) =>
    answer(
      NtOpenKey(ps, caller, {
        DesiredAccess: num(args.DesiredAccess),
        ObjectAttributes: oa(args.ObjectAttributes),
      }),
      ['KeyHandle'],
    ),
  );
  on('NtQueryValueKey', (args, caller) =>
    answer(
      NtQueryValueKey(ps, caller, {
        KeyHandle: handle(args.KeyHandle),
        ValueName: String(args.ValueName ?? ''),
        KeyValueInformationClass: num(args.KeyValueInformationClass),
      }),
      ['KeyValueInformation'],
    ),
  );
  on('NtOpenFile', (args, caller) =>
    answer(
      NtOpenFile(ps, caller, {
        DesiredAccess: num(args.DesiredAccess),
        ObjectAttributes: oa(args.ObjectAttributes),
        ShareAccess: num(args.ShareAccess),
        OpenOptions: num(args.OpenOptions),
      }),
      ['FileHandle', 'IoStatusBlock'],
    ),
  );
  on('NtCreateFile', (args, caller) =>
    answer(
      NtCreateFile(ps, caller, {
        DesiredAccess: num(args.DesiredAccess),
        ObjectAttributes: oa(args.ObjectAttributes),
        FileAttributes: num(args.FileAttributes),
        ShareAccess: num(args.ShareAccess),
        CreateDisposition: num(args.CreateDisposition),
        CreateOptions: num(args.CreateOptions),
      }),
      ['FileHandle', 'IoStatusBlock'],
    ),
  );
  on('NtQueryAttributesFile', (args, caller) =>
    answer(NtQueryAttributesFile(ps, caller, { ObjectAttributes: oa(args.ObjectAttributes) }), [
      'FileInformation',
    ]),
  );
  on('NtCreateSection', (args, caller) =>
    answer(
      NtCreateSection(ps, caller, {
        DesiredAccess: num(args.DesiredAccess),
        ObjectAttributes: oa(args.ObjectAttributes),
        MaximumSize: large(args.MaximumSize),
        SectionPageProtection: num(args.SectionPageProtection),
        AllocationAttributes: num(args.AllocationAttributes),
        FileHandle: handle(args.FileHandle),
      }),
      ['SectionHandle'],
    ),
  );
  on('NtOpenSection', (args, caller) =>
    answer(
      NtOpenSection(ps, caller, {
        DesiredAccess: num(args.DesiredAccess),
        ObjectAttributes: oa(args.ObjectAttributes),
      }),
      ['SectionHandle'],
    ),
  );
  on('NtQuerySection', (args, caller) =>
    answer(
      NtQuerySection(ps, caller, {
        SectionHandle: handle(args.SectionHandle),
        SectionInformationClass: num(args.SectionInformationClass),
        ...(opt(args.SectionInformationLength) !== undefined
          ? { SectionInformationLength: opt(args.SectionInformationLength)! }
          : {}),
      }),
      ['SectionInformation', 'ReturnLength'],
    ),
  );
  on('NtMapViewOfSection', (args, caller) =>
    answer(
      NtMapViewOfSection(ps, caller, {
        SectionHandle: handle(args.SectionHandle),
        ProcessHandle: handle(args.ProcessHandle),
        BaseAddress: num(args.BaseAddress),
        ZeroBits: num(args.ZeroBits),
        CommitSize: num(args.CommitSize),
        SectionOffset: large(args.SectionOffset),
        ViewSize: num(args.ViewSize),
        InheritDisposition: num(args.InheritDisposition),
        AllocationType: num(args.AllocationType),
        Win32Protect: num(args.Win32Protect),
      }),
      ['BaseAddress', 'ViewSize', 'SectionOffset', 'SectionImage'],
    ),
  );
  on('NtUnmapViewOfSection', (args, caller) =>
    answer(
      NtUnmapViewOfSection(ps, caller, {
        ProcessHandle: handle(args.ProcessHandle),
        BaseAddress: num(args.BaseAddress),
      }),
      [],
    ),
  );
  on('NtAllocateVirtualMemory', (args, caller) =>
    answer(
      NtAllocateVirtualMemory(ps, caller, {
        ProcessHandle: handle(args.ProcessHandle),
        BaseAddress: num(args.BaseAddress),
        ZeroBits: num(args.ZeroBits),
        RegionSize: num(args.RegionSize),
        AllocationType: num(args.AllocationType),
        Protect: num(args.Protect),
      }),
      ['BaseAddress', 'RegionSize'],
    ),
  );
  on('NtFreeVirtualMemory', (args, caller) =>
    answer(
      NtFreeVirtualMemory(ps, caller, {
        ProcessHandle: handle(args.ProcessHandle),
        BaseAddress: num(args.BaseAddress),
        RegionSize: num(args.RegionSize),
        FreeType: num(args.FreeType),
      }),
      ['BaseAddress', 'RegionSize'],
    ),
  );
  on('NtProtectVirtualMemory', (args, caller) =>
    answer(
      NtProtectVirtualMemory(ps, caller, {
        ProcessHandle: handle(args.ProcessHandle),
        BaseAddress: num(args.BaseAddress),
        RegionSize: num(args.RegionSize),
        NewProtect: num(args.NewProtect),
      }),
      ['BaseAddress', 'RegionSize', 'OldProtect'],
    ),
  );
  on('NtQueryVirtualMemory', (args, caller) =>
    answer(
      NtQueryVirtualMemory(ps, caller, {
        ProcessHandle: handle(args.ProcessHandle),
        BaseAddress: num(args.BaseAddress),
        MemoryInformationClass: num(args.MemoryInformationClass),
        ...(opt(args.MemoryInformationLength) !== undefined
          ? { MemoryInformationLength: opt(args.MemoryInformationLength)! }
          : {}),
      }),
      ['MemoryInformation', 'ReturnLength'],
    ),
  );
  on('NtOpenDirectoryObject', (args, caller) =>
    answer(
      NtOpenDirectoryObject(ps, caller, {
        DesiredAccess: num(args.DesiredAccess),
        ObjectAttributes: oa(args.ObjectAttributes),
      }),
      ['DirectoryHandle'],
    ),
  );
  on('NtOpenSymbolicLinkObject', (args, caller) =>
    answer(
      NtOpenSymbolicLinkObject(ps, caller, {
        DesiredAccess: num(args.DesiredAccess),
        ObjectAttributes: oa(args.ObjectAttributes),
      }),
      ['LinkHandle'],
    ),
  );
  on('NtQuerySymbolicLinkObject', (args, caller) =>
    answer(
      NtQuerySymbolicLinkObject(ps, caller, {
        LinkHandle: handle(args.LinkHandle),
        LinkTarget: (args.LinkTarget as { MaximumLength?: number } | null | undefined) ?? null,
        ReturnedLength: args.ReturnedLength,
      }),
      ['LinkTarget', 'ReturnedLength'],
    ),
  );
}
