import { STATUS, type NTSTATUS } from '../../base/index.js';
import { IoReadFile, type FILE_OBJECT } from '../io/index.js';
import {
  isValidProtection,
  MmCreateDataSection,
  MmMakeFileAccess,
  PAGE,
  SEC,
  Section,
  type SectionImageInformation,
} from '../mm/index.js';
import {
  KernelMode,
  OBJ_PERMANENT,
  ObCreateObject,
  ObDereferenceObject,
  ObInsertObject,
} from '../ob/index.js';
import { SE_CREATE_PERMANENT_PRIVILEGE, SECTION_QUERY, SeSinglePrivilegeCheck } from '../se/index.js';
import type { PsCaller } from './caller.js';
import {
  PspObjectAttributesPath,
  PspOpenObjectByAttributes,
  PspReferenceObjectByHandle,
  type OBJECT_ATTRIBUTES,
} from './object-attributes.js';
import type { PsSystem } from './ps-system.js';
import { MmImageSectionOfFile } from './section-object.js';
import { MiValidateSectionSigningLevel } from './protected-image.js';

export interface NtCreateSectionParameters {
  DesiredAccess: number;
  /** A name puts the section in the namespace (`\BaseNamedObjects\x`, or relative to RootDirectory). */
  ObjectAttributes?: OBJECT_ATTRIBUTES | null;
  /** LARGE_INTEGER: required (non-zero) without a file; for a file, 0 means the file's size. */
  MaximumSize?: number | bigint | null;
  SectionPageProtection: number;
  /** SEC_COMMIT, SEC_RESERVE or SEC_IMAGE (with SEC_NOCACHE: SEC_IMAGE_NO_EXECUTE), SEC_NO_CHANGE, … */
  AllocationAttributes: number;
  FileHandle?: number | null;
}

/** SECTION_BASIC_INFORMATION (x64: 0x18 bytes). */
export interface SECTION_BASIC_INFORMATION {
  BaseAddress: number;
  AllocationAttributes: number;
  MaximumSize: number;
}

/** SECTION_INFORMATION_CLASS (phnt ntmmapi.h): the classes NtQuerySection answers. */
export const SECTION_INFORMATION_CLASS = { SectionBasicInformation: 0, SectionImageInformation: 1 } as const;
const SIZEOF_SECTION_BASIC_INFORMATION = 0x18;
const SIZEOF_SECTION_IMAGE_INFORMATION = 0x40;

/** The AllocationAttributes NtCreateSection knows (ReactOS NtCreateSection's mask, and SEC_WRITECOMBINE). */
const SEC_VALID =
  SEC.COMMIT |
  SEC.RESERVE |
  SEC.BASED |
  SEC.LARGE_PAGES |
  SEC.IMAGE |
  SEC.NOCACHE |
  SEC.NO_CHANGE |
  SEC.WRITECOMBINE;

/**
 * NtCreateSection's checks before anything is looked up (ReactOS ntoskrnl/mm/ARM3/section.c
 * NtCreateSection): unknown attribute bits, no SEC_COMMIT/SEC_RESERVE/SEC_IMAGE, SEC_IMAGE with
 * SEC_COMMIT/SEC_RESERVE/SEC_LARGE_PAGES/SEC_NO_CHANGE (SEC_NOCACHE only as SEC_IMAGE_NO_EXECUTE),
 * or SEC_COMMIT with SEC_RESERVE → STATUS_INVALID_PARAMETER_6; a SectionPageProtection with
 * PAGE_NOCACHE, PAGE_WRITECOMBINE, PAGE_GUARD or PAGE_NOACCESS, or not one protection →
 * STATUS_INVALID_PAGE_PROTECTION; no file and no MaximumSize → STATUS_INVALID_PARAMETER_4.
 */
function MiCheckCreateSectionParameters(
  attributes: number,
  protect: number,
  size: number,
  file: boolean,
): NTSTATUS {
  if (attributes & ~SEC_VALID) return STATUS.INVALID_PARAMETER_6;
  if (!(attributes & (SEC.COMMIT | SEC.RESERVE | SEC.IMAGE))) return STATUS.INVALID_PARAMETER_6;
  if (attributes & SEC.IMAGE) {
    if (attributes & (SEC.COMMIT | SEC.RESERVE | SEC.LARGE_PAGES | SEC.NO_CHANGE | SEC.WRITECOMBINE))
      return STATUS.INVALID_PARAMETER_6;
  } else if (attributes & SEC.COMMIT && attributes & SEC.RESERVE) return STATUS.INVALID_PARAMETER_6;
  if (
    protect & (PAGE.NOCACHE | PAGE.WRITECOMBINE | PAGE.GUARD | PAGE.NOACCESS) ||
    !isValidProtection(protect)
  )
    return STATUS.INVALID_PAGE_PROTECTION;
  if (!Number.isSafeInteger(size) || size < 0) return STATUS.INVALID_PARAMETER_4;
  if (!file && size === 0) return STATUS.INVALID_PARAMETER_4;
  return STATUS.SUCCESS;
}

/**
 * The section body for a file handle (MmCreateSection's file path). The handle must grant what the
 * protection needs (MmMakeFileAccess: PAGE_EXECUTE → FILE_EXECUTE, PAGE_READONLY → FILE_READ_DATA,
 * PAGE_EXECUTE_READ → both, PAGE_READWRITE → FILE_READ_DATA | FILE_WRITE_DATA; else
 * STATUS_ACCESS_DENIED — a read-write mapping of a read-only handle fails). A directory has no data
 * to map: STATUS_INVALID_FILE_FOR_SECTION (the model's answer).
 * - SEC_IMAGE: the file's one image control area (MmImageSectionOfFile, keyed on the device path and
 *   the file's version; an invalid image gives the PE reader's status, STATUS_INVALID_IMAGE_NOT_MZ,
 *   STATUS_INVALID_IMAGE_FORMAT, …), under a section object of its own: NtQuerySection reports
 *   SEC_IMAGE | SEC_FILE and MaximumSize as given, else the image's size (ReactOS apitest
 *   NtQuerySection, run on Windows).
 * - data: the file's bytes up to MaximumSize (0: the whole file; an empty file then is
 *   STATUS_MAPPED_FILE_SIZE_ZERO, ERROR_FILE_INVALID at the Win32 edge). A MaximumSize past the end
 *   of the file needs a writable protection (Windows extends the file; the model's section is just
 *   larger), else STATUS_SECTION_TOO_BIG. Reported attributes: SEC_FILE alone (SEC_COMMIT and
 *   SEC_RESERVE are ignored for files). Writes through views stay in the section (not written back).
 */
function MiSectionOfFile(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  p: { protect: number; attributes: number; size: number },
): { status: NTSTATUS; section?: Section } {
  const ref = PspReferenceObjectByHandle<FILE_OBJECT>(
    ps,
    caller,
    handle,
    MmMakeFileAccess(p.protect),
    ps.fileType.typeInfo,
  );
  if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
  const file = ref.object!;
  const done = (r: { status: NTSTATUS; section?: Section }) => {
    ObDereferenceObject(ps.deps.ob, ref.header!);
    if (r.section) ps.sectionFileNames.set(r.section, file.openedName);
    return r;
  };
  if (file.isDirectory) return done({ status: STATUS.INVALID_FILE_FOR_SECTION });
  if (p.attributes & SEC.IMAGE) {
    const image = MmImageSectionOfFile(ps, file.devicePath);
    if (!image.section) return done({ status: image.status });
    // Made in the context of a protected process: its SectionSignatureLevel gates the image
    // (MiValidateSectionSignature; protected-image.ts).
    const signed = MiValidateSectionSigningLevel(ps, caller.process, image.section, file.devicePath);
    if (signed !== STATUS.SUCCESS) return done({ status: signed });
    const ca = image.section.controlArea;
    return done({
      status: STATUS.SUCCESS,
      section: new Section(ca, p.protect, SEC.IMAGE | SEC.FILE, p.size || ca.size),
    });
  }
  const data = IoReadFile(ps.deps.ob.namespace, file.devicePath);
  if (!data.data) return done({ status: data.status });
  const bytes = data.data;
  const size = p.size || bytes.length;
  if (size === 0) return done({ status: STATUS.MAPPED_FILE_SIZE_ZERO });
  const writable = (p.protect & (PAGE.READWRITE | PAGE.EXECUTE_READWRITE)) !== 0;
  if (size > bytes.length && !writable) return done({ status: STATUS.SECTION_TOO_BIG });
  const r = MmCreateDataSection({
    bytes: bytes.subarray(0, Math.min(size, bytes.length)),
    size,
    protect: p.protect,
    allocationAttributes: SEC.FILE,
  });
  return done(r.value ? { status: r.status, section: r.value } : { status: r.status });
}

/**
 * NtCreateSection (Microsoft Learn ZwCreateSection; ReactOS NtCreateSection and MmCreateSection).
 * Parameters are checked first (MiCheckCreateSectionParameters); SEC_BASED and SEC_LARGE_PAGES are
 * valid but not modelled (STATUS_NOT_SUPPORTED). A user-mode OBJ_PERMANENT needs
 * SeCreatePermanentPrivilege (STATUS_PRIVILEGE_NOT_HELD). With FileHandle: MiSectionOfFile. Without:
 * SEC_IMAGE has no file to read (STATUS_INVALID_FILE_FOR_SECTION); otherwise a page-file-backed
 * section of MaximumSize rounded up to pages, SEC_COMMIT or SEC_RESERVE. A name inserts the section
 * in the namespace (STATUS_OBJECT_NAME_COLLISION, or with OBJ_OPENIF STATUS_OBJECT_NAME_EXISTS and a
 * handle to the existing section). The handle gets DesiredAccess (SECTION_*, generic rights mapped).
 * A failure leaves no object or handle.
 */
export function NtCreateSection(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateSectionParameters,
): { status: NTSTATUS; SectionHandle?: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtCreateSection',
      channel: 'mm',
      args: {
        name: p.ObjectAttributes?.ObjectName ?? null,
        DesiredAccess: p.DesiredAccess >>> 0,
        SectionPageProtection: p.SectionPageProtection,
        AllocationAttributes: p.AllocationAttributes >>> 0,
        FileHandle: p.FileHandle ?? 0,
      },
    },
    (): { status: NTSTATUS; value?: number; result?: number } => {
      const attributes = p.AllocationAttributes >>> 0;
      const protect = p.SectionPageProtection >>> 0;
      const size = p.MaximumSize === undefined || p.MaximumSize === null ? 0 : Number(p.MaximumSize);
      const fileHandle = p.FileHandle ? Number(p.FileHandle) : 0;
      const checked = MiCheckCreateSectionParameters(attributes, protect, size, fileHandle !== 0);
      if (checked !== STATUS.SUCCESS) return { status: checked };
      if (attributes & (SEC.BASED | SEC.LARGE_PAGES)) return { status: STATUS.NOT_SUPPORTED };
      const oa = p.ObjectAttributes ?? {};
      const objAttributes = oa.Attributes ?? 0;
      const token = caller.process.Token;
      if (
        objAttributes & OBJ_PERMANENT &&
        caller.previousMode !== KernelMode &&
        (!token || !SeSinglePrivilegeCheck(SE_CREATE_PERMANENT_PRIVILEGE, token, caller.previousMode))
      )
        return { status: STATUS.PRIVILEGE_NOT_HELD };
      let name: string | null = null;
      if (oa.ObjectName || oa.RootDirectory) {
        const named = PspObjectAttributesPath(ps, caller, oa);
        if (named.status !== STATUS.SUCCESS) return { status: named.status };
        name = named.path!;
      }
      let section: Section;
      if (fileHandle) {
        const r = MiSectionOfFile(ps, caller, fileHandle, { protect, attributes, size });
        if (!r.section) return { status: r.status };
        section = r.section;
      } else {
        if (attributes & SEC.IMAGE) return { status: STATUS.INVALID_FILE_FOR_SECTION };
        const r = MmCreateDataSection({ size, protect, allocationAttributes: attributes });
        if (!r.value) return { status: r.status };
        section = r.value;
      }
      const created = ObCreateObject(ob, {
        type: ps.sectionType.typeInfo,
        body: section,
        name,
        attributes: objAttributes,
        accessMode: caller.previousMode,
      });
      if (!created.object) return { status: created.status };
      const ins = ObInsertObject(ob, created.object, {
        desiredAccess: p.DesiredAccess >>> 0,
        process: caller.process,
        accessMode: caller.previousMode,
      });
      if (ins.handle === undefined) return { status: ins.status };
      return { status: ins.status, value: ins.handle, result: ins.handle };
    },
  );
  return out.value !== undefined ? { status: out.status, SectionHandle: out.value } : { status: out.status };
}

/**
 * NtOpenSection (ReactOS NtOpenSection: ObOpenObjectByName with MmSectionObjectType): how the
 * loader opens `\KnownDlls\kernel32.dll` — by its full name, or `kernel32.dll` relative to a handle
 * to `\KnownDlls`. A missing name is STATUS_OBJECT_NAME_NOT_FOUND (a missing directory
 * STATUS_OBJECT_PATH_NOT_FOUND); another type STATUS_OBJECT_TYPE_MISMATCH; no ObjectAttributes
 * STATUS_INVALID_PARAMETER.
 */
export function NtOpenSection(
  ps: PsSystem,
  caller: PsCaller,
  p: { DesiredAccess: number; ObjectAttributes?: OBJECT_ATTRIBUTES | null },
): { status: NTSTATUS; SectionHandle?: number } {
  const r = PspOpenObjectByAttributes(ps, caller, 'NtOpenSection', 'mm', ps.sectionType.typeInfo, p);
  return r.handle !== undefined ? { status: r.status, SectionHandle: r.handle } : { status: r.status };
}

/**
 * NtQuerySection (ReactOS NtQuerySection and its apitest, run on Windows; phnt ntmmapi.h): a class
 * other than SectionBasicInformation (0) or SectionImageInformation (1) is
 * STATUS_INVALID_INFO_CLASS; a buffer smaller than the structure STATUS_INFO_LENGTH_MISMATCH; the
 * handle needs SECTION_QUERY; image information of a data section is STATUS_SECTION_NOT_IMAGE.
 * SectionBasicInformation: BaseAddress 0 (no SEC_BASED), the attributes (SEC_IMAGE | SEC_FILE for
 * an image, SEC_FILE for a file's data, SEC_COMMIT or SEC_RESERVE for page-file-backed memory) and
 * MaximumSize. SectionImageInformation: the image control area's SECTION_IMAGE_INFORMATION.
 */
export function NtQuerySection(
  ps: PsSystem,
  caller: PsCaller,
  p: { SectionHandle: number; SectionInformationClass: number; SectionInformationLength?: number },
): {
  status: NTSTATUS;
  SectionInformation?: SECTION_BASIC_INFORMATION | SectionImageInformation;
  ReturnLength?: number;
} {
  const { ob, trace } = ps.deps;
  type Out = {
    SectionInformation?: SECTION_BASIC_INFORMATION | SectionImageInformation;
    ReturnLength?: number;
  };
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtQuerySection',
      channel: 'mm',
      args: { SectionHandle: p.SectionHandle, SectionInformationClass: p.SectionInformationClass },
    },
    (): { status: NTSTATUS; value?: Out } => {
      const cls = p.SectionInformationClass;
      const size =
        cls === SECTION_INFORMATION_CLASS.SectionBasicInformation
          ? SIZEOF_SECTION_BASIC_INFORMATION
          : cls === SECTION_INFORMATION_CLASS.SectionImageInformation
            ? SIZEOF_SECTION_IMAGE_INFORMATION
            : 0;
      if (!size) return { status: STATUS.INVALID_INFO_CLASS };
      if (p.SectionInformationLength !== undefined && p.SectionInformationLength < size)
        return { status: STATUS.INFO_LENGTH_MISMATCH };
      const ref = PspReferenceObjectByHandle<Section>(
        ps,
        caller,
        p.SectionHandle,
        SECTION_QUERY,
        ps.sectionType.typeInfo,
      );
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
      const section = ref.object!;
      ObDereferenceObject(ob, ref.header!);
      if (cls === SECTION_INFORMATION_CLASS.SectionImageInformation) {
        const image = section.image;
        if (!image) return { status: STATUS.SECTION_NOT_IMAGE };
        return {
          status: STATUS.SUCCESS,
          value: { SectionInformation: image.information(), ReturnLength: size },
        };
      }
      const attributes = section.isImage ? SEC.IMAGE | SEC.FILE : section.allocationAttributes;
      return {
        status: STATUS.SUCCESS,
        value: {
          SectionInformation: {
            BaseAddress: 0,
            AllocationAttributes: attributes >>> 0,
            MaximumSize: section.maximumSize,
          },
          ReturnLength: size,
        },
      };
    },
  );
  return { status: out.status, ...(out.value ?? {}) };
}
