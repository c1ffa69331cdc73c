/* missingsym.exe: imports part.dll!Present and part.dll!Missing; part.dll has no Missing.
 * Windows: STATUS_ENTRYPOINT_NOT_FOUND (0xC0000139) before main. Missing is never called. */
#include "../common.h"
__declspec(dllimport) int Present(void);
__declspec(dllimport) int Missing(void);
int main(void)
{
    void *volatile resolved = (void *)Missing; /* the IAT slot, as the loader filled it */
    line_t l;
    line_init(&l);
    line_add(&l, "main Present=");
    line_dec(&l, Present());
    line_add(&l, " Missing resolved: ");
    line_add(&l, resolved ? "non-null" : "null");
    line_emit(&l);
    return 0;
}
