// `npm run bench -- machine`: (1) assembling the embedded win10-22h2-x64 machine — in a fresh
// process (module load + first assembly) and warm — beside Wine creating a Windows prefix
// (`wineboot --init`, the closest peer: what Wine does before it can run a first program);
// (2) Win32 → NT path conversions per second (RtlDosPathNameToNtPathName_U) beside Node's
// path.win32.resolve doing the normalization part of the same job on the same paths.
// Targets: assembly < 50 ms, ≥ 1,000,000 conversions/s.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine } from '../../dist/system/machine.js';
import { RtlDosPathNameToNtPathName_U_WithStatus } from '../../dist/ntdll/rtl/index.js';

const WINE64 = '/usr/lib/wine/wine64';
const WINESERVER = '/usr/lib/wine/wineserver64';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function coldAssembly() {
  const machineJs = fileURLToPath(new URL('../../dist/system/machine.js', import.meta.url));
  const code = `const t0 = performance.now(); const { Machine } = await import(${JSON.stringify(machineJs)});
const t1 = performance.now(); Machine.assemble(); const t2 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, assemble: t2 - t1 }));`;
  const runs = [];
  for (let i = 0; i < 5; i++)
    runs.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code]).toString()));
  return { load: median(runs.map((r) => r.load)), assemble: median(runs.map((r) => r.assemble)) };
}

function warmAssembly() {
  Machine.assemble();
  const n = 200;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) Machine.assemble();
  return (performance.now() - t0) / n;
}

function wineboot() {
  if (!existsSync(WINE64)) return null;
  const prefix = mkdtempSync(join(tmpdir(), 'ntsim-bench-wine-'));
  const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  const t0 = performance.now();
  const r = spawnSync(WINE64, ['wineboot', '--init'], { env, timeout: 180_000, stdio: 'ignore' });
  const ms = performance.now() - t0;
  spawnSync(WINESERVER, ['-k'], { env, stdio: 'ignore' });
  rmSync(prefix, { recursive: true, force: true });
  return r.status === 0 ? ms : null;
}

const PATHS = [
  'C:\\Windows\\System32\\kernel32.dll',
  '..\\a\\b.txt',
  '\\\\srv\\share\\x',
  'C:/Program Files/Acme/app.exe',
  'notepad.exe',
  'C:\\Users\\user\\Desktop\\..\\Documents\\.\\report.docx',
];
const CTX = { currentDirectory: 'C:\\Users\\user\\' };

function rate(fn) {
  for (let i = 0; i < 200_000; i++) fn(PATHS[i % PATHS.length]);
  const n = 1_200_000;
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += fn(PATHS[i % PATHS.length]).length;
  const s = (performance.now() - t0) / 1000;
  if (sink === 0) throw new Error('nothing converted');
  return n / s;
}

export async function run() {
  const cold = coldAssembly();
  const warm = warmAssembly();
  const ours = rate((p) => RtlDosPathNameToNtPathName_U_WithStatus(p, CTX).ntPath);
  const node = rate((p) => win32.resolve('C:\\Users\\user', p));
  const wine = wineboot();
  const f = (n, d = 1) => n.toFixed(d).padStart(10);
  console.log('machine assembly (win10-22h2-x64, 69 files made lazily)        ms');
  console.log(`  fresh process: module load                          ${f(cold.load)}`);
  console.log(`  fresh process: Machine.assemble()                   ${f(cold.assemble)}   (target < 50 ms)`);
  console.log(`  warm: Machine.assemble()                            ${f(warm, 2)}`);
  console.log(
    `  peer: Wine 'wineboot --init' of a new prefix         ${wine === null ? '   (wine64 not available)' : f(wine)}`,
  );
  console.log('');
  console.log('path conversions                                      per second');
  console.log(`  RtlDosPathNameToNtPathName_U (ntsim)               ${f(ours, 0)}   (target ≥ 1,000,000)`);
  console.log(`  peer: node path.win32.resolve (normalization only)  ${f(node, 0)}`);
  return 0;
}
