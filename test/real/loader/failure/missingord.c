/* missingord.exe: imports part.dll!Present and part.dll ordinal 42, which part.dll lacks.
 * Windows: STATUS_ORDINAL_NOT_FOUND (0xC0000138) before main. Missing42 is never called. */
#include "../common.h"
__declspec(dllimport) int Present(void);
__declspec(dllimport) int Missing42(void);
int main(void)
{
    void *volatile resolved = (void *)Missing42; /* the IAT slot, as the loader filled it */
    line_t l;
    line_init(&l);
    line_add(&l, "main Present=");
    line_dec(&l, Present());
    line_add(&l, " #42 resolved: ");
    line_add(&l, resolved ? "non-null" : "null");
    line_emit(&l);
    return 0;
}
