import { ModelError, STATUS, type NTSTATUS } from '../../base/index.js';

/**
 * Security identifiers. The layout is winnt.h's SID: Revision (1), SubAuthorityCount,
 * IdentifierAuthority (6 bytes, big-endian), SubAuthority[] (ULONGs, little-endian). The model
 * keeps a SID as an immutable value; `RtlConvertSidToUnicodeString` gives the `S-1-…` form and
 * `sidToBytes`/`sidFromBytes` the binary one (for tokens and descriptors written to memory).
 */
export interface SID {
  /** SID_REVISION (winnt.h): always 1. */
  readonly revision: 1;
  /** The 48-bit SID_IDENTIFIER_AUTHORITY as a number (5 = SECURITY_NT_AUTHORITY). */
  readonly identifierAuthority: number;
  /** 0 to SID_MAX_SUB_AUTHORITIES ULONGs; the last is the RID. */
  readonly subAuthorities: readonly number[];
}

/** winnt.h: SID_REVISION 1, SID_MAX_SUB_AUTHORITIES 15. */
export const SID_REVISION = 1;
export const SID_MAX_SUB_AUTHORITIES = 15;

const MAX_AUTHORITY = 2 ** 48 - 1;

function isUlong(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

/** A SID from its authority and sub-authorities; a bad value is a bug in the caller (ModelError). */
export function createSid(identifierAuthority: number, ...subAuthorities: number[]): SID {
  if (
    !Number.isInteger(identifierAuthority) ||
    identifierAuthority < 0 ||
    identifierAuthority > MAX_AUTHORITY
  )
    throw new ModelError('SE_BAD_SID', `identifier authority ${identifierAuthority} is not 48-bit`);
  if (subAuthorities.length > SID_MAX_SUB_AUTHORITIES || !subAuthorities.every(isUlong))
    throw new ModelError('SE_BAD_SID', `bad sub-authorities ${subAuthorities.join('-')}`);
  return Object.freeze({
    revision: 1,
    identifierAuthority,
    subAuthorities: Object.freeze([...subAuthorities]),
  });
}

/** The last sub-authority (the relative identifier), or undefined for a SID without any. */
export function sidRid(sid: SID): number | undefined {
  return sid.subAuthorities[sid.subAuthorities.length - 1];
}

/** RtlEqualSid. */
export function RtlEqualSid(a: SID, b: SID): boolean {
  if (a === b) return true;
  if (a.identifierAuthority !== b.identifierAuthority) return false;
  if (a.subAuthorities.length !== b.subAuthorities.length) return false;
  return a.subAuthorities.every((v, i) => v === b.subAuthorities[i]);
}

/** RtlLengthSid: 8 bytes of header and 4 per sub-authority. */
export function RtlLengthSid(sid: SID): number {
  return 8 + 4 * sid.subAuthorities.length;
}

/**
 * RtlConvertSidToUnicodeString: `S-1-5-21-…`. An authority below 2^32 is decimal; a larger one
 * is `0x` and twelve hex digits (ReactOS sdk/lib/rtl/sid.c RtlConvertSidToUnicodeString).
 */
export function RtlConvertSidToUnicodeString(sid: SID): string {
  const a = sid.identifierAuthority;
  const authority = a > 0xffffffff ? '0x' + a.toString(16).padStart(12, '0') : String(a);
  return ['S', sid.revision, authority, ...sid.subAuthorities].join('-');
}

/**
 * ConvertStringSidToSidW's numeric form (Microsoft Learn "ConvertStringSidToSidW"; Wine
 * dlls/sechost/security.c): `S-1-` then the authority (decimal, or `0x` + up to 12 hex digits),
 * then 0–15 decimal ULONG sub-authorities. Anything else is STATUS_INVALID_SID (ERROR_INVALID_SID
 * at the Win32 edge). SDDL's two-letter aliases (`SY`, `BA` …) are the SDDL parser's business.
 */
export function parseStringSid(text: string): { status: NTSTATUS; sid?: SID } {
  const parts = text.split('-');
  if (parts.length < 3 || (parts[0] !== 'S' && parts[0] !== 's') || parts[1] !== '1')
    return { status: STATUS.INVALID_SID };
  const authorityText = parts[2]!;
  let authority: number;
  if (/^0[xX][0-9a-fA-F]{1,12}$/.test(authorityText)) authority = parseInt(authorityText.slice(2), 16);
  else if (/^[0-9]{1,10}$/.test(authorityText)) authority = Number(authorityText);
  else return { status: STATUS.INVALID_SID };
  if (authority > MAX_AUTHORITY) return { status: STATUS.INVALID_SID };
  const subs: number[] = [];
  for (const p of parts.slice(3)) {
    if (!/^[0-9]{1,10}$/.test(p)) return { status: STATUS.INVALID_SID };
    const v = Number(p);
    if (v > 0xffffffff) return { status: STATUS.INVALID_SID };
    subs.push(v);
  }
  if (subs.length > SID_MAX_SUB_AUTHORITIES) return { status: STATUS.INVALID_SID };
  return { status: STATUS.SUCCESS, sid: createSid(authority, ...subs) };
}

/** The binary SID (winnt.h layout), RtlLengthSid(sid) bytes. */
export function sidToBytes(sid: SID): Uint8Array {
  const out = new Uint8Array(RtlLengthSid(sid));
  const dv = new DataView(out.buffer);
  out[0] = sid.revision;
  out[1] = sid.subAuthorities.length;
  let a = sid.identifierAuthority;
  for (let i = 7; i >= 2; i--) {
    out[i] = a % 256;
    a = Math.floor(a / 256);
  }
  sid.subAuthorities.forEach((v, i) => dv.setUint32(8 + 4 * i, v, true));
  return out;
}

/**
 * A binary SID at `offset` (RtlValidSid's checks: revision 1, at most 15 sub-authorities, the
 * bytes present). Failure is STATUS_INVALID_SID.
 */
export function sidFromBytes(
  bytes: Uint8Array,
  offset = 0,
): { status: NTSTATUS; sid?: SID; length?: number } {
  if (offset < 0 || offset + 8 > bytes.length) return { status: STATUS.INVALID_SID };
  const revision = bytes[offset]!;
  const count = bytes[offset + 1]!;
  if (revision !== SID_REVISION || count > SID_MAX_SUB_AUTHORITIES) return { status: STATUS.INVALID_SID };
  const length = 8 + 4 * count;
  if (offset + length > bytes.length) return { status: STATUS.INVALID_SID };
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + bytes[offset + i]!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(dv.getUint32(8 + 4 * i, true));
  return { status: STATUS.SUCCESS, sid: createSid(authority, ...subs), length };
}
