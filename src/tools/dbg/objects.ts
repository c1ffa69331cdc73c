import {
  ObQueryNameString,
  ObjectDirectory,
  ObjectHeader,
  SymbolicLink,
  type NamedObject,
} from '../../kernel/ob/index.js';
import type { EPROCESS } from '../../kernel/ps/index.js';
import { lookupPrivilegeName, RtlConvertSidToUnicodeString, type TOKEN } from '../../kernel/se/index.js';
import { DbgError } from './errors.js';
import { addr64, hex16, hexPad } from './format.js';
import { processBlock } from './process.js';
import { words, type DbgSession } from './session.js';
import type { DbgTarget } from './target.js';

/**
 * `!handle`, `!object` and `!token` (Microsoft Learn, "!handle", "!object", "!token"): the handle
 * table, object headers and tokens the object manager and the security reference monitor hold.
 */

/** `Object: … Type: (…) Name` and the header lines `!object` and `!handle … 3` print. */
function objectLines(s: DbgSession, h: ObjectHeader, indent: string): string[] {
  const typeAddress = h.typeObject?.header?.bodyAddress ?? 0n;
  const lines = [
    `${indent}Object: ${hex16(h.bodyAddress)}  Type: (${hex16(typeAddress)}) ${h.type.name}`,
    `${indent}    ObjectHeader: ${hex16(h.address)} (new version)`,
    `${indent}        HandleCount: ${h.handleCount}  PointerCount: ${h.pointerCount}`,
  ];
  const name = ObQueryNameString(s.target.booted.kernel.ob, h);
  if (h.name) {
    const dir = h.directory ? directoryAddress(s.target, h.directory) : 0n;
    lines.push(`${indent}        Directory Object: ${hex16(dir)}  Name: ${h.name}`);
  } else if (name) lines.push(`${indent}        Name: ${name}`);
  return lines;
}

function directoryAddress(t: DbgTarget, dir: ObjectDirectory): bigint {
  for (const o of walkNamespace(t)) if (o.body === dir && o instanceof ObjectHeader) return o.bodyAddress;
  return 0n;
}

/** Every object in the namespace, depth first (directories before their entries). */
function* walkNamespace(t: DbgTarget): Generator<NamedObject> {
  const stack: ObjectDirectory[] = [t.booted.kernel.ob.namespace.root];
  const seen = new Set<ObjectDirectory>();
  while (stack.length) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    for (const o of d.list()) {
      yield o;
      if (o.body instanceof ObjectDirectory) stack.push(o.body);
    }
  }
}

/**
 * `!handle [Handle] [Flags] [ProcessId]`: 0 or no handle lists all; flag bit 1 (2) adds each
 * object's header lines. The process block and the table line come first, as in kd.
 */
export function bangHandle(args: string, s: DbgSession): string[] {
  const argv = words(args);
  const t = s.target;
  const handle = argv[0] !== undefined ? Number(s.evaluate(argv[0])) : 0;
  const flags = argv[1] !== undefined ? Number(s.evaluate(argv[1])) : 3;
  let p: EPROCESS = t.process;
  if (argv[2] !== undefined) {
    const found = t.findProcess(s.evaluate(argv[2]));
    if (!found) throw new DbgError(`Invalid process ${argv[2]}`);
    p = found;
  }
  const out = processBlock(t, p, 0);
  const table = p.ObjectTable;
  if (!table) return [...out, 'Handle table is NULL'];
  const kind = p.kind === 'system' ? 'Kernel handle table' : 'Handle table';
  out.push(`${kind} at ${hex16(table.address)} with ${table.handleCount} entries in use`, '');
  let shown = 0;
  for (const r of table.rows()) {
    if (handle !== 0 && r.handle !== handle) continue;
    shown++;
    const attrs = `${r.attributes & 1 ? ' (Protected)' : ''}${r.attributes & 2 ? ' (Inherit)' : ''}`;
    out.push(
      `${hexPad(r.handle, 4)}: Object: ${hex16(r.object.bodyAddress)}  GrantedAccess: ${hexPad(r.grantedAccess >>> 0, 8)}${attrs} Entry: ${hex16(r.entryAddress)}`,
    );
    if (flags & 2) out.push(...objectLines(s, r.object, ''));
    out.push('');
  }
  if (handle !== 0 && shown === 0) out.push(`Handle ${handle.toString(16)} is not a valid handle`);
  return out;
}

/** `!object <path | address>`; a directory lists its entries, a symbolic link its target. */
export function bangObject(args: string, s: DbgSession): string[] {
  const arg = args.trim();
  if (!arg) throw new DbgError('Usage: !object <path | address>');
  const t = s.target;
  let found: NamedObject | null = null;
  if (arg.startsWith('\\')) {
    const r = t.booted.kernel.ob.namespace.lookup(arg, { openLink: true });
    if (!r.object) return [`${arg} is not a valid object path`];
    found = r.object;
  } else {
    const address = s.evaluate(arg);
    found = objectByAddress(t, address);
    if (!found) return [`${hex16(address)}: Not a valid object (ObjectType invalid)`];
  }
  if (!(found instanceof ObjectHeader)) {
    // The root directory: the namespace's own, with no header in the model.
    return [`Object: ${hex16(0)}  Type: (${hex16(0)}) ${found.type.name}`, ...directoryListing(found)];
  }
  const out = objectLines(s, found, '');
  const body = found.body;
  if (body instanceof SymbolicLink) out.push(`    Target String is '${body.target}'`);
  out.push(...directoryListing(found));
  return out;
}

function directoryListing(o: NamedObject): string[] {
  if (!(o.body instanceof ObjectDirectory)) return [];
  const out = [
    '',
    '    Address          Type                      Name',
    '    -------          ----                      ----',
  ];
  for (const e of o.body.list()) {
    const address = e instanceof ObjectHeader ? hex16(e.bodyAddress) : hex16(0);
    out.push(`    ${address} ${e.type.name.padEnd(25)} ${e.name}`);
  }
  return out;
}

/** An object by its body address: processes, threads, handle-table entries and the namespace. */
function objectByAddress(t: DbgTarget, address: bigint): ObjectHeader | null {
  for (const p of t.processes) {
    if (p.header?.bodyAddress === address) return p.header;
    for (const th of p.threads) if (th.header?.bodyAddress === address) return th.header;
    for (const r of p.ObjectTable?.rows() ?? []) if (r.object.bodyAddress === address) return r.object;
  }
  for (const o of walkNamespace(t)) if (o instanceof ObjectHeader && o.bodyAddress === address) return o;
  return null;
}

const GROUP_ATTRIBUTES: readonly [number, string][] = [
  [0x1, 'Mandatory'],
  [0x2, 'Default'],
  [0x4, 'Enabled'],
  [0x8, 'Owner'],
  [0x10, 'DenyOnly'],
  [0x20, 'GroupIntegrity'],
  [0x40, 'GroupIntegrityEnabled'],
  [0x20000000, 'Resource'],
  [0xc0000000, 'LogonId'],
];
const IMPERSONATION = ['Anonymous', 'Identification', 'Impersonation', 'Delegation'];

/**
 * `!token [address]`: the implicit process's primary token, or the token object at an address
 * (an EPROCESS.Token value with its _EX_FAST_REF bits works too: they are masked off, as kd's
 * `!token` accepts `poi(proc+0x4b8) & ~0xf`).
 */
export function bangToken(args: string, s: DbgSession): string[] {
  const t = s.target;
  let token: TOKEN | null = null;
  let address = 0n;
  if (args.trim()) {
    address = s.evaluate(args.trim()) & ~0xfn;
    for (const p of t.processes)
      if (p.Token && t.token(p) === address) {
        token = p.Token;
        break;
      }
    if (!token) throw new DbgError(`${hex16(address)} is not a valid token object`);
  } else {
    token = t.process.Token;
    address = t.token(t.process);
    if (!token) throw new DbgError('The implicit process has no token');
  }
  const attrs = (a: number) =>
    GROUP_ATTRIBUTES.filter(([bit]) => (a & bit) === bit)
      .map(([, n]) => n)
      .join(' ');
  const sid = RtlConvertSidToUnicodeString;
  const out = [
    `_TOKEN 0x${addr64(address)}`,
    `TS Session ID: 0x${token.sessionId.toString(16)}`,
    `User: ${sid(token.user.sid)}`,
    'User Groups: ',
  ];
  token.groups.forEach((g, i) => {
    out.push(` ${hexPad(i, 2)} ${sid(g.sid)}`, `    Attributes - ${attrs(g.attributes)} `);
  });
  out.push(`Primary Group: ${sid(token.primaryGroup)}`, 'Privs: ');
  for (const p of token.privileges) {
    const a = `${p.attributes & 2 ? 'Enabled ' : ''}${p.attributes & 1 ? 'Default ' : ''}`;
    out.push(
      ` ${String(p.luid).padStart(2, '0')} 0x${hexPad(p.luid, 9)} ${(lookupPrivilegeName(p.luid) ?? '?').padEnd(33)} Attributes - ${a}`,
    );
  }
  out.push(
    `Authentication ID:         (0,${token.authenticationId.toString(16)})`,
    `Impersonation Level:       ${IMPERSONATION[token.impersonationLevel] ?? token.impersonationLevel}`,
    `TokenType:                 ${token.tokenType === 1 ? 'Primary' : 'Impersonation'}`,
    `Source: ${token.source.sourceName.padEnd(19)}TokenFlags: 0x${token.tokenFlags.toString(16)}`,
    `Token ID: ${token.tokenId.toString(16).padEnd(17)}ParentToken ID: ${token.parentTokenId.toString(16)}`,
    `Modified ID:               (0, ${token.modifiedId.toString(16)})`,
  );
  return out;
}
