import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  CmLoadKey,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_SZ,
  createRegistry,
  createWin32Key,
  exportRegFile,
  importRegFile,
  loadRegistry,
  parseRegFile,
  saveRegistry,
  setWin32Value,
  type CmRegistry,
  type RegValue,
} from './index.js';

/**
 * Export → import → export gives the same text and the same values, for generated trees whose
 * names use the characters the format escapes (`"`, `\`, CR, LF) and whose values are of any type
 * with any bytes. String-typed hex data (hex(1), hex(2), hex(7)) gets the NUL regedit appends on
 * import when it lacks one (Wine regproc.c prepare_hex_string_data), so the generator gives it one.
 */
interface Tree {
  name: string;
  values: { name: string; value: RegValue }[];
  children: Tree[];
}

const keyChar = fc.constantFrom('a', 'B', ' ', '-', '_', '.', '"', ']', '[', 'é', '{', '}');
const valueChar = fc.constantFrom('a', 'Z', ' ', '"', '\\', '\r', '\n', '=', ';', '@', 'ß');
const keyName = fc.string({ unit: keyChar, minLength: 1, maxLength: 8 });
const valueName = fc.string({ unit: valueChar, minLength: 0, maxLength: 8 });
const value: fc.Arbitrary<RegValue> = fc
  .record({
    type: fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 11, 0x42, 0xffffffff),
    data: fc.uint8Array({ maxLength: 90 }),
  })
  .map(({ type, data }) => {
    const stringType = type === REG_SZ || type === REG_EXPAND_SZ || type === REG_MULTI_SZ;
    const n = data.length;
    if (stringType && n >= 2 && n % 2 === 0 && (data[n - 2] !== 0 || data[n - 1] !== 0))
      return { type, data: Uint8Array.from([...data, 0, 0]) };
    return { type, data };
  });

function treeOfDepth(depth: number): fc.Arbitrary<Tree> {
  return fc.record({
    name: keyName,
    values: fc.uniqueArray(fc.record({ name: valueName, value }), {
      maxLength: 4,
      selector: (v) => v.name.toUpperCase(),
    }),
    children:
      depth === 0
        ? fc.constant([])
        : fc.uniqueArray(treeOfDepth(depth - 1), { maxLength: 3, selector: (t) => t.name.toUpperCase() }),
  });
}
const tree = treeOfDepth(3);

function fresh(): CmRegistry {
  const reg = createRegistry(1);
  CmLoadKey(reg, '\\Registry\\Machine\\SOFTWARE', { time: 1 });
  return reg;
}

function build(reg: CmRegistry, path: string, t: Tree): void {
  const p = `${path}\\${t.name}`;
  expect(createWin32Key(reg, p, { time: 2 }).status).toBe(STATUS.SUCCESS);
  for (const v of t.values) expect(setWin32Value(reg, p, v.name, v.value, { time: 2 })).toBe(STATUS.SUCCESS);
  for (const c of t.children) build(reg, p, c);
}

describe('.reg round trip (property, fast-check, fixed seed)', () => {
  it('exports, imports and exports again to the same text and registry', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const reg = fresh();
        build(reg, 'HKLM\\SOFTWARE', t);
        const text = exportRegFile(reg, `HKLM\\SOFTWARE\\${t.name}`).text!;
        expect(parseRegFile(text).status).toBe(STATUS.SUCCESS);
        const copy = fresh();
        expect(importRegFile(copy, text, { time: 2 }).error).toBeUndefined();
        expect(exportRegFile(copy, `HKLM\\SOFTWARE\\${t.name}`).text).toBe(text);
        expect(saveRegistry(copy)).toEqual(saveRegistry(reg));
      }),
      { numRuns: 200, seed: 0x5eed },
    );
  });
  it('never throws on mutated files and leaves the registry unchanged when it refuses one', () => {
    const base = fresh();
    build(base, 'HKLM\\SOFTWARE', {
      name: 'Base',
      values: [{ name: 'x', value: { type: 3, data: new Uint8Array(60) } }],
      children: [],
    });
    const text = exportRegFile(base, 'HKLM\\SOFTWARE\\Base').text!;
    fc.assert(
      fc.property(fc.nat(text.length), fc.string({ maxLength: 3 }), fc.nat(4), (at, insert, drop) => {
        const mutated = text.slice(0, at) + insert + text.slice(at + drop);
        const reg = loadRegistry(saveRegistry(base)).registry!;
        const before = saveRegistry(reg);
        const r = importRegFile(reg, mutated, { time: 3 });
        if (r.status !== STATUS.SUCCESS) {
          expect(r.error!.message).toMatch(/^line \d+: /);
          expect(saveRegistry(reg)).toEqual(before);
        }
      }),
      { numRuns: 300, seed: 0x5eed },
    );
  });
});
