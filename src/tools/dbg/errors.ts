/**
 * The console's errors, worded as WinDbg words them; the engine prints `message` and goes on.
 * Shapes from public transcripts and tools that parse them (search index ids in brackets):
 * `Couldn't resolve error at 'foo'` and `Memory access error at '1'` from a MASM evaluator's test
 * suite that mirrors dbgeng [11151525543]; `Memory access error at ')'` for `? dw(bad)` [24335361801];
 * `       ^ Syntax error in 'r rsp+28'` for a command dbgeng does not know [13092808821, 45636595947];
 * `Syntax error at '<EOL>'` for an unclosed parenthesis [11151525543].
 */
export class DbgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DbgError';
  }
}

/** The prompt `0: kd> ` is 7 characters: dbgeng puts the caret under the command's first one. */
export const syntaxError = (command: string): DbgError =>
  new DbgError(`       ^ Syntax error in '${command}'`);
export const couldntResolve = (at: string): DbgError => new DbgError(`Couldn't resolve error at '${at}'`);
export const memoryAccess = (at: string): DbgError => new DbgError(`Memory access error at '${at}'`);
export const syntaxAt = (at: string): DbgError => new DbgError(`Syntax error at '${at}'`);
