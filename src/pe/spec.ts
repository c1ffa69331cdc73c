import type { ApiSetHost } from './apiset-schema.js';
import type { PolicyName, PolicyValue } from './trustlet-policy.js';

/**
 * PeSpec: a PE image described as data (../shared/spec/scenario.md, "PeSpec"). The writer turns it
 * into bytes; `specFromImage` reads it back from an image the writer made.
 */
export type PeKind = 'exe' | 'dll';
export type PeMachine = 'AMD64' | 'I386' | 'ARM64';
export type PeSubsystem = 'console' | 'windows' | 'native' | 'efi-application' | 'posix';
export type PeSigner =
  'none' | 'Authenticode' | 'CodeGen' | 'Antimalware' | 'Lsa' | 'Windows' | 'WinTcb' | 'WinSystem' | 'App';
/** A name, or an object: `{name, ordinal?}`, `{name, forward}`, or (an extension) `{ordinal}` alone for an ordinal-only export. */
export type PeExportSpec = string | { name?: string; ordinal?: number; forward?: string };

export interface PeSpec {
  kind?: PeKind;
  machine?: PeMachine;
  subsystem?: PeSubsystem;
  imageBase?: number | bigint;
  dynamicBase?: boolean;
  /** DLL name → function names, or `#N` for ordinal N, in import order. */
  imports?: Record<string, string[]>;
  delayImports?: Record<string, string[]>;
  exports?: PeExportSpec[];
  /** The export directory's Name (an extension of scenario.md's PeSpec): `KERNEL32.dll`. */
  dllName?: string;
  tlsCallbacks?: number;
  dllMainReturns?: boolean;
  signature?: { signer: PeSigner; ekus?: string[] };
  trustletPolicy?: { trustletId: number; policies?: Partial<Record<PolicyName, PolicyValue>> };
  behavior?: unknown[];
  exitCode?: number;
  /** An API set schema v6 to emit as the `.apiset` section (apisetschema.dll); an extension. */
  apiSetSchema?: { name: string; hosts: ApiSetHost[] }[];
}

export const PE_SIGNERS: readonly PeSigner[] = [
  'none',
  'Authenticode',
  'CodeGen',
  'Antimalware',
  'Lsa',
  'Windows',
  'WinTcb',
  'WinSystem',
  'App',
];

/** A PeSpec with every default filled in and every export's ordinal assigned, as the writer emits it. */
export interface NormalizedPeSpec {
  kind: PeKind;
  machine: PeMachine;
  subsystem: PeSubsystem;
  imageBase: bigint;
  dynamicBase: boolean;
  imports: Record<string, string[]>;
  delayImports: Record<string, string[]>;
  exports: { name: string | null; ordinal: number; forward?: string }[];
  dllName: string;
  tlsCallbacks: number;
  dllMainReturns: boolean;
  signature: { signer: PeSigner; ekus: string[] };
  trustletPolicy: { trustletId: number; policies: Partial<Record<PolicyName, PolicyValue>> } | null;
  behavior: unknown[];
  exitCode: number | null;
  /** Sorted by name, as the schema stores them. */
  apiSetSchema: { name: string; hosts: ApiSetHost[] }[] | null;
}

export class PeSpecError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PeSpecError';
  }
}

const NAME_RE = /^[\x21-\x7e]+$/;

/**
 * Fills defaults, validates, and assigns export ordinals: explicit ones stay, the rest take the
 * lowest free ones from 1 in declaration order; exports come out sorted by ordinal.
 */
export function normalizePeSpec(spec: PeSpec, path = 'pe'): NormalizedPeSpec {
  const kind = spec.kind ?? 'exe';
  if (kind !== 'exe' && kind !== 'dll')
    throw new PeSpecError(`${path}.kind`, `unknown kind ${JSON.stringify(kind)} (exe | dll)`);
  const machine = spec.machine ?? 'AMD64';
  if (!['AMD64', 'I386', 'ARM64'].includes(machine))
    throw new PeSpecError(`${path}.machine`, `unknown machine ${JSON.stringify(machine)}`);
  const subsystem = spec.subsystem ?? 'console';
  if (!['console', 'windows', 'native', 'efi-application', 'posix'].includes(subsystem))
    throw new PeSpecError(`${path}.subsystem`, `unknown subsystem ${JSON.stringify(subsystem)}`);
  const imageBase = BigInt(
    spec.imageBase ??
      (kind === 'exe'
        ? machine === 'I386'
          ? 0x400000
          : 0x140000000
        : machine === 'I386'
          ? 0x10000000
          : 0x180000000),
  );
  if (imageBase % 0x10000n !== 0n) throw new PeSpecError(`${path}.imageBase`, 'must be a multiple of 64 KB');
  if (machine === 'I386' && imageBase > 0xffffffffn)
    throw new PeSpecError(`${path}.imageBase`, 'does not fit a 32-bit image');
  const checkImports = (field: 'imports' | 'delayImports'): Record<string, string[]> => {
    const src = spec[field] ?? {};
    const out: Record<string, string[]> = {};
    for (const [dll, fns] of Object.entries(src)) {
      if (!NAME_RE.test(dll))
        throw new PeSpecError(`${path}.${field}`, `bad DLL name ${JSON.stringify(dll)}`);
      if (!Array.isArray(fns))
        throw new PeSpecError(`${path}.${field}.${dll}`, 'must be a list of function names');
      fns.forEach((f, i) => {
        if (typeof f !== 'string' || !NAME_RE.test(f))
          throw new PeSpecError(`${path}.${field}.${dll}[${i}]`, `bad function ${JSON.stringify(f)}`);
        if (f.startsWith('#') && !/^#\d+$/.test(f))
          throw new PeSpecError(`${path}.${field}.${dll}[${i}]`, `bad ordinal ${JSON.stringify(f)}`);
        if (f.startsWith('#') && Number(f.slice(1)) > 0xffff)
          throw new PeSpecError(`${path}.${field}.${dll}[${i}]`, 'ordinal exceeds 65535');
      });
      out[dll] = [...fns];
    }
    return out;
  };
  const imports = checkImports('imports');
  const delayImports = checkImports('delayImports');
  const raw = (spec.exports ?? []).map((e, i) => {
    const o = typeof e === 'string' ? { name: e } : e;
    if (!o || (o.name === undefined && o.ordinal === undefined))
      throw new PeSpecError(`${path}.exports[${i}]`, 'needs a name or an ordinal');
    if (o.name !== undefined && (typeof o.name !== 'string' || !NAME_RE.test(o.name)))
      throw new PeSpecError(`${path}.exports[${i}]`, `bad name ${JSON.stringify(o.name)}`);
    if (o.ordinal !== undefined && (!Number.isInteger(o.ordinal) || o.ordinal < 1 || o.ordinal > 0xffff))
      throw new PeSpecError(`${path}.exports[${i}].ordinal`, 'must be 1..65535');
    if (o.forward !== undefined && (typeof o.forward !== 'string' || !NAME_RE.test(o.forward)))
      throw new PeSpecError(`${path}.exports[${i}].forward`, 'must be module.function');
    return o;
  });
  const taken = new Set<number>();
  raw.forEach((e, i) => {
    if (e.ordinal === undefined) return;
    if (taken.has(e.ordinal))
      throw new PeSpecError(`${path}.exports[${i}].ordinal`, `ordinal ${e.ordinal} is used twice`);
    taken.add(e.ordinal);
  });
  const names = new Set<string>();
  raw.forEach((e, i) => {
    if (e.name === undefined) return;
    if (names.has(e.name)) throw new PeSpecError(`${path}.exports[${i}]`, `name ${e.name} is exported twice`);
    names.add(e.name);
  });
  let next = 1;
  const exports = raw.map((e) => {
    let ordinal = e.ordinal;
    if (ordinal === undefined) {
      while (taken.has(next)) next++;
      ordinal = next;
      taken.add(next);
    }
    const name = e.name ?? null;
    return e.forward !== undefined ? { name, ordinal, forward: e.forward } : { name, ordinal };
  });
  // The image lists exports by ordinal (the export address table's order).
  exports.sort((a, b) => a.ordinal - b.ordinal);
  const dllName = spec.dllName ?? (kind === 'dll' ? 'image.dll' : 'image.exe');
  if (!NAME_RE.test(dllName)) throw new PeSpecError(`${path}.dllName`, `bad name ${JSON.stringify(dllName)}`);
  const tlsCallbacks = spec.tlsCallbacks ?? 0;
  if (!Number.isInteger(tlsCallbacks) || tlsCallbacks < 0 || tlsCallbacks > 64)
    throw new PeSpecError(`${path}.tlsCallbacks`, 'must be 0..64');
  const signer = spec.signature?.signer ?? 'none';
  if (!PE_SIGNERS.includes(signer))
    throw new PeSpecError(`${path}.signature.signer`, `unknown signer ${JSON.stringify(signer)}`);
  const ekus = spec.signature?.ekus ?? [];
  ekus.forEach((o, i) => {
    if (!/^\d+(\.\d+)+$/.test(o))
      throw new PeSpecError(`${path}.signature.ekus[${i}]`, `${JSON.stringify(o)} is not an OID`);
  });
  if (signer === 'none' && ekus.length)
    throw new PeSpecError(`${path}.signature.ekus`, 'an unsigned image has no EKUs');
  const tp = spec.trustletPolicy;
  if (tp && (!Number.isInteger(tp.trustletId) || tp.trustletId < 0))
    throw new PeSpecError(`${path}.trustletPolicy.trustletId`, 'must be a non-negative integer');
  const exitCode = spec.exitCode ?? null;
  if (exitCode !== null && (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 0xffffffff))
    throw new PeSpecError(`${path}.exitCode`, 'must be a 32-bit unsigned integer');
  return {
    kind,
    machine,
    subsystem,
    imageBase,
    dynamicBase: spec.dynamicBase ?? true,
    imports,
    delayImports,
    exports,
    dllName,
    tlsCallbacks,
    dllMainReturns: spec.dllMainReturns ?? true,
    signature: { signer, ekus: [...ekus] },
    trustletPolicy: tp ? { trustletId: tp.trustletId, policies: { ...(tp.policies ?? {}) } } : null,
    behavior: spec.behavior ?? [],
    exitCode,
    apiSetSchema: spec.apiSetSchema ? normalizeApiSet(spec.apiSetSchema, `${path}.apiSetSchema`) : null,
  };
}

function normalizeApiSet(
  contracts: { name: string; hosts: ApiSetHost[] }[],
  path: string,
): { name: string; hosts: ApiSetHost[] }[] {
  const seen = new Set<string>();
  contracts.forEach((c, i) => {
    if (!/^(api|ext)-[a-z0-9-]+$/i.test(c.name) || c.name.lastIndexOf('-') < 4)
      throw new PeSpecError(
        `${path}[${i}].name`,
        `${JSON.stringify(c.name)} is not an API set contract name`,
      );
    const key = c.name.toLowerCase();
    if (seen.has(key)) throw new PeSpecError(`${path}[${i}].name`, `${c.name} is listed twice`);
    seen.add(key);
    c.hosts.forEach((h, j) => {
      if (j === 0 ? h.importer !== null : !h.importer)
        throw new PeSpecError(
          `${path}[${i}].hosts[${j}]`,
          j === 0 ? 'the first host is the default (importer null)' : 'needs an importer',
        );
    });
  });
  // The builder stores contracts sorted by name and importer-specific hosts sorted by importer.
  const byLower = (a: string, b: string): number =>
    a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  return [...contracts]
    .sort((a, b) => byLower(a.name, b.name))
    .map((c) => {
      const [first, ...rest] = c.hosts;
      const hosts = first
        ? [
            { ...first },
            ...rest.map((h) => ({ ...h })).sort((a, b) => byLower(a.importer ?? '', b.importer ?? '')),
          ]
        : [];
      return { name: c.name, hosts: hosts.filter((h) => h.host !== '' || h.importer !== null) };
    });
}
