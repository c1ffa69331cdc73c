import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Debian wine64's x64 PE folder: ~700 real images (DLLs, EXEs, drivers) built by Wine. */
export const WINE_X64_DIR = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
export const DEBIAN_PYTHON = '/usr/bin/python3';
const PEFILE_DUMP = new URL('./pefile-dump.py', import.meta.url).pathname;

export function wineCorpus(): string[] {
  if (!existsSync(WINE_X64_DIR)) return [];
  return readdirSync(WINE_X64_DIR)
    .sort()
    .map((f) => join(WINE_X64_DIR, f));
}

/** Whether the real-image tests must run: in CI they may not be skipped. */
export function realImagesRequired(): boolean {
  return process.env.CI === 'true' || process.env.NTSIM_REAL_TESTS === '1';
}

export function hasPefile(): boolean {
  try {
    execFileSync(DEBIAN_PYTHON, ['-c', 'import pefile'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs python3-pefile over `files` and returns its JSON lines keyed by path. */
export function pefileDump(files: string[]): Map<string, Record<string, unknown>> {
  const out = execFileSync(DEBIAN_PYTHON, [PEFILE_DUMP, '-'], {
    input: files.join('\n'),
    maxBuffer: 1 << 30,
  }).toString();
  const map = new Map<string, Record<string, unknown>>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    map.set(o.path as string, o);
  }
  return map;
}
