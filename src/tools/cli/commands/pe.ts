import { SingleBar } from 'cli-progress';
import { NtStatusError } from '../../../base/index.js';
import { FileSource, listRegularFiles } from '../../../host/index.js';
import { describePe, PeImage, type PeErrorView, type PeView } from '../../../pe/index.js';
import { formatPeText } from '../pe-text.js';

export interface PeCommandOptions {
  json?: boolean;
  jsonl?: boolean;
}

/** Reads one host file; any bad image becomes the contract's error object, never an exception. */
export function describeFile(path: string): PeView | PeErrorView {
  let src: FileSource | null = null;
  try {
    src = new FileSource(path);
    return describePe(PeImage.open(src), path);
  } catch (e) {
    if (e instanceof NtStatusError) return { path, error: e.toJSON() };
    if (e instanceof Error && 'code' in e && typeof e.code === 'string')
      return {
        path,
        error: { status: '0xC0000034', statusName: 'STATUS_OBJECT_NAME_NOT_FOUND', message: e.message },
      };
    throw e;
  } finally {
    src?.close();
  }
}

/** `ntsim pe FILE|DIR…`: exit 0 when every image parsed, 1 when one did not. */
export function runPe(paths: string[], opts: PeCommandOptions, out: (s: string) => void): number {
  const files = paths.flatMap((p) => {
    try {
      return listRegularFiles(p);
    } catch {
      return [p]; // describeFile reports it
    }
  });
  const bar =
    files.length > 20 && process.stderr.isTTY
      ? new SingleBar({ format: 'pe {bar} {value}/{total} {file}', hideCursor: true })
      : null;
  bar?.start(files.length, 0, { file: '' });
  let failed = 0;
  const views: (PeView | PeErrorView)[] = [];
  for (const f of files) {
    const v = describeFile(f);
    if (v.error) failed++;
    if (opts.jsonl) out(JSON.stringify(v) + '\n');
    else if (opts.json) views.push(v);
    else out(formatPeText(v) + '\n');
    bar?.increment(1, { file: f });
  }
  bar?.stop();
  if (opts.json && !opts.jsonl) out(JSON.stringify(views.length === 1 ? views[0] : views, null, 2) + '\n');
  return failed ? 1 : 0;
}
