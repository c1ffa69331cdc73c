/* ord.dll: O1 @1 (named), O2 @2 NONAME (ordinal only), Named @7; ordinals 3-6 are empty slots in
 * the export address table (ord.def). */
#include "../fixture.h"
FIXTURE_DLL("ord.dll", "", 1)
int O1(void) { return 1; }
int O2(void) { return 2; }
int Named(void) { return 7; }
