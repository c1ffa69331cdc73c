import { STATUS, type NTSTATUS } from '../../base/index.js';
import { IoReadFile, IoStatFile } from '../io/index.js';
import type { Section } from '../mm/index.js';
import { ObCreateObject, ObInsertObject } from '../ob/index.js';
import type { PsCaller } from './caller.js';
import type { PsSystem } from './ps-system.js';

/**
 * A Section object over the image section of the file at `ntPath` — what NtOpenFile followed by
 * NtCreateSection(SEC_IMAGE) gives a caller, until kernel/io has file objects and kernel/mm its own
 * NtCreateSection: the file is read, MmCreateSection makes (or finds: one control area per file)
 * its image section, and the caller gets a handle to a new section object with `desiredAccess`
 * (SECTION_* rights). A missing file is the lookup's status; a file that is not an image
 * STATUS_INVALID_IMAGE_NOT_MZ & co. A failure leaves no object or handle.
 */
export function PsCreateImageSection(
  ps: PsSystem,
  caller: PsCaller,
  ntPath: string,
  desiredAccess: number,
  attributes = 0,
  name: string | null = null,
): { status: NTSTATUS; SectionHandle?: number; section?: Section } {
  const { ob } = ps.deps;
  const r = MmImageSectionOfFile(ps, ntPath);
  if (!r.section) return { status: r.status };
  const section = r.section;
  ps.sectionFileNames.set(section, ntPath);
  const created = ObCreateObject(ob, {
    type: ps.sectionType.typeInfo,
    body: section,
    attributes,
    name,
    accessMode: caller.previousMode,
  });
  if (!created.object) return { status: created.status };
  const ins = ObInsertObject(ob, created.object, {
    desiredAccess,
    process: caller.process,
    accessMode: caller.previousMode,
  });
  if (ins.status !== STATUS.SUCCESS) return { status: ins.status };
  return { status: STATUS.SUCCESS, SectionHandle: ins.handle!, section };
}

/**
 * MmCreateSection(SEC_IMAGE) for a file by NT path: the image section of the file as it is now —
 * keyed on its device path and version, so every opener shares one control area and a rewritten
 * file gets a new one. The bytes are read only when no section exists yet.
 */
export function MmImageSectionOfFile(
  ps: PsSystem,
  ntPath: string,
  opened?: ReturnType<typeof IoStatFile>,
): { status: NTSTATUS; section?: Section } {
  const { ob, mm } = ps.deps;
  // `opened`: the caller's own open of the file (NtCreateUserProcess opens it first).
  const st = opened ?? IoStatFile(ob.namespace, ntPath);
  if (st.status !== STATUS.SUCCESS) return { status: st.status };
  if (st.entry!.isDirectory) return { status: STATUS.FILE_IS_A_DIRECTORY };
  const key = `${st.file!.devicePath}|${st.entry!.version ?? 0}`;
  const r = mm.imageSection(key, () => IoReadFile(ob.namespace, ntPath).data!);
  return r.value ? { status: r.status, section: r.value } : { status: r.status };
}
