/**
 * How ShellExecute turns a verb's command template into a command line (SHELL_ArgifyW in Wine's
 * dlls/shell32/shlexec.c; the behaviour of Windows as Wine's dlls/shell32/tests/shlexec.c
 * test_argify records it against real Windows; Microsoft Learn "Launching Applications
 * (ShellExecute, ShellExecuteEx, SHELLEXECUTEINFO)" and "Verbs and File Associations" for %1/%L).
 */

/** One parameter of lpParameters and where it ends in the raw string (after its closing quote). */
export interface ShellParameter {
  value: string;
  end: number;
}

/**
 * lpParameters split the way the %2…%9 directives see it — "differently from both CreateProcess()
 * and CommandLineToArgv()" (shlexec.c tests): only spaces separate; backslashes are ordinary; in an
 * unquoted parameter 2n quotes are n quotes and 2n+1 are n quotes and a separator; a parameter
 * starting with a quote is quoted, where 2n quotes are n quotes and 2n+1 are n quotes and the end
 * of the parameter (which needs no space after it); an unclosed quoted parameter is lost, with
 * everything after it.
 */
export function splitShellParameters(raw: string): ShellParameter[] {
  const out: ShellParameter[] = [];
  let i = 0;
  const quotes = (): number => {
    let q = 0;
    while (raw[i + q] === '"') q++;
    return q;
  };
  for (;;) {
    while (raw[i] === ' ') i++;
    if (i >= raw.length) return out;
    let value = '';
    if (raw[i] === '"') {
      i++;
      let closed = false;
      while (i < raw.length) {
        if (raw[i] === '"') {
          const q = quotes();
          value += '"'.repeat(Math.floor(q / 2));
          i += q;
          if (q % 2) {
            closed = true;
            break;
          }
        } else value += raw[i++];
      }
      if (!closed) return out;
    } else {
      while (i < raw.length && raw[i] !== ' ') {
        if (raw[i] === '"') {
          const q = quotes();
          value += '"'.repeat(Math.floor(q / 2));
          i += q;
          if (q % 2) break;
        } else value += raw[i++];
      }
    }
    out.push({ value, end: i });
  }
}

/**
 * SHELL_ArgifyW: the template with its directives replaced (test_argify's expectations):
 * - `%1`, `%L`/`%l` (and `%0`): the file, as a full path; a template with none of them gets nothing
 *   added;
 * - `%2` … `%9`: that parameter (`%2` the first), unquoted as it was parsed — not re-quoted;
 * - `%*`: lpParameters exactly as given, trailing spaces included;
 * - `%~n` (2…9): lpParameters from the end of the parameter before the (n-1)th one (`%~2` is `%*`;
 *   `%~3` and up keep the spaces in front), empty when there are fewer parameters;
 * - `%%` is `%`; any other `%x` loses its `%`, except that `%~` not followed by 2…9 stays as it is.
 * Only one digit is read: `%20` is the first parameter followed by `0`.
 */
export function SHELL_ArgifyW(template: string, file: string, parameters: string): string {
  const params = splitShellParameters(parameters);
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const d = template[i + 1];
    if (d === undefined) {
      out += '%';
      break;
    }
    i++;
    if (d === '1' || d === '0' || d === 'L' || d === 'l') out += file;
    else if (d >= '2' && d <= '9') out += params[Number(d) - 2]?.value ?? '';
    else if (d === '*') out += parameters;
    else if (d === '~') {
      const n = template[i + 1];
      if (n !== undefined && n >= '2' && n <= '9') {
        i++;
        const k = Number(n);
        if (k === 2) out += parameters;
        else {
          const before = params[k - 3];
          out += before ? parameters.slice(before.end) : '';
        }
      } else out += '%~';
    } else out += d;
  }
  return out;
}

/**
 * ExpandEnvironmentStringsW over an environment block (`NAME=value` strings; names compare
 * case-insensitively): each `%NAME%` that names a variable is replaced; an undefined one is left as
 * it is and the scan goes on from its closing `%`.
 */
export function expandEnvironmentStrings(text: string, environment: readonly string[]): string {
  const lookup = (name: string): string | undefined => {
    const want = name.toUpperCase();
    for (const e of environment) {
      const eq = e.indexOf('=', 1);
      if (eq > 0 && e.slice(0, eq).toUpperCase() === want) return e.slice(eq + 1);
    }
    return undefined;
  };
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('%', i);
    if (open < 0) break;
    const close = text.indexOf('%', open + 1);
    if (close < 0) break;
    out += text.slice(i, open);
    const value = close > open + 1 ? lookup(text.slice(open + 1, close)) : undefined;
    if (value !== undefined) {
      out += value;
      i = close + 1;
    } else {
      out += text.slice(open, close);
      i = close;
    }
  }
  return out + text.slice(i);
}
