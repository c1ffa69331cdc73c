import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realImagesRequired } from '../corpus.js';
import {
  SCENARIOS,
  STATUS,
  WINE64,
  buildLoaderFixtures,
  dataDirectory,
  disposeWinePrefix,
  ensureWinePrefix,
  haveMingw,
  haveWine,
  importedDlls,
  installSystem32,
  runScenario,
  scenarioPaths,
  toPortable,
  wineRoots,
} from './oracle.js';
import type { FixtureLayout, Scenario, WineRun, Outcome } from './oracle.js';

/**
 * The loader oracle: mingw-w64-built programs and DLLs (sources and build.sh beside this file) run
 * under Wine 8. Each scenario in SCENARIOS asserts what Wine did as facts; where Windows is
 * documented to behave otherwise, an it.fails test keeps the Windows expectation next to it (it
 * "passes" by failing under Wine, and would start to fail if Wine changed). README.md has the
 * details and sources.
 */
const run = haveWine() && haveMingw();
if (!run && realImagesRequired())
  throw new Error('wine64 and gcc-mingw-w64-x86-64 are required for test/real/loader');

describe.runIf(run)('loader oracle: Wine 8 running the fixtures', () => {
  let layout: FixtureLayout;
  const runs = new Map<string, { run: WineRun; outcome: Outcome }>();
  const byId = (id: string) => SCENARIOS.find((s) => s.id === id)!;
  const result = (s: Scenario) => {
    let r = runs.get(s.id);
    if (!r) runs.set(s.id, (r = runScenario(layout, s)));
    return r;
  };

  beforeAll(() => {
    layout = buildLoaderFixtures(mkdtempSync(join(tmpdir(), 'ntsim-loader-')));
    const prefix = ensureWinePrefix();
    installSystem32(prefix, [...new Set(SCENARIOS.flatMap((s) => scenarioPaths(layout, s).system32))]);
  }, 300_000);

  afterAll(() => {
    disposeWinePrefix();
    if (layout) rmSync(layout.root, { recursive: true, force: true });
  });

  for (const s of SCENARIOS) {
    it(`${s.id}: ${s.summary}`, () => {
      expect(result(s).outcome).toEqual(s.wine);
    });
    if (s.windows) {
      const windows = s.windows;
      // Windows does otherwise (see windows.source): this expectation fails under Wine.
      it.fails(`${s.id}, as Windows does it (Wine differs)`, () => {
        expect(result(s).outcome).toEqual({ ...s.wine, ...windows.outcome });
      });
    }
  }

  it("Wine's +loaddll trace names a DLL after its imports are loaded (c before a, d before b)", () => {
    const { run } = result(byId('init-order'));
    const roots = wineRoots(layout);
    expect(run.loaddll.filter((m) => m.kind === 'native').map((m) => toPortable(m.winePath, roots))).toEqual([
      '$OUT/init/app.exe',
      '$OUT/init/c.dll',
      '$OUT/init/a.dll',
      '$OUT/init/d.dll',
      '$OUT/init/b.dll',
    ]);
    // Process exit unloads without "Unloaded module" lines; FreeLibrary to zero prints them.
    expect(run.unloaded).toEqual([]);
    expect(result(byId('refcount')).run.unloaded.map((m) => m.name)).toEqual([
      'refc.dll',
      'refdep.dll',
      'refc.dll',
      'refdep.dll',
    ]);
  });

  it('the import descriptors GNU ld wrote, in DLL-name order (the order Wine initializes in)', () => {
    expect(importedDlls(layout.init.app)).toEqual(['KERNEL32.dll', 'msvcrt.dll', 'a.dll', 'b.dll']);
    expect(importedDlls(layout.failure.initFail)).toEqual([
      'KERNEL32.dll',
      'msvcrt.dll',
      'okinit.dll',
      'refuse.dll',
    ]);
    expect(importedDlls(join(layout.init.dir, 'b.dll'))).toEqual(['KERNEL32.dll', 'c.dll', 'd.dll']);
  });

  it("Wine's module-channel messages for each loader failure", () => {
    const messages = (id: string) => result(byId(id)).run.messages;
    const roots = wineRoots(layout);
    const portable = (id: string) => messages(id).map((m) => toPortable(m.replace(/\\\\/g, '\\'), roots));
    expect(portable('failure-missing-dll')).toEqual([
      'warn:module:load_dll Failed to load module L"nothere.dll"; status=c0000135',
      'err:module:import_dll Library nothere.dll (which is needed by L"$OUT/failure/missingdll.exe") not found',
      'err:module:LdrInitializeThunk Importing dlls for L"$OUT/failure/missingdll.exe" failed, status c0000135',
    ]);
    expect(portable('failure-missing-export')).toContainEqual(
      expect.stringMatching(
        /^warn:module:import_dll No implementation for part\.dll\.Missing imported from L"\$OUT\/failure\/missingsym\.exe", setting to [0-9A-F]{16}$/,
      ),
    );
    expect(portable('failure-missing-ordinal')).toContainEqual(
      expect.stringMatching(
        /^warn:module:import_dll No implementation for part\.dll\.42 imported from L"\$OUT\/failure\/missingord\.exe"/,
      ),
    );
    expect(portable('failure-init-failed')).toEqual(
      expect.arrayContaining([
        'warn:module:process_attach Initialization of L"refuse.dll" failed',
        'err:module:LdrInitializeThunk "refuse.dll" failed to initialize, aborting',
        'err:module:LdrInitializeThunk Initializing dlls for L"$OUT/failure/initfail.exe" failed, status c0000142',
      ]),
    );
  });

  it('delay load: GNU ld leaves DataDirectory[13] empty and dly.dll out of the import directory', () => {
    expect(dataDirectory(layout.delay.app, 13)).toEqual({ rva: 0, size: 0 });
    expect(importedDlls(layout.delay.app)).toEqual(['KERNEL32.dll', 'msvcrt.dll']);
    // ... so nothing but running the program shows the dependency: dly.dll loads at the first call.
    expect(result(byId('delay-load')).outcome.modules).toEqual(['$OUT/delay/dly.dll']);
  });

  it("wine64's own exit status keeps only the low byte of the NTSTATUS (hence runner.exe)", () => {
    const prefix = ensureWinePrefix();
    const r = spawnSync(WINE64, [layout.failure.missingDll], {
      env: { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' },
      stdio: 'ignore',
      timeout: 60_000,
    });
    expect(r.status).toBe(STATUS.DLL_NOT_FOUND & 0xff);
  });
});
