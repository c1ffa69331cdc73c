/* A TLS callback that prints "tls NAME <reason>" (reason: 1 process attach, 0 process detach,
 * 2 thread attach, 3 thread detach), NAME being the image's fixture_name.
 * Built twice. For a program linked with mingw-w64's CRT (obj/tls-exe.o), the CRT's tlssup.o owns
 * the TLS directory (_tls_used) and collects the callbacks the .CRT$XL? sections hold between
 * __xl_a and __xl_z. For a DLL linked with -nostdlib (obj/tls-dll.o, -DNO_CRT), this file supplies
 * the directory itself: GNU ld points DataDirectory[IMAGE_DIRECTORY_ENTRY_TLS] at _tls_used. */
#include "common.h"

extern const char fixture_name[];

static void NTAPI fixture_tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    line_t l;
    (void)module;
    (void)reserved;
    line_init(&l);
    line_add(&l, "tls ");
    line_add(&l, fixture_name);
    line_add(&l, " ");
    line_dec(&l, reason);
    line_emit(&l);
}

#ifdef NO_CRT
ULONG _tls_index = 0;
static char fixture_tls_template[8] = {1, 2, 3, 4, 5, 6, 7, 8};
static PIMAGE_TLS_CALLBACK fixture_tls_callbacks[] = {fixture_tls_callback, NULL};
const IMAGE_TLS_DIRECTORY64 _tls_used = {
    (ULONGLONG)fixture_tls_template,
    (ULONGLONG)(fixture_tls_template + sizeof fixture_tls_template),
    (ULONGLONG)&_tls_index,
    (ULONGLONG)fixture_tls_callbacks,
    0,
    0,
};
#else
__attribute__((section(".CRT$XLB"))) PIMAGE_TLS_CALLBACK fixture_tls_callback_ptr = fixture_tls_callback;
#endif
