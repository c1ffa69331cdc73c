/* a.dll: imports c.dll. */
#include "../fixture.h"
FIXTURE_DLL("a.dll", "", 1)
IMPORT int c_value(void);
EXPORT int a_value(void) { return 10 + c_value(); }
