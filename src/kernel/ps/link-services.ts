import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  OBJ_OPENLINK,
  ObDereferenceObject,
  ObjectDirectory,
  SYMBOLIC_LINK_QUERY,
  SymbolicLink,
} from '../ob/index.js';
import type { PsCaller } from './caller.js';
import {
  PspOpenObjectByAttributes,
  PspReferenceObjectByHandle,
  type OBJECT_ATTRIBUTES,
} from './object-attributes.js';
import type { PsSystem } from './ps-system.js';
import type { UNICODE_STRING } from './query-process.js';

type OpenParameters = { DesiredAccess: number; ObjectAttributes?: OBJECT_ATTRIBUTES | null };

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
  const r = PspOpenObjectByAttributes(ps, caller, 'NtOpenDirectoryObject', 'ob', ObjectDirectory.type, p);
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
  const r = PspOpenObjectByAttributes(
    ps,
    caller,
    'NtOpenSymbolicLinkObject',
    'ob',
    SymbolicLink.type,
    p,
    OBJ_OPENLINK,
  );
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
