import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint rules that keep ARCHITECTURE.md's layer table and the browser-safe core: a violating
 * file in each place is reported by the project's own eslint.config.js.
 */
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });
async function rulesFor(path: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path });
  return (r?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer rules (eslint.config.js)', () => {
  it('pe may not import host or tools', async () => {
    expect(
      await rulesFor(
        'src/pe/x.ts',
        "import { FileSource } from '../host/index.js';\nexport const x = FileSource;\n",
      ),
    ).toContain('no-restricted-imports');
  });
  it('base imports nothing; the core imports no node:* and uses no Date.now, Math.random or console', async () => {
    expect(
      await rulesFor(
        'src/base/x.ts',
        "import { PeImage } from '../pe/index.js';\nexport const x = PeImage;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(
      await rulesFor(
        'src/pe/x.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toContain('no-restricted-imports');
    expect(await rulesFor('src/pe/x.ts', 'export const x = Date.now() + Math.random();\n')).toEqual([
      'no-restricted-properties',
      'no-restricted-properties',
    ]);
    expect(await rulesFor('src/pe/x.ts', "console.log('x');\n")).toContain('no-restricted-globals');
  });
  it('ntdll may import kernel/syscalls and no other part of the kernel', async () => {
    expect(
      await rulesFor(
        'src/ntdll/x.ts',
        "import { a } from '../kernel/syscalls/index.js';\nexport const x = a;\n",
      ),
    ).toEqual([]);
    expect(
      await rulesFor('src/ntdll/x.ts', "import { a } from '../kernel/ob/index.js';\nexport const x = a;\n"),
    ).toEqual(['no-restricted-imports']);
  });
  it('tests beside core code may use Node but keep the layer table', async () => {
    expect(
      await rulesFor(
        'src/pe/x.test.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toEqual([]);
    expect(
      await rulesFor('src/pe/x.test.ts', "import { a } from '../kernel/index.js';\nexport const x = a;\n"),
    ).toEqual(['no-restricted-imports']);
  });
  it('tools and host may use Node; tools may import every layer', async () => {
    expect(
      await rulesFor(
        'src/tools/x.ts',
        "import { readFileSync } from 'node:fs';\nimport { PeImage } from '../pe/index.js';\nexport const x = [readFileSync, PeImage];\n",
      ),
    ).toEqual([]);
    expect(
      await rulesFor(
        'src/host/x.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toEqual([]);
  });
});
