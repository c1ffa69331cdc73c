import { Command } from 'commander';
import { runMkpe, UsageError } from './commands/mkpe.js';
import { runPe } from './commands/pe.js';

export function buildProgram(write: (s: string) => void = (s) => process.stdout.write(s)): Command {
  const program = new Command('ntsim')
    .description('Windows NT process creation and image loading as an executable model')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .command('pe')
    .description('read PE images: a dumpbin-style view, or JSON (--json / --jsonl)')
    .argument('<paths...>', 'image files or directories (every regular file under them)')
    .option('--json', 'one JSON object per image (an array for several)')
    .option('--jsonl', 'one JSON line per image')
    .action((paths: string[], opts: { json?: boolean; jsonl?: boolean }) => {
      process.exitCode = runPe(paths, opts, write);
    });
  program
    .command('mkpe')
    .description('synthesize a PE image from a PeSpec (YAML or JSON, scenario.md) with the PE writer')
    .argument('<spec>', 'a file holding a PeSpec, or { pe: PeSpec }')
    .requiredOption('-o, --output <file>', 'where to write the image')
    .action((spec: string, opts: { output: string }) => {
      process.exitCode = runMkpe(spec, opts.output, (s) => process.stderr.write(s));
    });
  return program;
}

export function main(argv: string[]): void {
  try {
    buildProgram().parse(argv);
  } catch (e) {
    const code = (e as { code?: string; exitCode?: number }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exitCode = 0;
    else if (code?.startsWith('commander.')) process.exitCode = 2;
    else if (e instanceof UsageError) {
      process.stderr.write(`ntsim: ${e.message}\n`);
      process.exitCode = 2;
    } else throw e;
  }
}
