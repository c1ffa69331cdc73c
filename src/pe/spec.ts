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
export type PeExportSpec = string | { name: string; ordinal?: number; forward?: string };

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
  tlsCallbacks?: number;
  dllMainReturns?: boolean;
  signature?: { signer: PeSigner; ekus?: string[] };
  trustletPolicy?: { trustletId: number; policies?: Partial<Record<PolicyName, PolicyValue>> };
  behavior?: unknown[];
  exitCode?: number;
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
  exports: { name: string; ordinal: number; forward?: string }[];
  tlsCallbacks: number;
  dllMainReturns: boolean;
  signature: { signer: PeSigner; ekus: string[] };
  trustletPolicy: { trustletId: number; policies: Partial<Record<PolicyName, PolicyValue>> } | null;
  behavior: unknown[];
  exitCode: number | null;
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
    if (!o || typeof o.name !== 'string' || !NAME_RE.test(o.name))
      throw new PeSpecError(`${path}.exports[${i}]`, 'needs a name');
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
    return e.forward !== undefined
      ? { name: e.name, ordinal, forward: e.forward }
      : { name: e.name, ordinal };
  });
  // The image lists exports by ordinal (the export address table's order).
  exports.sort((a, b) => a.ordinal - b.ordinal);
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
    tlsCallbacks,
    dllMainReturns: spec.dllMainReturns ?? true,
    signature: { signer, ekus: [...ekus] },
    trustletPolicy: tp ? { trustletId: tp.trustletId, policies: { ...(tp.policies ?? {}) } } : null,
    behavior: spec.behavior ?? [],
    exitCode,
  };
}
