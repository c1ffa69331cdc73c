// The peer side of the benchmarks: Wine (Debian's wine64) in a fresh prefix, and mingw-built
// programs for it to run. One place for the paths, the prefix's environment and its clean-up.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WINE64 = '/usr/lib/wine/wine64';
export const WINESERVER = '/usr/lib/wine/wineserver';

/** Builds scripts/bench/programs/NAME.c with mingw into `dir`; the .exe's path, or null without a compiler. */
export function buildProgram(name, dir) {
  const exe = join(dir, `${name}.exe`);
  try {
    execFileSync('x86_64-w64-mingw32-gcc', [
      '-O1',
      '-municode',
      '-o',
      exe,
      fileURLToPath(new URL(`./programs/${name}.c`, import.meta.url)),
    ]);
    return exe;
  } catch {
    return null;
  }
}

/**
 * Runs `fn(env)` in a new, initialised Wine prefix (wineboot --init; with `persist`, a wineserver
 * kept warm between programs), then stops the server and deletes the prefix. Null when wine64 is
 * not installed.
 */
export function withWinePrefix(tag, fn, { persist = true } = {}) {
  if (!existsSync(WINE64)) return null;
  const dir = mkdtempSync(join(tmpdir(), `ntsim-bench-${tag}-`));
  const env = {
    ...process.env,
    WINEPREFIX: join(dir, 'prefix'),
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    DISPLAY: '',
  };
  try {
    spawnSync(WINE64, ['wineboot', '--init'], { env, stdio: 'ignore', timeout: 180_000 });
    if (persist) spawnSync(WINESERVER, ['-p30'], { env, stdio: 'ignore' });
    return fn(env);
  } finally {
    spawnSync(WINESERVER, ['-k'], { env, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bench program's `N MS` line (spawn.c, startall.c): `{ n, ms }`, or null. */
export function countAndMs(stdout) {
  const m = /(\d+) ([\d.]+)/.exec(stdout ?? '');
  return m ? { n: Number(m[1]), ms: Number(m[2]) } : null;
}
