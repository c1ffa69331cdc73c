import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { normalizePeSpec, PeSpecError, writePe } from '../../../pe/index.js';
import { parsePeSpec } from '../../spec/pe-spec-schema.js';

import { UsageError } from '../usage-error.js';

/**
 * `ntsim mkpe SPEC.yaml -o OUT`: synthesizes an image from a PeSpec (scenario.md) with the project's
 * PE writer. The file holds a PeSpec, or `{ pe: PeSpec }` as in a scenario's `files`.
 */
export function runMkpe(specPath: string, outPath: string, log: (s: string) => void): number {
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch (e) {
    throw new UsageError(`${specPath}: ${(e as Error).message}`);
  }
  const doc = parseDocument(text, { intAsBigInt: false });
  if (doc.errors.length)
    throw new UsageError(
      doc.errors
        .map(
          (e) =>
            `${specPath}:${e.linePos?.[0].line ?? '?'}:${e.linePos?.[0].col ?? '?'}: ${e.message.split('\n')[0]}`,
        )
        .join('\n'),
    );
  let value = doc.toJS() as unknown;
  if (value && typeof value === 'object' && 'pe' in value) value = (value as { pe: unknown }).pe;
  const parsed = parsePeSpec(value ?? {});
  if (!parsed.ok) throw new UsageError(parsed.errors.map((e) => `${specPath}: ${e}`).join('\n'));
  try {
    normalizePeSpec(parsed.spec);
  } catch (e) {
    if (e instanceof PeSpecError) throw new UsageError(`${specPath}: ${e.message}`);
    throw e;
  }
  const bytes = writePe(parsed.spec);
  writeFileSync(outPath, bytes);
  log(`wrote ${outPath} (${bytes.length} bytes)\n`);
  return 0;
}
