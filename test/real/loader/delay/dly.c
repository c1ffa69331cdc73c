/* dly.dll: delay-loaded by dlyapp.exe. */
#include "../fixture.h"
FIXTURE_DLL("dly.dll", "", 1)
EXPORT int dly_value(void) { return 42; }
