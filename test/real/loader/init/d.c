/* d.dll: a leaf, imported by b.dll. */
#include "../fixture.h"
FIXTURE_DLL("d.dll", "", 1)
EXPORT int d_value(void) { return 4; }
