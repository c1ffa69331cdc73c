import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizePeSpec, PeImage, specFromImage } from '../../src/pe/index.js';

const BIN = new URL('../../bin/ntsim.js', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/app.pe.yaml', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('ntsim mkpe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-mkpe-'));
  it('writes the example spec as an image that reads back as the spec', () => {
    const out = join(dir, 'app.exe');
    const r = run('mkpe', EXAMPLE, '-o', out);
    expect(r.status).toBe(0);
    const spec = specFromImage(PeImage.open(readFileSync(out)));
    expect(spec).toEqual(
      normalizePeSpec({
        kind: 'exe',
        subsystem: 'console',
        imports: {
          'kernel32.dll': ['CreateProcessW', 'ExitProcess'],
          'api-ms-win-core-synch-l1-2-0.dll': ['Sleep'],
        },
        delayImports: { 'user32.dll': ['MessageBoxW'] },
        exports: ['Run', { name: 'Old', ordinal: 7 }, { name: 'Sleepy', forward: 'kernel32.Sleep' }],
        tlsCallbacks: 2,
        signature: { signer: 'Authenticode', ekus: ['1.3.6.1.5.5.7.3.3'] },
        exitCode: 0,
      }),
    );
  });
  it('bad specs exit 2, name the place, and write nothing', () => {
    const bad = join(dir, 'bad.yaml');
    const out = join(dir, 'bad.exe');
    writeFileSync(bad, 'pe:\n  kind: exe\n  exports: [a, a]\n');
    let r = run('mkpe', bad, '-o', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ntsim: ${bad}: pe.exports[1]: name a is exported twice\n`);
    writeFileSync(bad, 'pe: [\n');
    r = run('mkpe', bad, '-o', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^ntsim: ${bad}:2:1: `));
    r = run('mkpe', join(dir, 'missing.yaml'), '-o', out);
    expect(r.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
