/* search.exe: imports where() from probe.dll, so the loader must find probe.dll at process start
 * with the standard search order. Prints "main probe=<TAG of the copy that loaded>". */
#include "../common.h"
__declspec(dllimport) const char *where(void);
int main(void)
{
    say("main probe=", where(), NULL);
    return 0;
}
