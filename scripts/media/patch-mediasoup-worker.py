#!/usr/bin/env python3
"""Make the mediasoup 3.19.x worker build offline against Debian 12's own libraries.

Usage: patch-mediasoup-worker.py <worker-dir> <srtp-compat-header>

<worker-dir> is a COPY of node_modules/mediasoup/worker (never patch node_modules itself).
What it changes (every hunk is an exact-text replacement; see docs/sfu.md "Install and native
builds"):
  - worker/meson.build: the wrap subprojects (libuv, openssl, libsrtp3, usrsctp, abseil-cpp,
    flatbuffers) become system dependency() calls (Debian 12: libuv 1.44, OpenSSL 3.0,
    libsrtp2 2.5, usrsctp 0.9.5, abseil 20220623, flatbuffers 2.0.8); meson >= 1.0 (Debian has
    1.0.1). libsrtp2 is linked statically when the option `lophoc_srtp_static` is true: the build
    script then puts the project's OpenSSL build of libsrtp2 first on PKG_CONFIG_PATH.
  - worker/meson_options.txt: that option.
  - worker/fbs/meson.build: the generated FlatBuffers headers become a `sources:` of
    flatbuffers_generator_dep, so every target that uses it waits for them (upstream only adds
    the include directory, and `ninja -j2` compiled libwebrtc before FBS/*.h existed).
  - worker/deps/libwebrtc/meson.build: the same system dependencies, plus
    flatbuffers_generator_dep (libwebrtc includes FBS/*.h).
  - worker/srtp-compat/srtp.h: the libsrtp 3.0 calls mediasoup 3.16-3.19 makes, mapped onto
    libsrtp 2.5 (copied from <srtp-compat-header>).
  - worker/src/RTC/DtlsTransport.cpp: backport of mediasoup 3.32.2 (PR #2025). onSslBioOut()
    answered 1 to every BIO callback but exactly BIO_CB_RETURN, so BIO_get_ktls_send() on the
    to-network BIO said "kernel TLS on" with Debian's OpenSSL (built with KTLS; mediasoup's
    bundled one is not), OpenSSL allocated no write buffer and the worker crashed (SIGSEGV) on
    the first DTLS handshake. Now the return callbacks (operationType & BIO_CB_RETURN) answer
    OpenSSL's own result.
  - worker/src/RTC/{WebRtc,Plain,Pipe}Transport.cpp: backport of mediasoup 3.32.1 (PR #2022):
    a received RTP packet larger than 2048 bytes is discarded. In 3.19.22 one with a header
    extension over 32 KB aborts the worker (SIGABRT, every room on it gone), and any participant
    holding SRTP keys can send one (sfu/mediasoup/workerBinary.int.test.ts reproduces it).

All-or-nothing: every expected text is checked before any file is written, so a meson.build of
another mediasoup version stops the build with the hunk that did not match (exit 2) instead of
half-patching. A second run prints "already patched" and changes nothing.
"""
import pathlib
import sys

MARK = 'LOPHOC-SYSTEM-DEPS-PATCH v1'

# --- worker/meson.build -------------------------------------------------------------------------
MESON_VERSION_OLD = "  meson_version: '>= 1.1.0',\n"
MESON_VERSION_NEW = "  meson_version: '>= 1.0.0', # " + MARK + "\n"

SUBPROJECTS_OLD = """libuv_proj = subproject(
  'libuv',
  default_options: [
    'warning_level=0',
    'build_tests=false',
    'build_benchmarks=false',
  ],
)

openssl_proj = subproject(
  'openssl',
  default_options: [
    'warning_level=0',
  ],
)

libsrtp3_proj = subproject(
  'libsrtp3',
  default_options: [
    'warning_level=0',
    'crypto-library=openssl',
    'crypto-library-kdf=disabled',
    'tests=disabled',
  ],
)

usrsctp_proj = subproject(
  'usrsctp',
  default_options: [
    'warning_level=0',
    'sctp_build_programs=false',
  ],
)

abseil_cpp_proj = subproject(
  'abseil-cpp',
  default_options: [
    'warning_level=0',
    'cpp_std=c++17',
  ],
)

flatbuffers_proj = subproject(
  'flatbuffers',
  default_options: [
    'warning_level=0',
  ],
)
"""

SUBPROJECTS_NEW = """# """ + MARK + """: Debian 12 system libraries instead of wrap subprojects.
openssl_dep = dependency('openssl')
libuv_dep = dependency('libuv')
# libsrtp2 2.5: static when the project's OpenSSL build is first on PKG_CONFIG_PATH
# (option lophoc_srtp_static), else Debian's shared one. srtp-compat/srtp.h adds the libsrtp 3.0
# calls this mediasoup version makes.
libsrtp3_dep = declare_dependency(
  dependencies: dependency('libsrtp2', version: '>= 2.5.0', static: get_option('lophoc_srtp_static')),
  include_directories: include_directories('srtp-compat'),
)
usrsctp_dep = dependency('usrsctp')
absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'),
  dependency('absl_flat_hash_set'),
  dependency('absl_btree'),
  dependency('absl_inlined_vector'),
])
absl_strings_dep = dependency('absl_strings')
absl_types_dep = declare_dependency(dependencies: [
  dependency('absl_optional'),
  dependency('absl_memory'),
])
flatbuffers_dep = dependency('flatbuffers')
"""

DEPENDENCIES_OLD = """dependencies = [
  abseil_cpp_proj.get_variable('absl_container_dep'),
  openssl_proj.get_variable('openssl_dep'),
  libuv_proj.get_variable('libuv_dep'),
  libsrtp3_proj.get_variable('libsrtp3_dep'),
  usrsctp_proj.get_variable('usrsctp_dep'),
  flatbuffers_proj.get_variable('flatbuffers_dep'),
  flatbuffers_generator_dep,
  libwebrtc_dep,
]

link_whole = [
  abseil_cpp_proj.get_variable('absl_container_lib'),
  openssl_proj.get_variable('libcrypto_lib'),
  openssl_proj.get_variable('libssl_lib'),
  libuv_proj.get_variable('libuv'),
  libsrtp3_proj.get_variable('libsrtp3'),
  usrsctp_proj.get_variable('usrsctp'),
  flatbuffers_proj.get_variable('flatbuffers_lib'),
  libwebrtc,
]
"""

DEPENDENCIES_NEW = """dependencies = [
  absl_container_dep,
  openssl_dep,
  libuv_dep,
  libsrtp3_dep,
  usrsctp_dep,
  flatbuffers_dep,
  flatbuffers_generator_dep,
  libwebrtc_dep,
]

link_whole = [
  libwebrtc,
]
"""

# --- worker/meson_options.txt -------------------------------------------------------------------
OPTIONS_ANCHOR = "option('ms_disable_liburing', type: 'boolean', value: false, description: 'When set to true, disables liburing integration despite current host supports it')\n"
OPTIONS_NEW = OPTIONS_ANCHOR + (
    "# " + MARK + "\n"
    "option('lophoc_srtp_static', type: 'boolean', value: false, "
    "description: 'Link libsrtp2 statically (the OpenSSL build first on PKG_CONFIG_PATH)')\n"
)

# --- worker/fbs/meson.build ---------------------------------------------------------------------
FBS_DEP_OLD = """flatbuffers_generator_dep = declare_dependency(
  include_directories: '.',
)
"""
FBS_DEP_NEW = """# """ + MARK + """: the generated headers are sources of the dependency, so that
# every target using it (the worker, libwebrtc) is compiled after they exist.
flatbuffers_generator_dep = declare_dependency(
  include_directories: '.',
  sources: flatbuffers_generator,
)
"""

# --- worker/deps/libwebrtc/meson.build ----------------------------------------------------------
WEBRTC_ABSEIL_OLD = """abseil_cpp_proj = subproject(
  'abseil-cpp',
  default_options: [
    'warning_level=0',
  ],
)
"""
WEBRTC_ABSEIL_NEW = "# " + MARK + ": system dependencies declared in ../../meson.build.\n"

WEBRTC_LIB_DEPS_OLD = """    local_include_directories,
    openssl_proj.get_variable('openssl_dep'),
    abseil_cpp_proj.get_variable('absl_strings_dep'),
    abseil_cpp_proj.get_variable('absl_types_dep'),
    flatbuffers_proj.get_variable('flatbuffers_dep'),
    libuv_proj.get_variable('libuv_dep'),
  ],
"""
WEBRTC_LIB_DEPS_NEW = """    local_include_directories,
    openssl_dep,
    absl_strings_dep,
    absl_types_dep,
    flatbuffers_dep,
    flatbuffers_generator_dep,
    libuv_dep,
  ],
"""

WEBRTC_DEP_DEPS_OLD = """    local_include_directories,
    abseil_cpp_proj.get_variable('absl_strings_dep'),
    abseil_cpp_proj.get_variable('absl_types_dep'),
  ],
"""
WEBRTC_DEP_DEPS_NEW = """    local_include_directories,
    absl_strings_dep,
    absl_types_dep,
  ],
"""

# --- worker/src/RTC/DtlsTransport.cpp: the BIO callback's return value of mediasoup 3.32.2 -------
BIO_RETURN_OLD = """	const long resultOfcallback = (operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1;
"""
BIO_RETURN_NEW = """	// """ + MARK + """: backport of mediasoup 3.32.2 (PR #2025). OpenSSL calls back after
	// every operation with BIO_CB_RETURN or'ed into the operation type; those calls must answer
	// OpenSSL's result. With `==` a BIO_ctrl(BIO_CTRL_GET_KTLS_SEND) was answered 1, "kernel TLS
	// on", with Debian's OpenSSL (built with KTLS) and the first DTLS handshake crashed.
	const long resultOfcallback = ((operationType & BIO_CB_RETURN) != 0) ? static_cast<long>(ret) : 1;
"""

# --- worker/src/RTC/*Transport.cpp: the incoming RTP size limit of mediasoup 3.32.1 ------------
def rtp_size_limit(cls):
    head = f"""	inline void {cls}::OnRtpDataReceived(
	  RTC::TransportTuple* tuple, const uint8_t* data, size_t len, size_t bufferLen)
	{{
		MS_TRACE();

"""
    check = """		// """ + MARK + """: backport of mediasoup 3.32.1 (PR #2022). A bigger packet
		// (measured as received) is discarded: one with a header extension over 32 KB aborted
		// the worker (int16_t shift in RTP::Packet::SetExtensions(), fixed upstream in 3.31.0).
		if (len > 2048u)
		{
			MS_WARN_TAG(rtp, "ignoring RTP packet exceeding maximum size [len:%zu, max len:2048]", len);

			return;
		}

"""
    return (f'{cls} incoming RTP size limit', head, head + check)


HUNKS = {
    'meson.build': [
        ('meson_version', MESON_VERSION_OLD, MESON_VERSION_NEW),
        ('wrap subprojects', SUBPROJECTS_OLD, SUBPROJECTS_NEW),
        ('dependencies/link_whole', DEPENDENCIES_OLD, DEPENDENCIES_NEW),
    ],
    'meson_options.txt': [
        ('ms_disable_liburing option', OPTIONS_ANCHOR, OPTIONS_NEW),
    ],
    'fbs/meson.build': [
        ('flatbuffers_generator_dep', FBS_DEP_OLD, FBS_DEP_NEW),
    ],
    'deps/libwebrtc/meson.build': [
        ('abseil subproject', WEBRTC_ABSEIL_OLD, WEBRTC_ABSEIL_NEW),
        ('libwebrtc dependencies', WEBRTC_LIB_DEPS_OLD, WEBRTC_LIB_DEPS_NEW),
        ('libwebrtc_dep dependencies', WEBRTC_DEP_DEPS_OLD, WEBRTC_DEP_DEPS_NEW),
    ],
    'src/RTC/DtlsTransport.cpp': [('onSslBioOut return value', BIO_RETURN_OLD, BIO_RETURN_NEW)],
    'src/RTC/WebRtcTransport.cpp': [rtp_size_limit('WebRtcTransport')],
    'src/RTC/PlainTransport.cpp': [rtp_size_limit('PlainTransport')],
    'src/RTC/PipeTransport.cpp': [rtp_size_limit('PipeTransport')],
}

COMPAT_PATH = 'srtp-compat/srtp.h'


class Unexpected(Exception):
    pass


def plan(worker: pathlib.Path, compat_text: str):
    """Returns {path: new text} for every file to write, or raises Unexpected. Writes nothing."""
    texts = {}
    for rel in HUNKS:
        path = worker / rel
        if not path.is_file():
            raise Unexpected(f'{rel} is missing')
        texts[rel] = path.read_text()
    marked = [rel for rel, text in texts.items() if MARK in text]
    if len(marked) == len(texts):
        compat = worker / COMPAT_PATH
        if not compat.is_file() or compat.read_text() != compat_text:
            raise Unexpected(f'{COMPAT_PATH} is missing or differs from the project\'s header')
        return None
    if marked:
        raise Unexpected(f'half-patched tree: {", ".join(marked)} patched, the others not')
    out = {}
    for rel, hunks in HUNKS.items():
        text = texts[rel]
        for name, old, new in hunks:
            count = text.count(old)
            if count != 1:
                raise Unexpected(f'{rel}: hunk "{name}" expected once, found {count} times')
            text = text.replace(old, new)
        out[rel] = text
    leftovers = [rel for rel in ('meson.build', 'deps/libwebrtc/meson.build')
                 if any(p in out[rel] for p in ('libuv_proj', 'openssl_proj', 'libsrtp3_proj', 'usrsctp_proj',
                                                'abseil_cpp_proj', 'flatbuffers_proj'))]
    if leftovers:
        raise Unexpected(f'subproject references left in {", ".join(leftovers)}')
    out[COMPAT_PATH] = compat_text
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().split('\n\n')[1], file=sys.stderr)
        return 64
    worker = pathlib.Path(argv[1])
    compat_text = pathlib.Path(argv[2]).read_text()
    try:
        changes = plan(worker, compat_text)
    except Unexpected as err:
        print(f'patch-mediasoup-worker: UNEXPECTED worker sources in {worker}: {err}. '
              'This patch is written for mediasoup 3.19.x; a new version needs a new patch '
              '(see docs/sfu.md "Install and native builds").', file=sys.stderr)
        return 2
    if changes is None:
        print(f'already patched: {worker}')
        return 0
    for rel, text in changes.items():
        path = worker / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f'patched {worker}: ' + ', '.join(sorted(changes)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
