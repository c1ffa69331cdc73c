import { ERROR, STATUS } from '../../base/index.js';
import { PsConvertToGuiThread, STATUS_ALREADY_WIN32 } from '../../kernel/ps/index.js';
import { GetModuleHandleW, LoadLibraryW } from '../../kernelbase/index.js';
import type { CallDef, CallOutcome } from './calls.js';
import { opt } from './outcome.js';

/**
 * CreateWindowExW, as far as the process and thread records go (issue #6 item 3): the call is
 * user32's, so user32.dll is loaded into the caller if the program did not import it; its first
 * win32k system call converts the thread to a GUI thread (PsConvertToGuiThread), which makes the
 * process's W32PROCESS and DXGPROCESS (win32k's process callout) the first time (Windows Internals
 * 7 ch. 3: "the thread is converted to a GUI thread … the first time it calls a USER or GDI
 * function"). The window itself is not modelled: the HWND is a sequence number. A process whose
 * conversion fails (no win32k for it) gets ERROR_ACCESS_DENIED, as a call that cannot reach win32k.
 */
export const GUI_CALLS: Readonly<Record<string, CallDef>> = {
  CreateWindowExW: {
    args: {
      exStyle: opt({ kind: 'int' }),
      className: { kind: 'string' },
      windowName: opt({ kind: 'string', nullable: true }),
      style: opt({ kind: 'int' }),
      x: opt({ kind: 'int' }),
      y: opt({ kind: 'int' }),
      width: opt({ kind: 'int' }),
      height: opt({ kind: 'int' }),
      parent: opt({ kind: 'handle', nullable: true }),
      menu: opt({ kind: 'handle', nullable: true }),
      instance: opt({ kind: 'handle', nullable: true }),
      param: opt({ kind: 'any' }),
    },
    run: (e): CallOutcome => {
      if (!GetModuleHandleW(e.ctx, 'user32.dll').returnValue) {
        const l = LoadLibraryW(e.ctx, 'user32.dll');
        if (!l.returnValue)
          return { ok: false, returnValue: '0x0', lastError: l.lastError, status: l.status };
      }
      const s = PsConvertToGuiThread(e.kernel.ps, { process: e.caller, thread: e.thread, previousMode: 1 });
      if (s !== STATUS.SUCCESS && s !== STATUS_ALREADY_WIN32)
        return { ok: false, returnValue: '0x0', lastError: ERROR.ACCESS_DENIED, status: s };
      // HWNDs of the model: a per-run sequence (USER handles are small even numbers on Windows).
      const hwnd = 0x10010 + 0x10 * e.session.windows++;
      return {
        ok: true,
        returnValue: '0x' + hwnd.toString(16),
        lastError: ERROR.SUCCESS,
        status: STATUS.SUCCESS,
        out: { handle: '0x' + hwnd.toString(16) },
      };
    },
  },
};
