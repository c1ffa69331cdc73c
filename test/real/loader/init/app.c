/* app.exe: imports a.dll then b.dll (in that order in its import directory); a TLS callback.
 * Prints "main a=<a_value> b=<b_value>" and returns 0, so the detach order at exit shows too. */
#include "../common.h"
const char fixture_name[] = "app.exe"; /* for the TLS callback (linked with obj/tls-exe.o) */
__declspec(dllimport) int a_value(void);
__declspec(dllimport) int b_value(void);
int main(void)
{
    line_t l;
    line_init(&l);
    line_add(&l, "main a=");
    line_dec(&l, a_value());
    line_add(&l, " b=");
    line_dec(&l, b_value());
    line_emit(&l);
    return 0;
}
