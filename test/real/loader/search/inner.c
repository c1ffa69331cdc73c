/* inner.dll: the dependency of outer.dll. */
#include "../fixture.h"
FIXTURE_DLL("inner.dll", "", 1)
EXPORT int inner_value(void) { return 1; }
