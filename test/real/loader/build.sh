#!/usr/bin/env bash
# Builds the loader oracle fixtures into $1 (default: a temporary folder) with mingw-w64, in the
# folder layout each scenario needs (see README.md and SCENARIOS in oracle.ts), and prints $1.
#   apt-get install gcc-mingw-w64-x86-64
# DLLs are linked with -nostdlib and DllMain as the entry point: the loader calls our code
# directly, with no CRT wrapper in between. Programs use mingw-w64's CRT (msvcrt.dll).
# --no-insert-timestamp, -s (no debug info naming temporary files) and the relative DLL names (see
# dll below) keep the images byte-identical from one build to the next, wherever OUT is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d)}
case "$out" in *[[:space:]]*) echo "build.sh: the output folder must not contain spaces: $out" >&2; exit 1 ;; esac
mkdir -p "$out"
out=$(cd "$out" && pwd)

CC=x86_64-w64-mingw32-gcc
DLLTOOL=x86_64-w64-mingw32-dlltool
CFLAGS=(-O1 -s -Wall -Wextra -Werror -Wl,--no-insert-timestamp)
obj="$out/obj"
rm -rf "$out/bin" "$out/init" "$out/search" "$out/forward" "$out/ordinal" "$out/failure" "$out/delay" \
  "$out/refcount" "$obj"
mkdir -p "$obj" "$out/bin" "$out/init" "$out/forward" "$out/ordinal" "$out/failure" "$out/delay" \
  "$out/refcount"
mkdir -p "$out/search/"{app,noapp,cwd,path,extra,empty,system32}

# dll OUT SRC [more sources, objects, import libraries, DLLs to link against, -D...] (absolute
# paths). Every DLL gets the shared entry point obj/dllmain.o. Linked from OUT's folder under its
# bare name: GNU ld derives the automatic image base from a hash of the output name as written, so
# the bases do not depend on where the build goes.
dll() {
  local o=$1
  shift
  (cd "$(dirname "$o")" &&
    "$CC" "${CFLAGS[@]}" -shared -nostdlib -Wl,-e,DllMain -o "$(basename "$o")" "$@" "$obj/dllmain.o" -lkernel32)
}
# exe OUT SRC [more]
exe() {
  local o=$1
  shift
  "$CC" "${CFLAGS[@]}" -o "$o" "$@"
}

# Objects shared by the fixtures: the DLL entry point, and the TLS callback for a DLL (which brings
# its own TLS directory) and for a program (whose CRT has one).
"$CC" "${CFLAGS[@]}" -c -o "$obj/dllmain.o" "$here/dllmain.c" &
p1=$!
"$CC" "${CFLAGS[@]}" -c -DNO_CRT -o "$obj/tls-dll.o" "$here/tls.c" &
p2=$!
"$CC" "${CFLAGS[@]}" -c -o "$obj/tls-exe.o" "$here/tls.c" &
p3=$!
wait "$p1"
wait "$p2"
wait "$p3"

# Each scenario builds in its own background job (mingw-w64's gcc spends most of its time parsing
# windows.h); any job failing fails the build.
build_tools() {
  exe "$out/bin/runner.exe" "$here/runner.c"
  exe "$obj/dynload.exe" -municode "$here/dynload.c"
}

# init: app.exe -> a.dll, b.dll; a.dll -> c.dll; b.dll -> c.dll, d.dll. TLS in b.dll and app.exe.
build_init() {
  local d="$out/init"
  dll "$d/c.dll" "$here/init/c.c"
  dll "$d/d.dll" "$here/init/d.c"
  dll "$d/a.dll" "$here/init/a.c" "$d/c.dll"
  dll "$d/b.dll" "$here/init/b.c" "$obj/tls-dll.o" "$d/c.dll" "$d/d.dll"
  exe "$d/app.exe" "$here/init/app.c" "$obj/tls-exe.o" "$d/a.dll" "$d/b.dll"
}

# search: one probe.dll per location; sysprobe.dll in the app folder, the cwd folder and System32.
build_search() {
  local s="$out/search" where
  for where in app:appdir cwd:cwd path:path extra:extra; do
    dll "$s/${where%%:*}/probe.dll" "$here/search/probe.c" -DNAME='"probe.dll"' -DTAG="\"${where##*:}\""
  done
  for where in app:appdir cwd:cwd system32:system32; do
    dll "$s/${where%%:*}/sysprobe.dll" "$here/search/probe.c" -DNAME='"sysprobe.dll"' -DTAG="\"${where##*:}\""
  done
  dll "$s/extra/inner.dll" "$here/search/inner.c"
  dll "$s/extra/outer.dll" "$here/search/outer.c" "$s/extra/inner.dll"
  exe "$s/app/search.exe" "$here/search/search.c" "$s/app/probe.dll"
  cp "$s/app/search.exe" "$s/noapp/search.exe"
}

# forward: fwd.dll's exports are all forwarders (to impl.dll by name and by ordinal, and to mid.dll,
# which forwards on to impl.dll). GNU ld takes "impl.#5" in a .def file only quoted.
build_forward() {
  local f="$out/forward"
  dll "$f/impl.dll" "$here/forward/impl.c" "$here/forward/impl.def"
  dll "$f/mid.dll" "$here/forward/mid.c" "$here/forward/mid.def"
  dll "$f/fwd.dll" "$here/forward/fwd.c" "$here/forward/fwd.def"
  "$DLLTOOL" -d "$here/forward/fwd.def" -l "$obj/libfwd.a"
  exe "$f/fwdapp.exe" "$here/forward/fwdapp.c" "$obj/libfwd.a"
}

# ordinal: ord.dll with a NONAME export; ordapp.exe imports it by ordinal through dlltool's library.
build_ordinal() {
  local o="$out/ordinal"
  dll "$o/ord.dll" "$here/ordinal/ord.c" "$here/ordinal/ord.def"
  "$DLLTOOL" -d "$here/ordinal/ord.def" -l "$obj/libord.a"
  exe "$o/ordapp.exe" "$here/ordinal/ordapp.c" "$obj/libord.a"
}

# failure: import libraries that promise what the DLLs do not have.
build_failure() {
  local x="$out/failure"
  "$DLLTOOL" -d "$here/failure/nothere.def" -l "$obj/libnothere.a"
  "$DLLTOOL" -d "$here/failure/part-import.def" -l "$obj/libpart.a"
  dll "$x/part.dll" "$here/failure/part.c"
  dll "$x/okinit.dll" "$here/failure/okinit.c"
  dll "$x/refuse.dll" "$here/failure/refuse.c"
  dll "$x/missingdep.dll" "$here/failure/missingdep.c" "$obj/libnothere.a"
  dll "$x/needsmissing.dll" "$here/failure/needsmissing.c" "$obj/libpart.a"
  exe "$x/missingdll.exe" "$here/failure/missingdll.c" "$obj/libnothere.a"
  exe "$x/missingsym.exe" "$here/failure/missingsym.c" "$obj/libpart.a"
  exe "$x/missingord.exe" "$here/failure/missingord.c" "$obj/libpart.a"
  exe "$x/initfail.exe" "$here/failure/initfail.c" "$x/okinit.dll" "$x/refuse.dll"
}

# delay: dlyapp.exe imports dly.dll through dlltool's delay-import library (--output-delaylib).
build_delay() {
  local y="$out/delay"
  dll "$y/dly.dll" "$here/delay/dly.c"
  "$DLLTOOL" -d "$here/delay/dly.def" -y "$obj/libdly-delay.a"
  exe "$y/dlyapp.exe" "$here/delay/dlyapp.c" "$obj/libdly-delay.a"
}

# refcount: refc.dll -> refdep.dll, driven by dynload.exe.
build_refcount() {
  local r="$out/refcount"
  dll "$r/refdep.dll" "$here/refcount/refdep.c"
  dll "$r/refc.dll" "$here/refcount/refc.c" "$r/refdep.dll"
}

pids=()
for step in tools init search forward ordinal failure delay refcount; do
  "build_$step" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if [ "$failed" != 0 ]; then
  echo "build.sh: a fixture failed to build (see the compiler output above)" >&2
  exit 1
fi

# dynload.exe, next to the DLLs of the scenarios that drive the loader from a program.
for dir in search/app search/noapp forward ordinal failure refcount; do
  cp "$obj/dynload.exe" "$out/$dir/dynload.exe"
done

echo "$out"
