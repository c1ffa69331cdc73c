/* dlyapp.exe: imports dly_value from dly.dll through a delay-import library made by
 * `dlltool --output-delaylib`. The first call goes through mingw-w64's __delayLoadHelper2, which
 * calls LoadLibraryA and GetProcAddress; dly.dll should not be loaded before it. */
#include "../common.h"
__declspec(dllimport) int dly_value(void);
int main(void)
{
    line_t l;
    say_module("before call: GetModuleHandle(dly.dll) ->", GetModuleHandleW(L"dly.dll"));
    line_init(&l);
    line_add(&l, "call dly_value -> ");
    line_dec(&l, dly_value());
    line_emit(&l);
    say_module("after call: GetModuleHandle(dly.dll) ->", GetModuleHandleW(L"dly.dll"));
    return 0;
}
