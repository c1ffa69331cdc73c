/* c.dll: a leaf, imported by a.dll and b.dll. */
#include "../fixture.h"
FIXTURE_DLL("c.dll", "", 1)
EXPORT int c_value(void) { return 3; }
