/* fwd.dll: exports only forwarders (fwd.def): F1 -> impl.F1 (by name), F2 -> impl.#5 (by
 * ordinal), F3 -> mid.F3 -> impl.F3 (a chain). fwd.dll imports nothing but kernel32. */
#include "../fixture.h"
FIXTURE_DLL("fwd.dll", "", 1)
