/* A small Windows console program for the real-image tests: a TLS callback of its own (besides
 * the ones mingw-w64's CRT adds), an imported function by name, and an application manifest.
 * Built by build.sh with Debian's gcc-mingw-w64-x86-64; the binary is never committed. */
#include <windows.h>
#include <stdio.h>

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    (void)module; (void)reason; (void)reserved;
}

/* The linker collects .CRT$XL? pointers between __xl_a and __xl_z: the TLS callback array. */
__attribute__((section(".CRT$XLB"))) PIMAGE_TLS_CALLBACK tlsapp_callback = tls_callback;

int main(int argc, char **argv)
{
    (void)argc;
    printf("%s: pid %lu\n", argv[0], GetCurrentProcessId());
    return 0;
}
