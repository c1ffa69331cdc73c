/* initfail.exe: imports okinit.dll, then refuse.dll (whose DllMain fails). Windows: the process
 * ends with STATUS_DLL_INIT_FAILED (0xC0000142) before main. */
#include "../common.h"
__declspec(dllimport) int okinit_value(void);
__declspec(dllimport) int refuse_value(void);
int main(void)
{
    say("main", NULL);
    return okinit_value() + refuse_value();
}
