/**
 * The metrics listener (issue 13.6): /metrics, /healthz and /readyz on their own address,
 * loopback by default, so that the public port gives nothing away about the school's load.
 */
import type { Logger } from '../../platform/index.js';
import { listen, type Listening } from '../server/listen.js';
import type { Uws } from '../server/nativeUws.js';
import { SECURITY_HEADERS } from './responses.js';
import { HttpRouter } from './router.js';
import { registerNotFound, registerOpsRoutes, type OpsRouteDeps } from './routes.js';

export interface MetricsListenerOptions {
  host: string;
  /** 0 = a free port; -1 = none. */
  port: number;
}

/**
 * Starts the listener; resolves undefined when it is off (port -1) or cannot listen: metrics
 * are not worth refusing to teach over, so a taken port is logged and the server goes on.
 */
export async function startMetricsListener(uws: Uws, options: MetricsListenerOptions, deps: Omit<OpsRouteDeps, 'metrics'> & { logger: Logger }): Promise<Listening | undefined> {
  if (options.port < 0) return undefined;
  const app = uws.App();
  const router = new HttpRouter(app, SECURITY_HEADERS);
  registerOpsRoutes(router, { ...deps, metrics: { kind: 'open' } });
  registerNotFound(router);
  try {
    const listening = await listen(uws, app, { host: options.host, port: options.port });
    deps.logger.info({ host: options.host, port: listening.port }, 'metrics listener up');
    return listening;
  } catch (err) {
    deps.logger.warn({ err, host: options.host, port: options.port }, 'no metrics listener: cannot listen there');
    return undefined;
  }
}
