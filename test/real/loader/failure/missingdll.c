/* missingdll.exe: imports nothere.dll, which exists nowhere. Windows: the process never reaches
 * main and exits with STATUS_DLL_NOT_FOUND (0xC0000135). */
#include "../common.h"
__declspec(dllimport) int nothere_value(void);
int main(void)
{
    say("main", NULL);
    return nothere_value();
}
