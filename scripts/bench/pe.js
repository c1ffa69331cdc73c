// `npm run bench -- pe [DIR]`: read every file of the corpus (default: Debian wine64's x64 PE
// folder) to JSON lines — ntsim's reader in this process, python3-pefile doing the same work on the
// same files in its own — and print files/s and MB/s side by side. Target: ntsim ≥ 20× pefile.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describePe, PeImage } from '../../dist/pe/index.js';
import { FileSource, listRegularFiles } from '../../dist/host/index.js';
import { NtStatusError } from '../../dist/base/index.js';

const WINE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const PEER = fileURLToPath(new URL('./pefile-pe-json.py', import.meta.url));
const ROUNDS = 9;

/** One pass over the corpus: open, describe every directory, serialize a JSON line. */
function ntsimPass(files) {
  let bytesRead = 0;
  let out = 0;
  let failed = 0;
  const t0 = process.hrtime.bigint();
  for (const f of files) {
    const src = new FileSource(f);
    let line;
    try {
      line = JSON.stringify(describePe(PeImage.open(src), f));
    } catch (e) {
      if (!(e instanceof NtStatusError)) throw e;
      failed++;
      line = JSON.stringify({ path: f, error: e.toJSON() });
    } finally {
      bytesRead += src.bytesRead;
      src.close();
    }
    out += line.length + 1;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, bytesRead, out, failed };
}

function pefilePass(files) {
  const r = execFileSync('/usr/bin/python3', [PEER], {
    input: files.join('\n'),
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return r;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 1) => n.toFixed(d).padStart(10);

export async function run(args) {
  const root = args[0] ?? WINE;
  const files = listRegularFiles(root);
  if (!files.length) {
    console.error(`no files under ${root} (apt-get install wine64, or pass a folder)`);
    return 2;
  }
  const totalBytes = files.reduce((n, f) => n + statSync(f).size, 0);
  console.log(`corpus: ${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB under ${root}`);

  ntsimPass(files); // warm-up: JIT and page cache, for both sides alike (pefile reads the same cached files)
  const ours = [];
  let last;
  for (let i = 0; i < ROUNDS; i++) ours.push((last = ntsimPass(files)).seconds);

  let peer = null;
  const peerTimes = [];
  try {
    for (let i = 0; i < 3; i++) {
      const { spawnSync } = await import('node:child_process');
      const r = spawnSync('/usr/bin/python3', [PEER], { input: files.join('\n'), maxBuffer: 1 << 30 });
      if (r.status !== 0) throw new Error(r.stderr.toString());
      peerTimes.push(Number(/seconds=([\d.]+)/.exec(r.stderr.toString())[1]));
      peer = r.stdout.length;
    }
  } catch (e) {
    console.error(
      `python3-pefile not available (${e.message.split('\n')[0]}): apt-get install python3-pefile`,
    );
  }
  void pefilePass;

  const t = median(ours);
  console.log('');
  console.log('reader                       seconds    files/s       MB/s   JSON out    read from files');
  console.log(
    `ntsim (PeImage + describePe)${fmt(t, 3)}${fmt(files.length / t, 0)}${fmt(totalBytes / 1e6 / t)}${fmt(last.out / 1e6)} MB ${fmt(last.bytesRead / 1e6)} MB (${((100 * last.bytesRead) / totalBytes).toFixed(1)}% of the corpus)`,
  );
  if (peerTimes.length) {
    const p = median(peerTimes);
    console.log(
      `python3-pefile (same work)  ${fmt(p, 3)}${fmt(files.length / p, 0)}${fmt(totalBytes / 1e6 / p)}${fmt(peer / 1e6)} MB`,
    );
    console.log('');
    console.log(
      `ntsim is ${(p / t).toFixed(1)}× pefile (target ≥ 20×); medians of ${ROUNDS} ntsim and ${peerTimes.length} pefile rounds, in-process time, ${last.failed} files refused`,
    );
  }
  return 0;
}
