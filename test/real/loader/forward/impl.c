/* impl.dll: the real code. F5 is exported by ordinal only (impl.def: @5 NONAME). */
#include "../fixture.h"
FIXTURE_DLL("impl.dll", "", 1)
int F1(void) { return 1; }
int F3(void) { return 3; }
int F5(void) { return 5; }
