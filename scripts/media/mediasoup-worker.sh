#!/usr/bin/env bash
# Builds the mediasoup worker offline from the sources shipped in the npm package, against
# Debian 12's libraries (scripts/media/patch-mediasoup-worker.py), into <stage>/mediasoup-worker.
# Usage: mediasoup-worker.sh <package-worker-dir> <stage> <workdir> [<libsrtp2-openssl-dir>]
#   <package-worker-dir>  node_modules/mediasoup/worker: only read, copied to <workdir> first
#   <libsrtp2-openssl-dir> the cache entry of scripts/media/libsrtp2.sh; when given, its static
#                         libsrtp2.a is linked in (else Debian's shared libsrtp2, which uses NSS)
# Called by scripts/media/build.mjs, which owns the cache, the key and the stamp.
set -euo pipefail
SRC=$1
STAGE=$2
WORK=$3
SRTP=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$STAGE" "$WORK"

step() { printf '\n== mediasoup-worker: %s\n' "$*"; }

step "copy $SRC to $WORK/worker"
rm -rf "$WORK/worker"
cp -a "$SRC" "$WORK/worker"
rm -rf "$WORK/worker/out" "$WORK/worker/prebuild"
cd "$WORK/worker"

step "patch"
python3 "$HERE/patch-mediasoup-worker.py" . "$HERE/srtp-compat.h"

SRTP_ARGS=()
if [ -n "$SRTP" ]; then
  export PKG_CONFIG_PATH="$SRTP/static/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
  SRTP_ARGS=(-Dlophoc_srtp_static=true)
  echo "libsrtp2: $(pkg-config --variable=pcfiledir libsrtp2) (static, OpenSSL)"
fi

step "meson setup"
# Upstream's release arguments (tasks.py), liburing off (not in Debian 12), no downloads.
meson setup --buildtype release -Db_ndebug=true -Dms_disable_liburing=true --wrap-mode=nodownload \
  "${SRTP_ARGS[@]}" build

# The patch makes the generated FlatBuffers headers an order-only input of every object that
# includes them; fail here, not after a racy parallel build, if that ever stops being true.
if ! grep -E '^build deps/libwebrtc/.*\.o: .*\|\|.*fbs/FBS' build/build.ninja >/dev/null; then
  echo 'mediasoup-worker: libwebrtc objects do not wait for fbs/FBS (patch hunk lost?)' >&2
  exit 1
fi

step "ninja fbs/FBS (the generated FlatBuffers headers, before anything that includes them)"
# Belt and braces with the order-only edge checked above: the headers first, then the rest.
nice -n 10 ninja -C build fbs/FBS

step "ninja -j${JOBS:-2} (about 10 minutes on 2 cores)"
nice -n 10 ninja -C build -j"${JOBS:-2}" mediasoup-worker

step "install into $STAGE"
install -m 0755 build/mediasoup-worker "$STAGE/mediasoup-worker"
ldd "$STAGE/mediasoup-worker" | tee "$STAGE/ldd.txt"
if [ -n "$SRTP" ] && grep -q 'libsrtp2\.so' "$STAGE/ldd.txt"; then
  echo 'mediasoup-worker: linked the shared libsrtp2 although the OpenSSL static build was given' >&2
  exit 1
fi
if [ -z "$SRTP" ] && ! grep -q 'libsrtp2\.so' "$STAGE/ldd.txt"; then
  echo 'mediasoup-worker: system variant but no shared libsrtp2 linked' >&2
  exit 1
fi
# Without MEDIASOUP_VERSION the worker exits with 41 (src/main.cpp): proves it loads and runs.
set +e
env -i "$STAGE/mediasoup-worker" >/dev/null 2>&1
code=$?
set -e
if [ "$code" != 41 ]; then
  echo "mediasoup-worker: the built binary does not run here (exit $code, expected 41)" >&2
  exit 1
fi
echo "mediasoup-worker built: $STAGE/mediasoup-worker"
