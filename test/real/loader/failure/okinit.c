/* okinit.dll: initializes normally. initfail.exe imports it before refuse.dll. */
#include "../fixture.h"
FIXTURE_DLL("okinit.dll", "", 1)
EXPORT int okinit_value(void) { return 1; }
