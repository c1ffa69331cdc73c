// `npm run bench -- loader [program]`: the ntdll loader on Wine's real DLLs (Wine's x64 folder as
// System32). (1) Full process start — NtCreateUserProcess, then LdrInitializeThunk mapping, snapping
// and initialising the import closure up to the entry point — per second, once the image sections
// are cached (target ≥ 5,000/s for a closure of ≥ 20 DLLs); (2) `ntsim deps` over every .exe and
// .dll of the folder (target < 10 s); beside (3) Wine starting the same program (wine64 PROGRAM /?,
// warm wineserver) in the same run, with the number of DLLs Wine loaded for it (WINEDEBUG=+loaddll).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WINE64, withWinePrefix } from './wine.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WINE_DLLS = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';

async function ntsimStarts(program, n) {
  const D = ROOT + 'dist/';
  const { Machine } = await import(D + 'system/machine.js');
  const { bootMachine } = await import(D + 'system/boot.js');
  const { UserModeRuntime } = await import(D + 'system/user-mode.js');
  const { startImage } = await import(D + 'system/start-image.js');
  const { HostFolderFileSystem } = await import(D + 'host/index.js');
  const { PspTerminateProcess } = await import(D + 'kernel/ps/index.js');
  const machine = Machine.assemble({ systemRoot: new HostFolderFileSystem(WINE_DLLS) });
  const b = bootMachine(machine, { mode: 'minimal' });
  const runtime = new UserModeRuntime(b.kernel, { record: false });
  let modules = 0;
  const one = () => {
    const s = startImage(b, runtime, { imagePath: `C:\\Windows\\System32\\${program}` });
    if (s.status !== 0) throw new Error(`${program}: 0x${(s.status >>> 0).toString(16)}`);
    modules = runtime.processData(s.process).ldr.modules.length;
    PspTerminateProcess(b.kernel.ps, s.process, 0);
  };
  const t0 = performance.now();
  one(); // the first start reads the files and makes the image sections
  const cold = performance.now() - t0;
  for (let i = 0; i < 20; i++) one();
  const t1 = performance.now();
  for (let i = 0; i < n; i++) one();
  return { n, ms: performance.now() - t1, cold, modules };
}

function ntsimDeps() {
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [ROOT + 'bin/ntsim.js', 'deps', WINE_DLLS, '--system-root', WINE_DLLS, '--json'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  const ms = performance.now() - t0;
  const lines = r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const failed = lines.filter((x) => x.statusName !== 'STATUS_SUCCESS').length;
  return { ms, images: lines.length, failed, exit: r.status };
}

function wineStarts(program, n) {
  return withWinePrefix('loader', (env) => {
    spawnSync(WINE64, [program, '/?'], { env, stdio: 'ignore', timeout: 60_000 }); // warm
    const t0 = performance.now();
    for (let i = 0; i < n; i++) spawnSync(WINE64, [program, '/?'], { env, stdio: 'ignore', timeout: 60_000 });
    const ms = performance.now() - t0;
    const traced = spawnSync(WINE64, [program, '/?'], {
      env: { ...env, WINEDEBUG: '+loaddll' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const loaded = new Set(
      [...(traced.stderr ?? '').matchAll(/Loaded L"([^"]+)"/g)]
        .map((m) => m[1].toLowerCase())
        .filter((p) => !p.endsWith('.exe')),
    );
    return { n, ms, dlls: loaded.size };
  });
}

export async function run(args) {
  const program = args[0] ?? 'winecfg.exe';
  if (!existsSync(join(WINE_DLLS, program))) {
    console.log(`Wine's DLL folder ${WINE_DLLS} is needed (apt-get install wine64)`);
    return 1;
  }
  const starts = await ntsimStarts(program, 300);
  const deps = ntsimDeps();
  const wine = wineStarts(program, 10);
  const f = (x, d = 0) => x.toFixed(d).padStart(10);
  const rate = (starts.n / starts.ms) * 1000;
  console.log(
    `Process start to the entry point: ${program}, ${starts.modules} modules (exe, ntdll and ${starts.modules - 2} DLLs)`,
  );
  console.log(
    `  ntsim, image sections cached, per second   ${f(rate)}   (${(starts.ms / starts.n).toFixed(2)} ms each; target ≥ 5,000/s)`,
  );
  console.log(`  ntsim, first start (files read)           ${f(starts.cold, 1)} ms`);
  if (wine) {
    const wineMs = wine.ms / wine.n;
    console.log(
      `  peer: Wine, \`wine64 ${program} /?\`, warm  ${f(1000 / wineMs, 1)}/s  (${wineMs.toFixed(0)} ms each, ${wine.dlls} DLLs loaded)`,
    );
    console.log(
      `  ntsim starts it ${(starts.ms / starts.n ? wineMs / (starts.ms / starts.n) : 0).toFixed(0)}× as fast as Wine on this machine`,
    );
  } else console.log('  peer: Wine not available (apt-get install wine64)');
  console.log(`\`ntsim deps\` over Wine's x64 folder (every .exe and .dll)`);
  console.log(
    `  ${deps.images} images in ${(deps.ms / 1000).toFixed(2)} s (${(deps.ms / deps.images).toFixed(1)} ms each; target < 10 s), ${deps.failed} not startable, exit ${deps.exit}`,
  );
  return 0;
}
