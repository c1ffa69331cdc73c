/* mid.dll: no code of its own but DllMain; F3 is forwarded on to impl.F3 (mid.def). */
#include "../fixture.h"
FIXTURE_DLL("mid.dll", "", 1)
