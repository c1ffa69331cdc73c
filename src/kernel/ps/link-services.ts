import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  OBJ_OPENLINK,
  ObDereferenceObject,
  ObjectDirectory,
  ObOpenObjectByName,
  SYMBOLIC_LINK_QUERY,
  SymbolicLink,
  type ObjectType,
} from '../ob/index.js';
import type { PsCaller } from './caller.js';
import {
  PspObjectAttributesPath,
  PspReferenceObjectByHandle,
  type OBJECT_ATTRIBUTES,
} from './object-attributes.js';
import type { PsSystem } from './ps-system.js';
import type { UNICODE_STRING } from './query-process.js';

type OpenParameters = { DesiredAccess: number; ObjectAttributes?: OBJECT_ATTRIBUTES | null };

/** ObOpenObjectByName of a namespace object of `type`, for the open services below. */
function ObpOpenNamed(
  ps: PsSystem,
  caller: PsCaller,
  fn: string,
  type: ObjectType,
  p: OpenParameters,
  extraAttributes = 0,
): { status: NTSTATUS; handle?: number } {
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn,
      channel: 'ob',
      args: { name: p.ObjectAttributes?.ObjectName ?? null, DesiredAccess: p.DesiredAccess >>> 0 },
    },
    (): { status: NTSTATUS; value?: number; result?: number } => {
      const oa = p.ObjectAttributes;
      if (!oa) return { status: STATUS.INVALID_PARAMETER };
      const named = PspObjectAttributesPath(ps, caller, oa);
      if (named.status !== STATUS.SUCCESS) return { status: named.status };
      const r = ObOpenObjectByName(ps.deps.ob, named.path!, {
        attributes: (oa.Attributes ?? 0) | extraAttributes,
        desiredAccess: p.DesiredAccess >>> 0,
        type,
        accessMode: caller.previousMode,
        process: caller.process,
      });
      return r.handle !== undefined
        ? { status: r.status, value: r.handle, result: r.handle }
        : { status: r.status };
    },
  );
  return out.value !== undefined ? { status: out.status, handle: out.value } : { status: out.status };
}

/**
 * NtOpenDirectoryObject (Microsoft Learn "NtOpenDirectoryObject"): a handle to an object directory
 * (`\KnownDlls`), DIRECTORY_QUERY / DIRECTORY_TRAVERSE / …; the lookup's statuses for a missing
 * name, STATUS_OBJECT_TYPE_MISMATCH for another kind of object.
 */
export function NtOpenDirectoryObject(
  ps: PsSystem,
  caller: PsCaller,
  p: OpenParameters,
): { status: NTSTATUS; DirectoryHandle?: number } {
  const r = ObpOpenNamed(ps, caller, 'NtOpenDirectoryObject', ObjectDirectory.type, p);
  return r.handle !== undefined ? { status: r.status, DirectoryHandle: r.handle } : { status: r.status };
}

/**
 * NtOpenSymbolicLinkObject: a handle to the link itself (ObpParseSymbolicLink does not reparse the
 * last component when a symbolic link is what is being opened — as OBJ_OPENLINK), e.g.
 * `\KnownDlls\KnownDllPath`. Another kind of object is STATUS_OBJECT_TYPE_MISMATCH.
 */
export function NtOpenSymbolicLinkObject(
  ps: PsSystem,
  caller: PsCaller,
  p: OpenParameters,
): { status: NTSTATUS; LinkHandle?: number } {
  const r = ObpOpenNamed(ps, caller, 'NtOpenSymbolicLinkObject', SymbolicLink.type, p, OBJ_OPENLINK);
  return r.handle !== undefined ? { status: r.status, LinkHandle: r.handle } : { status: r.status };
}

/**
 * NtQuerySymbolicLinkObject (ReactOS ob/oblink.c): the handle needs SYMBOLIC_LINK_QUERY; the target
 * is copied into LinkTarget's buffer. The bytes needed are the target's MaximumLength (its length
 * and the terminating NUL) when ReturnedLength is asked for, else its Length; a buffer
 * (LinkTarget.MaximumLength) smaller than that is STATUS_BUFFER_TOO_SMALL — ReturnedLength still
 * says what is needed. LinkTarget absent: a buffer large enough. ReturnedLength: null means the
 * caller passed none.
 */
export function NtQuerySymbolicLinkObject(
  ps: PsSystem,
  caller: PsCaller,
  p: { LinkHandle: number; LinkTarget?: { MaximumLength?: number } | null; ReturnedLength?: unknown },
): { status: NTSTATUS; LinkTarget?: UNICODE_STRING; ReturnedLength?: number } {
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtQuerySymbolicLinkObject',
      channel: 'ob',
      args: { LinkHandle: p.LinkHandle },
    },
    (): { status: NTSTATUS; value?: { LinkTarget?: UNICODE_STRING; ReturnedLength?: number } } => {
      const ref = PspReferenceObjectByHandle<SymbolicLink>(
        ps,
        caller,
        p.LinkHandle,
        SYMBOLIC_LINK_QUERY,
        SymbolicLink.type,
      );
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
      const target = ref.object!.target;
      ObDereferenceObject(ps.deps.ob, ref.header!);
      const text: UNICODE_STRING = {
        Length: target.length * 2,
        MaximumLength: target.length * 2 + 2,
        Buffer: target,
      };
      const wantsLength = p.ReturnedLength !== null;
      const used = wantsLength ? text.MaximumLength : text.Length;
      const room = p.LinkTarget?.MaximumLength ?? Infinity;
      const returned = wantsLength ? { ReturnedLength: text.MaximumLength } : {};
      if (used > room) return { status: STATUS.BUFFER_TOO_SMALL, value: returned };
      // The caller's UNICODE_STRING gets Length; MaximumLength stays its buffer's size.
      const written = { ...text, MaximumLength: p.LinkTarget?.MaximumLength ?? text.MaximumLength };
      return { status: STATUS.SUCCESS, value: { LinkTarget: written, ...returned } };
    },
  );
  return { status: out.status, ...(out.value ?? {}) };
}
