#!/usr/bin/env bash
# Builds the real-image test programs into $1 (default: a temporary folder) with mingw-w64.
#   apt-get install gcc-mingw-w64-x86-64 osslsigncode openssl
# tlsapp.exe: TLS callbacks, a manifest resource, a CodeView record naming tlsapp.pdb.
# tlsapp-signed.exe: the same, Authenticode-signed by osslsigncode with a test certificate whose
# EKUs are Code Signing and Protected Process Light Verification (1.3.6.1.4.1.311.10.3.22).
# tlsapp-pp.exe: the same, signed with a certificate whose EKUs are Code Signing and Protected
# Process Verification (1.3.6.1.4.1.311.10.3.24), the PP EKU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
cd "$out"
x86_64-w64-mingw32-windres "$here/tlsapp.rc" -O coff -o tlsapp.res --include-dir "$here"
x86_64-w64-mingw32-gcc -O1 -o tlsapp.exe "$here/tlsapp.c" tlsapp.res -Wl,--pdb=tlsapp.pdb
if command -v osslsigncode >/dev/null && command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=ntsim PPL test signer/O=ntsim tests" \
    -addext "extendedKeyUsage=codeSigning,1.3.6.1.4.1.311.10.3.22" \
    -keyout signer.key -out signer.pem 2>/dev/null
  osslsigncode sign -certs signer.pem -key signer.key -n "ntsim tlsapp" -in tlsapp.exe -out tlsapp-signed.exe >/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=ntsim PP test signer/O=ntsim tests" \
    -addext "extendedKeyUsage=codeSigning,1.3.6.1.4.1.311.10.3.24" \
    -keyout pp.key -out pp.pem 2>/dev/null
  osslsigncode sign -certs pp.pem -key pp.key -n "ntsim tlsapp" -in tlsapp.exe -out tlsapp-pp.exe >/dev/null
fi
echo "$out"
