/* runner.exe: starts one fixture program the way a Windows parent would, and reports its exit code
 * as a full 32-bit NTSTATUS (the Unix exit status of wine64 keeps only the low 8 bits).
 * Everything comes from the environment (Wine copies the Unix environment into the Windows one):
 *   NTSIM_ORACLE_CMDLINE  the child's command line (Windows paths)
 *   NTSIM_ORACLE_CWD      the child's current directory
 *   NTSIM_ORACLE_PATH     folders prepended to PATH (';'-separated), optional
 * The child inherits this process's stdout and stderr; the runner itself writes only one line,
 * to stderr: "ntsim-oracle: exit 0xXXXXXXXX" (or "... error <what> <GetLastError()>").
 * The error mode SEM_FAILCRITICALERRORS|SEM_NOGPFAULTERRORBOX is inherited by the child, so a
 * loader failure raises no hard-error box and a crash starts no debugger. */
#include "common.h"

static void report(const char *what, DWORD value)
{
    line_t l;
    DWORD n;
    line_init(&l);
    line_add(&l, "ntsim-oracle: ");
    line_add(&l, what);
    line_add(&l, " ");
    line_hex(&l, value);
    l.text[l.len++] = '\n';
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), l.text, (DWORD)l.len, &n, NULL);
}

static WCHAR *env(const WCHAR *name)
{
    DWORD n = GetEnvironmentVariableW(name, NULL, 0);
    WCHAR *v;
    if (!n) return NULL;
    v = HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR));
    GetEnvironmentVariableW(name, v, n);
    SetEnvironmentVariableW(name, NULL); /* not passed on to the child */
    return v;
}

int main(void)
{
    WCHAR *cmdline = env(L"NTSIM_ORACLE_CMDLINE");
    WCHAR *cwd = env(L"NTSIM_ORACLE_CWD");
    WCHAR *extra = env(L"NTSIM_ORACLE_PATH");
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    int i;

    if (!cmdline) {
        report("error no-cmdline", 0);
        return 2;
    }
    if (extra) {
        DWORD n = GetEnvironmentVariableW(L"PATH", NULL, 0);
        WCHAR *path = HeapAlloc(GetProcessHeap(), 0, (lstrlenW(extra) + 1 + n + 1) * sizeof(WCHAR));
        lstrcpyW(path, extra);
        if (n) {
            lstrcatW(path, L";");
            GetEnvironmentVariableW(L"PATH", path + lstrlenW(path), n);
        }
        SetEnvironmentVariableW(L"PATH", path);
    }
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);

    ZeroMemory(&si, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    for (i = 0; i < 3; i++) {
        HANDLE h = i == 0 ? si.hStdInput : i == 1 ? si.hStdOutput : si.hStdError;
        if (h && h != INVALID_HANDLE_VALUE) SetHandleInformation(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
    }

    if (!CreateProcessW(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, cwd, &si, &pi)) {
        report("error create-process", GetLastError());
        return 2;
    }
    if (WaitForSingleObject(pi.hProcess, 20000) != WAIT_OBJECT_0) {
        TerminateProcess(pi.hProcess, 0xDEAD);
        report("error timeout", 0);
        return 2;
    }
    GetExitCodeProcess(pi.hProcess, &code);
    report("exit", code);
    return 0;
}
