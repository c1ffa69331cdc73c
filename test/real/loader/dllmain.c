/* The entry point of every fixture DLL. DLLs are linked with -nostdlib -e DllMain, so the loader
 * calls this function directly, not a CRT wrapper. Built once (obj/dllmain.o) and linked into each
 * DLL, whose own source supplies the names below with FIXTURE_DLL (fixture.h).
 * Prints one line per call:
 *   attach NAME[ (TAG)] static|dynamic   (lpReserved non-NULL: loaded at process start)
 *   detach NAME[ (TAG)] exit|free        (lpReserved non-NULL: the process is terminating)
 *   thread_attach NAME[ (TAG)] / thread_detach NAME[ (TAG)] */
#include "common.h"

extern const char fixture_name[];
extern const char fixture_tag[];
extern const int fixture_init_result;

static void say_reason(const char *what, const char *how)
{
    line_t l;
    line_init(&l);
    line_add(&l, what);
    line_add(&l, " ");
    line_add(&l, fixture_name);
    if (fixture_tag[0]) {
        line_add(&l, " (");
        line_add(&l, fixture_tag);
        line_add(&l, ")");
    }
    if (how) {
        line_add(&l, " ");
        line_add(&l, how);
    }
    line_emit(&l);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    switch (reason) {
    case DLL_PROCESS_ATTACH: say_reason("attach", reserved ? "static" : "dynamic"); return (BOOL)fixture_init_result;
    case DLL_PROCESS_DETACH: say_reason("detach", reserved ? "exit" : "free"); break;
    case DLL_THREAD_ATTACH: say_reason("thread_attach", NULL); break;
    case DLL_THREAD_DETACH: say_reason("thread_detach", NULL); break;
    }
    return TRUE;
}
