import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  CM_SYMBOLIC_LINK_VALUE_NAME,
  MAX_KEY_NAME_LENGTH,
  MAX_REPARSE,
  REG_CREATED_NEW_KEY,
  REG_LEGAL_OPTION,
  REG_OPENED_EXISTING_KEY,
  REG_OPTION_CREATE_LINK,
  REG_OPTION_VOLATILE,
  KEY_SYM_LINK,
} from './constants.js';
import { CmKeyNode, cmFindSubkey, cmFindValue, cmNode, cmRoot, type CmKey, type CmRegistry } from './key.js';
import { cmUpcaseName } from './names.js';
import { readRegLink } from './value.js';

/**
 * Opening and creating keys by name: the object manager's lookup of `\REGISTRY` and the
 * configuration manager's parse routine behind it (ReactOS ntoskrnl/ob/obname.c
 * ObpLookupObjectName, ntoskrnl/config/cmparse.c CmpParseKey, CmpDoOpen, CmpDoCreate,
 * CmpGetSymbolicLink). NtCreateKey and NtOpenKey are these plus a handle.
 */

export interface CmCreateKeyParameters {
  /** Absolute (`\Registry\Machine\Software`) or, with `root`, relative to that key. */
  name: string;
  /** ObjectAttributes.RootDirectory: the key `name` is relative to. */
  root?: CmKey | null;
  /** REG_OPTION_VOLATILE, REG_OPTION_CREATE_LINK (others in REG_LEGAL_OPTION are accepted and ignored). */
  options?: number;
  /** The key's class, stored when the key is created (KEY_NODE_INFORMATION.Class). */
  className?: string;
  /** OBJ_OPENLINK: if the last component is a link, open the link key itself. */
  openLink?: boolean;
  /** The caller's clock: the new key's and its parent's LastWriteTime. */
  time: number;
}

export interface CmOpenKeyParameters {
  name: string;
  root?: CmKey | null;
  openLink?: boolean;
}

export interface CmCreateKeyResult {
  status: NTSTATUS;
  key?: CmKey;
  /** REG_CREATED_NEW_KEY or REG_OPENED_EXISTING_KEY. */
  disposition?: number;
}

interface CreateContext {
  options: number;
  className: string;
  time: number;
}

interface ParseContext {
  create: CreateContext | null;
  openLink: boolean;
}

interface ParseResult {
  status: NTSTATUS;
  key?: CmKeyNode;
  disposition?: number;
  /** With STATUS_REPARSE: the complete name to look up again from the root. */
  reparse?: string;
}

const SEP = '\\';

/**
 * NtCreateKey: opens the key if it exists (REG_OPENED_EXISTING_KEY), else creates the last
 * component (REG_CREATED_NEW_KEY). Missing intermediate keys are not created: that is
 * STATUS_OBJECT_NAME_NOT_FOUND (CmpParseKey creates only when the missing name is the last one;
 * advapi32's RegCreateKeyEx loops over the components itself — see createKeyRecursive).
 */
export function CmCreateKey(reg: CmRegistry, p: CmCreateKeyParameters): CmCreateKeyResult {
  const options = p.options ?? 0;
  if ((options & ~REG_LEGAL_OPTION) !== 0) return { status: STATUS.INVALID_PARAMETER };
  const r = CmpLookupKey(reg, p.root ?? null, p.name, {
    create: { options, className: p.className ?? '', time: p.time },
    openLink: p.openLink ?? false,
  });
  return r.status === STATUS.SUCCESS
    ? { status: r.status, key: r.key!, disposition: r.disposition! }
    : { status: r.status };
}

/** NtOpenKey: the key if every component exists, following symbolic links. */
export function CmOpenKey(reg: CmRegistry, p: CmOpenKeyParameters): { status: NTSTATUS; key?: CmKey } {
  const r = CmpLookupKey(reg, p.root ?? null, p.name, { create: null, openLink: p.openLink ?? false });
  return r.status === STATUS.SUCCESS ? { status: r.status, key: r.key! } : { status: r.status };
}

/**
 * The object manager's part: an absolute name must start at the root directory and its first
 * component must be `REGISTRY` (the only object this model's namespace holds); a relative name must
 * not start with a separator. A parse that returns STATUS_REPARSE (a symbolic link) starts over
 * from the root with the rewritten name, at most MAX_REPARSE times.
 */
function CmpLookupKey(reg: CmRegistry, root: CmKey | null, name: string, ctx: ParseContext): ParseResult {
  let start: CmKeyNode;
  let remaining: string;
  if (root) {
    if (name.startsWith(SEP)) return { status: STATUS.OBJECT_PATH_SYNTAX_BAD };
    start = cmNode(root);
    remaining = name;
  } else {
    const r = fromObjectRoot(reg, name);
    if ('status' in r) return r;
    ({ start, remaining } = r);
  }
  for (let reparses = 0; ; reparses++) {
    const r = CmpParseKey(start, remaining, ctx);
    if (r.status !== STATUS.REPARSE) return r;
    if (reparses === MAX_REPARSE) return { status: STATUS.OBJECT_NAME_NOT_FOUND };
    const next = fromObjectRoot(reg, r.reparse!);
    if ('status' in next) return next;
    ({ start, remaining } = next);
  }
}

/** ObpLookupObjectName from the root directory, for a namespace whose only object is `\REGISTRY`. */
function fromObjectRoot(
  reg: CmRegistry,
  name: string,
): { start: CmKeyNode; remaining: string } | { status: NTSTATUS } {
  if (!name.startsWith(SEP)) return { status: STATUS.OBJECT_PATH_SYNTAX_BAD };
  // `\` alone names the root directory, which is not a key.
  if (name.length === 1) return { status: STATUS.OBJECT_TYPE_MISMATCH };
  const end = name.indexOf(SEP, 1);
  const first = end < 0 ? name.slice(1) : name.slice(1, end);
  if (first === '') return { status: STATUS.OBJECT_NAME_INVALID };
  if (cmUpcaseName(first) !== 'REGISTRY')
    return { status: end < 0 ? STATUS.OBJECT_NAME_NOT_FOUND : STATUS.OBJECT_PATH_NOT_FOUND };
  return { start: cmRoot(reg), remaining: end < 0 ? '' : name.slice(end) };
}

/**
 * CmpParseKey: walks `remaining` from `start` one component at a time. Trailing separators are
 * dropped; one leading separator before each component is skipped (CmpGetNextName), so an empty
 * component in the middle is STATUS_INVALID_PARAMETER, as is one longer than MAX_KEY_NAME_LENGTH.
 */
function CmpParseKey(start: CmKeyNode, remaining: string, ctx: ParseContext): ParseResult {
  let rest = remaining;
  while (rest.endsWith(SEP)) rest = rest.slice(0, -1);
  if (start.deleted) return { status: STATUS.OBJECT_NAME_NOT_FOUND };
  // Parsing relative to a link key (a handle opened with OBJ_OPENLINK) goes to its target.
  if (start.symbolicLink) return reparseThrough(start, stripOneSeparator(rest));

  let node = start;
  let pos = 0;
  for (;;) {
    if (rest.charCodeAt(pos) === 0x5c) pos++;
    const end = rest.indexOf(SEP, pos);
    const component = end < 0 ? rest.slice(pos) : rest.slice(pos, end);
    const last = end < 0;
    if (component.length > MAX_KEY_NAME_LENGTH) return { status: STATUS.INVALID_PARAMETER };
    if (component === '') {
      // Only the end of the name may be empty: that opens the key reached so far.
      if (last) return CmpDoOpen(node, ctx);
      return { status: STATUS.INVALID_PARAMETER };
    }
    const child = cmFindSubkey(node, component);
    if (!child) {
      if (last && ctx.create) return CmpDoCreate(node, component, ctx.create);
      return { status: STATUS.OBJECT_NAME_NOT_FOUND };
    }
    if (last) return CmpDoOpen(child, ctx);
    // A link in the middle of the name: its target, then the rest of the name.
    if (child.symbolicLink) return reparseThrough(child, rest.slice(end + 1));
    node = child;
    pos = end;
  }
}

function stripOneSeparator(s: string): string {
  return s.startsWith(SEP) ? s.slice(1) : s;
}

/** The link's target followed by the rest of the name, or NOT_FOUND when the link is unusable. */
function reparseThrough(link: CmKeyNode, rest: string): ParseResult {
  const target = CmpGetSymbolicLink(link);
  if (target === null) return { status: STATUS.OBJECT_NAME_NOT_FOUND };
  const name = rest === '' ? target : target + SEP + rest;
  if (name.length * 2 > 0xffff) return { status: STATUS.OBJECT_NAME_NOT_FOUND };
  return { status: STATUS.REPARSE, reparse: name };
}

/**
 * CmpGetSymbolicLink: the target is the REG_LINK value `SymbolicLinkValue`, and must be an absolute
 * name (start with a separator); otherwise the open fails with STATUS_OBJECT_NAME_NOT_FOUND.
 */
export function CmpGetSymbolicLink(link: CmKeyNode): string | null {
  if (link.deleted) return null;
  const cell = cmFindValue(link, CM_SYMBOLIC_LINK_VALUE_NAME);
  if (!cell) return null;
  const target = readRegLink(cell.value);
  if (target === null || !target.startsWith(SEP)) return null;
  return target;
}

/**
 * CmpDoOpen: an existing key. Creating a link over an existing key is a collision; a link opened
 * without OBJ_OPENLINK is a reparse to its target (so NtCreateKey on a link whose target is
 * missing creates the target).
 */
function CmpDoOpen(node: CmKeyNode, ctx: ParseContext): ParseResult {
  if (ctx.create && (ctx.create.options & REG_OPTION_CREATE_LINK) !== 0)
    return { status: STATUS.OBJECT_NAME_COLLISION };
  if (node.symbolicLink && !ctx.openLink) return reparseThrough(node, '');
  return { status: STATUS.SUCCESS, key: node, disposition: REG_OPENED_EXISTING_KEY };
}

/**
 * CmpDoCreate: the children of a volatile key must be volatile (STATUS_CHILD_MUST_BE_VOLATILE); a
 * link key has no children (STATUS_ACCESS_DENIED). The parent's LastWriteTime and name/class
 * high-water marks are updated.
 */
function CmpDoCreate(parent: CmKeyNode, name: string, c: CreateContext): ParseResult {
  const volatile = (c.options & REG_OPTION_VOLATILE) !== 0;
  if (parent.volatile && !volatile) return { status: STATUS.CHILD_MUST_BE_VOLATILE };
  if (parent.symbolicLink) return { status: STATUS.ACCESS_DENIED };
  const flags = (c.options & REG_OPTION_CREATE_LINK) !== 0 ? KEY_SYM_LINK : 0;
  const key = new CmKeyNode(name, parent, volatile, flags, c.time, c.className);
  parent.addSubkey(key);
  parent.lastWriteTime = c.time;
  parent.maxNameLen = Math.max(parent.maxNameLen, name.length * 2);
  parent.maxClassLen = Math.max(parent.maxClassLen, c.className.length * 2);
  return { status: STATUS.SUCCESS, key, disposition: REG_CREATED_NEW_KEY };
}
