/* ordapp.exe: linked against an import library made by dlltool from ord.def, so O2 (NONAME) is
 * imported by ordinal 2 and O1, Named by name (with hints). */
#include "../common.h"
__declspec(dllimport) int O1(void);
__declspec(dllimport) int O2(void);
__declspec(dllimport) int Named(void);
int main(void)
{
    line_t l;
    line_init(&l);
    line_add(&l, "main O1=");
    line_dec(&l, O1());
    line_add(&l, " O2=");
    line_dec(&l, O2());
    line_add(&l, " Named=");
    line_dec(&l, Named());
    line_emit(&l);
    return 0;
}
