/* fwdapp.exe: imports F1, F2, F3 from fwd.dll (all forwarders) and calls them; then resolves the
 * same names with GetProcAddress on fwd.dll and compares the addresses with impl.dll's. */
#include "../common.h"
__declspec(dllimport) int F1(void);
__declspec(dllimport) int F2(void);
__declspec(dllimport) int F3(void);
int main(void)
{
    HMODULE fwd = GetModuleHandleW(L"fwd.dll");
    HMODULE impl = GetModuleHandleW(L"impl.dll");
    line_t l;
    line_init(&l);
    line_add(&l, "main F1=");
    line_dec(&l, F1());
    line_add(&l, " F2=");
    line_dec(&l, F2());
    line_add(&l, " F3=");
    line_dec(&l, F3());
    line_emit(&l);
    say("GetProcAddress(fwd, F1) == impl.F1: ",
        GetProcAddress(fwd, "F1") == GetProcAddress(impl, "F1") ? "yes" : "no", NULL);
    say("GetProcAddress(fwd, F2) == impl.#5: ",
        GetProcAddress(fwd, "F2") == GetProcAddress(impl, (LPCSTR)5) ? "yes" : "no", NULL);
    say("GetProcAddress(fwd, F3) == impl.F3: ",
        GetProcAddress(fwd, "F3") == GetProcAddress(impl, "F3") ? "yes" : "no", NULL);
    say("import F2 == impl.#5: ", (void *)F2 == (void *)GetProcAddress(impl, (LPCSTR)5) ? "yes" : "no", NULL);
    return 0;
}
