// `npm run bench -- create`: NtCreateUserProcess of a console image whose DLLs are already mapped
// elsewhere, created suspended and terminated (processes/s); memory per live process; 100,000 live
// processes held at once — beside Wine's real CreateProcessW on the same machine (a mingw-built
// program creating N suspended processes under wine64). Targets: ≥ 20,000 creations/s, ≤ 64 KB per
// process beyond the shared image pages, 100,000 live processes in ≤ 8 GB.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram, countAndMs, WINE64, withWinePrefix } from './wine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs in a child process (with --expose-gc): the kernel side of the benchmark. */
const WORKER = `
const { Machine } = await import(${JSON.stringify(ROOT + 'dist/system/machine.js')});
const { bootMachine } = await import(${JSON.stringify(ROOT + 'dist/system/boot.js')});
const { NtCreateUserProcess, PspTerminateProcess } = await import(${JSON.stringify(ROOT + 'dist/kernel/ps/index.js')});
const { ObCloseHandle } = await import(${JSON.stringify(ROOT + 'dist/kernel/ob/index.js')});
const { IoWriteFile } = await import(${JSON.stringify(ROOT + 'dist/kernel/io/index.js')});
const { writePe } = await import(${JSON.stringify(ROOT + 'dist/pe/index.js')});
const [mode, count] = process.argv.slice(1);
const machine = Machine.assemble();
IoWriteFile(machine.namespace, '\\\\??\\\\C:\\\\Users\\\\user\\\\Desktop\\\\app.exe', writePe({ imports: { 'kernel32.dll': ['ExitProcess'] } }));
const b = bootMachine(machine);
const ps = b.kernel.ps;
const caller = b.kernel.caller(b.explorer);
const params = () => ({
  ProcessDesiredAccess: 0x1fffff, ThreadDesiredAccess: 0x1fffff, ProcessFlags: 0, ThreadFlags: 1,
  ProcessParameters: { imagePathName: 'C:\\\\Users\\\\user\\\\Desktop\\\\app.exe', commandLine: 'app.exe', currentDirectory: 'C:\\\\Users\\\\user\\\\' },
  CreateInfo: { State: 0, InitFlags: 0x2000 << 16 },
  AttributeList: { ImageName: '\\\\??\\\\C:\\\\Users\\\\user\\\\Desktop\\\\app.exe' },
});
const create = () => {
  const r = NtCreateUserProcess(ps, caller, params());
  if (r.status !== 0) throw new Error('NtCreateUserProcess: 0x' + (r.status >>> 0).toString(16));
  return r;
};
if (mode === 'rate') {
  const cycle = () => { const r = create(); PspTerminateProcess(ps, r.process, 0); ObCloseHandle(b.kernel.ob, caller.process, r.ThreadHandle, 0); ObCloseHandle(b.kernel.ob, caller.process, r.ProcessHandle, 0); };
  for (let i = 0; i < 500; i++) cycle();
  const n = Number(count);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) cycle();
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ n, ms }));
} else {
  global.gc(); global.gc();
  const before = process.memoryUsage();
  const n = Number(count);
  const t0 = performance.now();
  const keep = [];
  for (let i = 0; i < n; i++) keep.push(create());
  const ms = performance.now() - t0;
  global.gc(); global.gc();
  const after = process.memoryUsage();
  const live = ps.activeProcesses.length;
  console.log(JSON.stringify({ n, ms, live, heap: after.heapUsed - before.heapUsed, external: (after.external + after.arrayBuffers) - (before.external + before.arrayBuffers), rss: after.rss }));
}
`;

function worker(mode, count) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=12288', '--input-type=module', '-e', WORKER, mode, String(count)],
    { maxBuffer: 1 << 24 },
  );
  return JSON.parse(out.toString().trim().split('\n').pop());
}

function wine(n) {
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-bench-spawn-build-'));
  try {
    const exe = buildProgram('spawn', dir);
    if (!exe) return null;
    return withWinePrefix(
      'spawn',
      (env) =>
        countAndMs(spawnSync(WINE64, [exe, String(n)], { env, encoding: 'utf8', timeout: 300_000 }).stdout),
      { persist: false },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(args) {
  const liveCount = Number(args[0] ?? 100_000);
  const rate = worker('rate', 20_000);
  const mem = worker('live', 10_000);
  const big = worker('live', liveCount);
  const peer = wine(200);
  const f = (x, d = 0) => x.toFixed(d).padStart(12);
  const perProcess = (m) => (m.heap + m.external) / m.n / 1024;
  console.log('NtCreateUserProcess (console image, DLLs already mapped), suspended');
  console.log(
    `  create + terminate + close, per second     ${f((rate.n / rate.ms) * 1000)}   (target ≥ 20,000)`,
  );
  console.log(`  memory per live process (10,000 live)      ${f(perProcess(mem), 1)} KB (target ≤ 64 KB)`);
  console.log(
    `  ${big.n.toLocaleString('en-US')} live processes at once               ${f(big.rss / 2 ** 30, 2)} GB RSS, ${f(perProcess(big), 1)} KB each, created in ${(big.ms / 1000).toFixed(1)} s (target ≤ 8 GB)`,
  );
  if (peer) {
    const wineRate = (peer.n / peer.ms) * 1000;
    console.log(
      `  peer: Wine CreateProcessW (suspended + terminate), per second ${f(wineRate)}   (${(peer.ms / peer.n).toFixed(2)} ms each)`,
    );
    console.log(
      `\nntsim creates processes ${(((rate.n / rate.ms) * 1000) / wineRate).toFixed(0)}× as fast as Wine on this machine`,
    );
  } else console.log('  peer: Wine not available (apt-get install wine64 gcc-mingw-w64-x86-64)');
  return 0;
}
