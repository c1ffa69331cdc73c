// `npm run bench -- win32`: CreateProcessW end to end — command-line parsing and search, the kernel,
// CSRSS, the loader to the entry point — per second for a console program (a mingw-built one, the
// same file Wine runs), beside Wine's CreateProcess of the same program run to completion, in the
// same run. Target ≥ 5,000/s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram, countAndMs, WINE64, withWinePrefix } from './wine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function ntsim(programBytes, n) {
  const D = ROOT + 'dist/';
  const { Machine } = await import(D + 'system/machine.js');
  const { bootMachine } = await import(D + 'system/boot.js');
  const { UserModeRuntime } = await import(D + 'system/user-mode.js');
  const { connectWindowsSubsystem } = await import(D + 'system/win32-subsystem.js');
  const { CreateProcessW } = await import(D + 'kernel32/index.js');
  const { CloseHandle } = await import(D + 'kernelbase/index.js');
  const { writePe } = await import(D + 'pe/index.js');
  const machine = Machine.assemble();
  const path = 'C:\\Users\\user\\Desktop\\startall.exe';
  machine.addFile(
    path,
    programBytes ??
      writePe({
        kind: 'exe',
        subsystem: 'console',
        imports: { 'kernel32.dll': ['ExitProcess'], 'msvcrt.dll': ['printf'] },
      }),
  );
  const b = bootMachine(machine);
  const runtime = new UserModeRuntime(b.kernel, { record: false });
  connectWindowsSubsystem(b, runtime);
  const ctx = runtime.context(b.explorer, b.explorer.threads[0]);
  let modules = 0;
  const one = () => {
    const r = CreateProcessW(ctx, {
      applicationName: null,
      commandLine: `"${path}" child`,
      inheritHandles: false,
      creationFlags: 0,
      environment: null,
      currentDirectory: null,
    });
    if (!r.returnValue) throw new Error(`CreateProcessW: ${r.lastError}`);
    const child = b.kernel.ps.cid.lookup(r.out.processId);
    const l = runtime.runInitialThread(child, child.threads[0]);
    if (l.status !== 0) throw new Error(`loader: 0x${(l.status >>> 0).toString(16)}`);
    modules = runtime.processData(child).ldr.modules.length;
    // The child returns at once: ExitProcess(0) (the model does not run its x86 code).
    runtime.context(child, child.threads[0]).nt.NtTerminateProcess({ ProcessHandle: -1, ExitStatus: 0 });
    CloseHandle(ctx, r.out.hThread);
    CloseHandle(ctx, r.out.hProcess);
  };
  for (let i = 0; i < 20; i++) one();
  const t = performance.now();
  for (let i = 0; i < n; i++) one();
  return { n, ms: performance.now() - t, modules };
}

function wine(exe, n) {
  if (!exe) return null;
  return withWinePrefix('win32', (env) =>
    countAndMs(spawnSync(WINE64, [exe, String(n)], { env, encoding: 'utf8', timeout: 600_000 }).stdout),
  );
}

export async function run(args) {
  const n = Number(args[0] ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-bench-win32-build-'));
  try {
    const exe = buildProgram('startall', dir);
    const r = await ntsim(exe ? new Uint8Array(readFileSync(exe)) : null, n);
    const peer = wine(exe, 100);
    const rate = (r.n / r.ms) * 1000;
    const f = (x, d = 0) => x.toFixed(d).padStart(10);
    console.log(
      `CreateProcessW end to end (${exe ? 'a mingw-built console program' : 'a synthesized console program'}, ${r.modules} modules), from explorer`,
    );
    console.log(
      `  ntsim, per second                          ${f(rate)}   (${(r.ms / r.n).toFixed(2)} ms each; target ≥ 5,000/s)`,
    );
    if (peer) {
      const wineRate = (peer.n / peer.ms) * 1000;
      console.log(
        `  peer: Wine CreateProcessW + wait, per second ${f(wineRate, 1)}   (${(peer.ms / peer.n).toFixed(1)} ms each)`,
      );
      console.log(`  ntsim is ${(rate / wineRate).toFixed(0)}× as fast as Wine on this machine`);
    } else console.log('  peer: Wine or mingw-w64 not available');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}
