/** `.help`: the commands this console knows, in WinDbg's syntax. */
export const HELP: readonly string[] = [
  'ntsim dbg: a WinDbg-style console over the simulated machine (kernel debugger view, build 19045 x64)',
  '',
  '!process 0 0 [image]       every process on PsActiveProcessHead (flags 1: details, 7: threads)',
  '!process <pid|addr> <f>    one process',
  '.process [/p] [/r] <addr>  set the implicit process (user addresses, $peb, lm, !peb follow it)',
  '!peb [addr]  !teb [addr]   the PEB / TEB of the implicit process and thread',
  'r $peb|$teb|$proc|$thread|$tpid|$tid',
  'dt [nt!|ntdll!]Type [addr] [Field[.] ...]   types from the build layout table',
  '!handle [h] [flags] [pid]  the handle table;  !object <path|addr>;  !token [addr]',
  'lm  lmv m <module>  x <module>!<pattern>  !dlls [-l|-m|-i]',
  'db dw dd dq da du <addr> [L<count>]        memory of the implicit process or a kernel object',
  'u <addr> [L<count>]        disassembly (iced-x86)',
  '? <expr>                   MASM expression: hex default, 0n decimal, + - * /, poi(), @$peb, module!symbol',
  '.help                      this text',
];
