#!/usr/bin/env bash
# Builds libsrtp 2.5.0 from Debian 12's source package with its crypto on OpenSSL (Debian's own
# build uses NSS, about 4x slower for AES-CM-128 + HMAC-SHA1), runs libsrtp's tests, and installs
# it into <stage>:
#   <stage>/shared/libsrtp2.so.1          for Janus (LD_LIBRARY_PATH of its processes only)
#   <stage>/static/lib/libsrtp2.a          PIC, linked into the mediasoup worker
#   <stage>/static/lib/pkgconfig/libsrtp2.pc  (relocatable: prefix=${pcfiledir}/../..)
#   <stage>/static/include/srtp2/*.h
#   <stage>/srtp_driver-t.txt              `test/srtp_driver -t` (timing of every policy)
#   <stage>/source.txt                     the Debian source version built
# Usage: libsrtp2.sh <stage> <workdir>. Called by scripts/media/build.mjs, which owns the cache
# and the stamp. The source comes through a private apt state in <workdir> (deb-src lines made
# from the mirrors apt already uses): nothing under /etc/apt changes and no root is needed.
set -euo pipefail
STAGE=$1
WORK=$2
VERSION=2.5.0
mkdir -p "$STAGE" "$WORK"
cd "$WORK"

step() { printf '\n== libsrtp2: %s\n' "$*"; }

step "sources (private apt state in $WORK/apt)"
mkdir -p apt/lists/partial apt/cache/archives/partial src
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# The Debian mirrors apt is configured with (a school's local mirror or proxy keeps working).
apt-cache policy 2>/dev/null \
  | awk '$2 ~ /^https?:\/\// && $3 ~ /^bookworm(-security|-updates)?\/main$/ { split($3, s, "/"); print $2, s[1] }' \
  | sort -u >apt/mirrors.txt || true
if [ ! -s apt/mirrors.txt ]; then
  printf '%s\n' 'http://deb.debian.org/debian bookworm' 'http://deb.debian.org/debian-security bookworm-security' >apt/mirrors.txt
fi
while read -r uri suite; do
  printf 'deb-src [signed-by=%s] %s %s main\n' "$KEYRING" "$uri" "$suite"
done <apt/mirrors.txt >apt/sources.list
cat apt/sources.list
APT=(apt-get -q -o Dir::Etc::SourceList="$WORK/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent
  -o Dir::State::Lists="$WORK/apt/lists" -o Dir::Cache="$WORK/apt/cache" -o Debug::NoLocking=1
  -o APT::Sandbox::User="$(id -un)" -o Acquire::Retries=1 -o Acquire::http::Timeout=20)
"${APT[@]}" update
cd src
"${APT[@]}" source "libsrtp2"
DSC=$(ls libsrtp2_"$VERSION"-*.dsc | sort -V | tail -n1)
echo "debian source: $DSC" | tee "$STAGE/source.txt"
cd "libsrtp2-$VERSION"

step "configure --enable-openssl"
# Debian's own flags (debian/rules: -O2 replaced by -O4 -fexpensive-optimizations
# -funroll-loops, -D_REENTRANT), so that the crypto engine is the only difference; -fPIC for the
# static archive that goes into the worker.
CFLAGS="$(dpkg-buildflags --get CFLAGS | sed 's/-O2//') -O4 -fexpensive-optimizations -funroll-loops -D_REENTRANT -fPIC"
./configure --enable-openssl --prefix="$STAGE/static" \
  CFLAGS="$CFLAGS" CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)" LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
grep -q '^#define OPENSSL 1' crypto/include/config.h || { echo 'libsrtp2: configure did not select OpenSSL' >&2; exit 1; }

step "make"
nice -n 10 make -j"${JOBS:-2}" shared_library libsrtp2.a test

step "make runtest (libsrtp's own tests)"
nice -n 10 make runtest

step "test/srtp_driver -t (timing)"
test/srtp_driver -t | tee "$STAGE/srtp_driver-t.txt"

step "install into $STAGE"
make install
mkdir -p "$STAGE/shared"
cp -L libsrtp2.so.1 "$STAGE/shared/libsrtp2.so.1"
rm -f "$STAGE"/static/lib/libsrtp2.so*
sed -i -e 's|^prefix=.*|prefix=${pcfiledir}/../..|' -e 's|^exec_prefix=.*|exec_prefix=${prefix}|' \
  -e 's|^libdir=.*|libdir=${prefix}/lib|' -e 's|^includedir=.*|includedir=${prefix}/include|' \
  "$STAGE/static/lib/pkgconfig/libsrtp2.pc"
cat "$STAGE/static/lib/pkgconfig/libsrtp2.pc"
objdump -p "$STAGE/shared/libsrtp2.so.1" | grep -E 'SONAME|NEEDED'
if objdump -p "$STAGE/shared/libsrtp2.so.1" | grep -q 'NEEDED.*libnss3'; then
  echo 'libsrtp2: the built library still needs NSS' >&2
  exit 1
fi
echo "libsrtp2 $VERSION (OpenSSL) built and tested"
