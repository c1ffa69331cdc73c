import { STATUS, type NTSTATUS } from '../../base/index.js';
import { createAce, createAcl, SYSTEM_MANDATORY_LABEL_ACE_TYPE, type ACE, type ACL } from './acl.js';
import {
  createSecurityDescriptor,
  SE_DACL_AUTO_INHERIT_REQ,
  SE_DACL_AUTO_INHERITED,
  SE_DACL_PROTECTED,
  SE_SACL_AUTO_INHERIT_REQ,
  SE_SACL_AUTO_INHERITED,
  SE_SACL_PROTECTED,
  type SECURITY_DESCRIPTOR,
  type SecurityDescriptorParts,
} from './security-descriptor.js';
import {
  SDDL_ACE_FLAGS,
  SDDL_ACE_TYPES,
  SDDL_LABEL_POLICY,
  SDDL_RIGHT_BITS,
  SDDL_RIGHTS,
  SDDL_SID_ALIASES,
} from './sddl-tables.js';
import { parseStringSid, RtlConvertSidToUnicodeString, RtlEqualSid, type SID } from './sid.js';

/**
 * SDDL for the descriptors process creation uses: `O:` `G:` `D:` `S:` with the P/AR/AI flags or
 * NO_ACCESS_CONTROL, and A, D, AU and ML ACEs (Microsoft Learn "Security Descriptor String
 * Format", "ACE Strings"). Object ACEs (GUID fields), conditional ACEs and resource attributes
 * are refused as unsupported. Errors give the 0-based position in the string. The status is the
 * model's choice of the closest NTSTATUS (advapi32 mostly reports ERROR_INVALID_PARAMETER):
 * STATUS_INVALID_SID for a SID, STATUS_INVALID_ACL inside an ACL, else STATUS_INVALID_SECURITY_DESCR.
 */
export interface SddlParseResult {
  status: NTSTATUS;
  sd?: SECURITY_DESCRIPTOR;
  /** `SDDL position 14: unknown ACE type "Q"`. */
  message?: string;
  position?: number;
}

class SddlError {
  constructor(
    readonly status: NTSTATUS,
    readonly position: number,
    readonly what: string,
  ) {}
}

function fail(status: NTSTATUS, position: number, what: string): never {
  throw new SddlError(status, position, what);
}

function parseSidToken(text: string, position: number): SID {
  const alias = SDDL_SID_ALIASES.find(([a]) => a === text);
  if (alias) return alias[1];
  const r = parseStringSid(text);
  if (!r.sid) fail(STATUS.INVALID_SID, position, `bad SID "${text}" (an alias like SY or an S-1-… string)`);
  return r.sid;
}

function parseRights(text: string, position: number): number {
  if (text === '') return 0;
  if (/^0[xX][0-9a-fA-F]+$/.test(text) || /^[0-9]+$/.test(text)) {
    const v = Number(text);
    if (v > 0xffffffff) fail(STATUS.INVALID_ACL, position, `access mask ${text} is more than 32 bits`);
    return v >>> 0;
  }
  let mask = 0;
  for (let i = 0; i < text.length; i += 2) {
    const code = text.slice(i, i + 2);
    const right = SDDL_RIGHTS.find(([n]) => n === code) ?? SDDL_LABEL_POLICY.find(([n]) => n === code);
    if (!right) fail(STATUS.INVALID_ACL, position + i, `unknown access right "${code}"`);
    mask |= right[1];
  }
  return mask >>> 0;
}

function parseAceFlags(text: string, position: number): number {
  let flags = 0;
  for (let i = 0; i < text.length; i += 2) {
    const code = text.slice(i, i + 2);
    const f = SDDL_ACE_FLAGS.find(([n]) => n === code);
    if (!f) fail(STATUS.INVALID_ACL, position + i, `unknown ACE flag "${code}"`);
    flags |= f[1];
  }
  return flags;
}

function parseAce(text: string, position: number): ACE {
  const fields = text.split(';');
  if (fields.length === 7) fail(STATUS.INVALID_ACL, position, 'resource attribute ACEs are not supported');
  if (fields.length !== 6)
    fail(
      STATUS.INVALID_ACL,
      position,
      `an ACE has 6 fields "type;flags;rights;object;inherit;sid", found ${fields.length}`,
    );
  const at: number[] = [];
  let p = position;
  for (const f of fields) {
    at.push(p);
    p += f.length + 1;
  }
  const [type, flags, rights, object, inherit, sid] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const t = SDDL_ACE_TYPES.find(([n]) => n === type);
  if (!t) fail(STATUS.INVALID_ACL, at[0]!, `unknown ACE type "${type}" (supported: A, D, AU, ML)`);
  if (object !== '') fail(STATUS.INVALID_ACL, at[3]!, 'object ACEs (GUIDs) are not supported');
  if (inherit !== '') fail(STATUS.INVALID_ACL, at[4]!, 'object ACEs (GUIDs) are not supported');
  return createAce(
    t[1],
    parseAceFlags(flags, at[1]!),
    parseRights(rights, at[2]!),
    parseSidToken(sid, at[5]!),
  );
}

/** `PAI(…)(…)` or `NO_ACCESS_CONTROL`: the control bits and the ACL (null for a NULL ACL). */
function parseAcl(text: string, position: number, dacl: boolean): { acl: ACL | null; control: number } {
  const [protectedBit, reqBit, inheritedBit] = dacl
    ? [SE_DACL_PROTECTED, SE_DACL_AUTO_INHERIT_REQ, SE_DACL_AUTO_INHERITED]
    : [SE_SACL_PROTECTED, SE_SACL_AUTO_INHERIT_REQ, SE_SACL_AUTO_INHERITED];
  let control = 0;
  let nullAcl = false;
  let i = 0;
  while (i < text.length && text[i] !== '(') {
    const rest = text.slice(i);
    if (rest.startsWith('NO_ACCESS_CONTROL')) {
      nullAcl = true;
      i += 'NO_ACCESS_CONTROL'.length;
    } else if (rest.startsWith('AR')) {
      control |= reqBit;
      i += 2;
    } else if (rest.startsWith('AI')) {
      control |= inheritedBit;
      i += 2;
    } else if (rest.startsWith('P')) {
      control |= protectedBit;
      i += 1;
    } else
      fail(
        STATUS.INVALID_ACL,
        position + i,
        `unknown ACL flag at "${rest.slice(0, 8)}" (P, AR, AI or NO_ACCESS_CONTROL)`,
      );
  }
  const aces: ACE[] = [];
  while (i < text.length) {
    if (text[i] !== '(') fail(STATUS.INVALID_ACL, position + i, 'expected "(" to start an ACE');
    const close = text.indexOf(')', i);
    if (close < 0) fail(STATUS.INVALID_ACL, position + i, 'ACE without a closing ")"');
    aces.push(parseAce(text.slice(i + 1, close), position + i + 1));
    i = close + 1;
  }
  if (nullAcl && aces.length > 0) fail(STATUS.INVALID_ACL, position, 'NO_ACCESS_CONTROL with ACEs');
  return { acl: nullAcl ? null : createAcl(aces), control };
}

/** The index where the component starting at `from` ends: the next top-level `O:`/`G:`/`D:`/`S:`. */
function componentEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && s[i + 1] === ':' && 'OGDS'.includes(c)) return i;
  }
  return s.length;
}

/** ConvertStringSecurityDescriptorToSecurityDescriptor, for the subset above. */
export function parseSddl(text: string): SddlParseResult {
  try {
    const parts: SecurityDescriptorParts = { control: 0 };
    const seen = new Set<string>();
    let pos = 0;
    while (pos < text.length) {
      const tag = text[pos]!;
      if (text[pos + 1] !== ':' || !'OGDS'.includes(tag))
        fail(STATUS.INVALID_SECURITY_DESCR, pos, 'expected O:, G:, D: or S:');
      if (seen.has(tag)) fail(STATUS.INVALID_SECURITY_DESCR, pos, `${tag}: appears twice`);
      seen.add(tag);
      const start = pos + 2;
      const end = componentEnd(text, start);
      const value = text.slice(start, end);
      if (tag === 'O' || tag === 'G') {
        const sid = parseSidToken(value, start);
        if (tag === 'O') parts.owner = sid;
        else parts.group = sid;
      } else {
        const { acl, control } = parseAcl(value, start, tag === 'D');
        if (tag === 'D') parts.dacl = acl;
        else parts.sacl = acl;
        parts.control! |= control;
      }
      pos = end;
    }
    return { status: STATUS.SUCCESS, sd: createSecurityDescriptor(parts) };
  } catch (e) {
    if (!(e instanceof SddlError)) throw e;
    return { status: e.status, position: e.position, message: `SDDL position ${e.position}: ${e.what}` };
  }
}

function formatSid(sid: SID): string {
  return SDDL_SID_ALIASES.find(([, s]) => RtlEqualSid(s, sid))?.[0] ?? RtlConvertSidToUnicodeString(sid);
}

/** Rights as Wine's DumpRights writes them; a label ACE's policy as NW/NR/NX. */
function formatRights(ace: ACE): string {
  const mask = ace.mask >>> 0;
  if (mask === 0) return '';
  if (ace.type === SYSTEM_MANDATORY_LABEL_ACE_TYPE && (mask & ~0x7) === 0)
    return SDDL_LABEL_POLICY.filter(([, bit]) => mask & bit)
      .map(([n]) => n)
      .join('');
  const named = SDDL_RIGHTS.find(([, v]) => v >>> 0 === mask);
  if (named) return named[0];
  let out = '';
  for (let i = 0; i < 32; i++) {
    if (((mask >>> i) & 1) === 0) continue;
    const name = SDDL_RIGHT_BITS[i];
    if (!name) return '0x' + mask.toString(16);
    out += name;
  }
  return out;
}

function formatAce(ace: ACE): string {
  const type = SDDL_ACE_TYPES.find(([, v]) => v === ace.type)?.[0] ?? `0x${ace.type.toString(16)}`;
  const flags = SDDL_ACE_FLAGS.filter(([, bit]) => ace.flags & bit)
    .map(([n]) => n)
    .join('');
  return `(${type};${flags};${formatRights(ace)};;;${formatSid(ace.sid)})`;
}

function formatAcl(acl: ACL | null, control: number, bits: [number, number, number]): string {
  let s = '';
  if (control & bits[0]) s += 'P';
  if (control & bits[1]) s += 'AR';
  if (control & bits[2]) s += 'AI';
  if (acl === null) return s + 'NO_ACCESS_CONTROL';
  return s + acl.aces.map(formatAce).join('');
}

/** ConvertSecurityDescriptorToStringSecurityDescriptor (owner, group, DACL, SACL, in that order). */
export function formatSddl(sd: SECURITY_DESCRIPTOR): string {
  let s = '';
  if (sd.owner) s += 'O:' + formatSid(sd.owner);
  if (sd.group) s += 'G:' + formatSid(sd.group);
  if (sd.dacl !== undefined)
    s +=
      'D:' +
      formatAcl(sd.dacl, sd.control, [SE_DACL_PROTECTED, SE_DACL_AUTO_INHERIT_REQ, SE_DACL_AUTO_INHERITED]);
  if (sd.sacl !== undefined)
    s +=
      'S:' +
      formatAcl(sd.sacl, sd.control, [SE_SACL_PROTECTED, SE_SACL_AUTO_INHERIT_REQ, SE_SACL_AUTO_INHERITED]);
  return s;
}
