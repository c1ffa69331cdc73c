import { STATUS, type NTSTATUS } from '../../base/index.js';
import { IoReadFile } from '../io/index.js';
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
): { status: NTSTATUS; SectionHandle?: number; section?: Section } {
  const { ob, mm } = ps.deps;
  const file = IoReadFile(ob.namespace, ntPath);
  if (file.status !== STATUS.SUCCESS || !file.data) return { status: file.status };
  const r = mm.imageSection(ntPath, () => file.data!);
  if (!r.value) return { status: r.status };
  ps.sectionFileNames.set(r.value, ntPath);
  const created = ObCreateObject(ob, {
    type: ps.sectionType.typeInfo,
    body: r.value,
    attributes,
    accessMode: caller.previousMode,
  });
  if (!created.object) return { status: created.status };
  const ins = ObInsertObject(ob, created.object, {
    desiredAccess,
    process: caller.process,
    accessMode: caller.previousMode,
  });
  if (ins.status !== STATUS.SUCCESS) return { status: ins.status };
  return { status: STATUS.SUCCESS, SectionHandle: ins.handle!, section: r.value };
}
