/* The peer of `npm run bench -- win32`: N CreateProcessW calls of a console program, each run to
 * completion (the child's loader, CRT start-up and an immediate return) and waited for — under
 * Wine. Prints "<n> <milliseconds>". Built by scripts/bench/win32.js with mingw-w64. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int wmain(int argc, wchar_t **argv)
{
    int n = argc > 1 ? _wtoi(argv[1]) : 100;
    wchar_t cmd[MAX_PATH];
    LARGE_INTEGER f, a, b;
    int i;
    if (argc > 1 && wcscmp(argv[1], L"child") == 0) return 0;
    GetModuleFileNameW(NULL, cmd, MAX_PATH);
    wcscat(cmd, L" child");
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&a);
    for (i = 0; i < n; i++) {
        STARTUPINFOW si = { sizeof si };
        PROCESS_INFORMATION pi;
        if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
            printf("CreateProcessW failed: %lu\n", GetLastError());
            return 1;
        }
        WaitForSingleObject(pi.hProcess, INFINITE);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
    QueryPerformanceCounter(&b);
    printf("%d %.1f\n", n, (double)(b.QuadPart - a.QuadPart) * 1000.0 / (double)f.QuadPart);
    return 0;
}
