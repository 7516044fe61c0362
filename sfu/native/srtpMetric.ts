/**
 * `classroom_sfu_srtp_library_info{engine, library} 1`: which SRTP library the media engine of
 * this process encrypts with (`openssl`: the project's build, or mediasoup's own in its prebuilt
 * worker; `system`: the distribution's, NSS on Debian; `unknown`: a MEDIASOUP_WORKER_BIN without
 * a stamp). The `engine` label stays (dashboards select on it) though mediasoup is the only one.
 */
import { Gauge, type Registry } from '../../platform/index.js';
import type { SrtpLibraryKind } from './cacheLayout.js';

const NAME = 'classroom_sfu_srtp_library_info';
const KINDS: readonly SrtpLibraryReported[] = ['openssl', 'system', 'unknown'];

export type SrtpEngine = 'mediasoup';
export type SrtpLibraryReported = SrtpLibraryKind | 'unknown';

/** Sets the engine's series to 1 for `library` and drops its other one. Safe to call again. */
export function srtpLibraryChosen(registry: Registry, engine: SrtpEngine, library: SrtpLibraryReported): void {
  const existing = registry.getSingleMetric(NAME);
  const gauge =
    existing instanceof Gauge
      ? existing
      : new Gauge({
          name: NAME,
          help: 'SRTP library a media engine encrypts with (openssl: an OpenSSL build of libsrtp; system: the distribution one, NSS on Debian; unknown: an unstamped worker), 1 per engine',
          labelNames: ['engine', 'library'],
          registers: [registry],
        });
  for (const kind of KINDS) if (kind !== library) gauge.remove({ engine, library: kind });
  gauge.set({ engine, library }, 1);
}
