import { z } from 'zod';
import { PE_SIGNERS, type PeSpec } from '../../pe/index.js';
import { didYouMean } from './did-you-mean.js';

/**
 * The PeSpec of ../shared/spec/scenario.md as a zod schema: structure and types here (unknown keys
 * are errors, with a "did you mean"), meaning in pe/normalizePeSpec (ordinals, names, bases).
 */
const policyValue = z.union([z.boolean(), z.number().int(), z.string()]);
const POLICY_KEYS = [
  'etw',
  'debug',
  'crashDump',
  'crashDumpKey',
  'crashDumpKeyGuid',
  'parentSd',
  'parentSdRev',
  'svn',
  'deviceId',
  'capability',
  'scenarioId',
] as const;

export const PeSpecSchema = z.strictObject({
  kind: z.enum(['exe', 'dll']).optional(),
  machine: z.enum(['AMD64', 'I386', 'ARM64']).optional(),
  subsystem: z.enum(['console', 'windows', 'native', 'efi-application', 'posix']).optional(),
  imageBase: z.union([z.number().int().nonnegative(), z.bigint()]).optional(),
  dynamicBase: z.boolean().optional(),
  imports: z.record(z.string(), z.array(z.string())).optional(),
  delayImports: z.record(z.string(), z.array(z.string())).optional(),
  exports: z
    .array(
      z.union([
        z.string(),
        z.strictObject({
          name: z.string(),
          ordinal: z.number().int().optional(),
          forward: z.string().optional(),
        }),
      ]),
    )
    .optional(),
  dllName: z.string().optional(),
  tlsCallbacks: z.number().int().nonnegative().optional(),
  dllMainReturns: z.boolean().optional(),
  signature: z
    .strictObject({
      signer: z.enum(PE_SIGNERS as [string, ...string[]]),
      ekus: z.array(z.string()).optional(),
    })
    .optional(),
  trustletPolicy: z
    .strictObject({
      trustletId: z.number().int().nonnegative(),
      policies: z.partialRecord(z.enum(POLICY_KEYS), policyValue).optional(),
    })
    .optional(),
  behavior: z.array(z.unknown()).optional(),
  exitCode: z.number().int().nonnegative().optional(),
  apiSetSchema: z
    .array(
      z.strictObject({
        name: z.string(),
        hosts: z.array(z.strictObject({ importer: z.string().nullable(), host: z.string() })),
      }),
    )
    .optional(),
});

/** `pe.exports[2].ordinal` from a zod path under a prefix. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${String(k)}`), prefix);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

export type SpecResult = { ok: true; spec: PeSpec } | { ok: false; errors: string[] };

/** Validates an untrusted PeSpec (from YAML/JSON); every error names its place. */
export function parsePeSpec(input: unknown, prefix = 'pe'): SpecResult {
  const r = PeSpecSchema.safeParse(input);
  if (r.success) return { ok: true, spec: r.data as PeSpec };
  return { ok: false, errors: formatIssues(r.error.issues, input, prefix, []) };
}

type Issue = z.core.$ZodIssue;

/** Readable messages for zod issues: unknown keys and values get a "did you mean". */
export function formatIssues(
  issues: readonly Issue[],
  input: unknown,
  prefix: string,
  base: PropertyKey[],
): string[] {
  return issues.flatMap((issue): string[] => {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const shape = path.length === 0 ? Object.keys(PeSpecSchema.shape) : [];
      return issue.keys.map((k) => {
        const hint = didYouMean(k, shape);
        return `${formatPath(prefix, [...path, k])}: unknown field${hint ? ` (did you mean ${hint}?)` : ''}`;
      });
    }
    if (issue.code === 'invalid_value') {
      const given = String(valueAt(input, path));
      const options = issue.values.map(String);
      const hint = didYouMean(given, options);
      return [
        `${formatPath(prefix, path)}: unknown value ${JSON.stringify(given)} (one of ${options.join(' | ')}${hint ? `; did you mean ${hint}?` : ''})`,
      ];
    }
    if (issue.code === 'invalid_union') {
      // Report the branch that matched the input's type (e.g. the object form of an export).
      const branches = issue.errors.filter(
        (b) => !b.every((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (branches.length === 1) return formatIssues(branches[0]!, input, prefix, path);
    }
    return [`${formatPath(prefix, path)}: ${issue.message}`];
  });
}
