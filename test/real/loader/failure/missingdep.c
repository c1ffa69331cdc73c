/* missingdep.dll: imports nothere.dll; for LoadLibrary of a DLL whose dependency is missing. */
#include "../fixture.h"
FIXTURE_DLL("missingdep.dll", "", 1)
IMPORT int nothere_value(void);
EXPORT int missingdep_value(void) { return nothere_value(); }
