import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

import type { AppConfig } from '@poscalls4u/server-config';

import { ConnectionDrainer } from '../platform/http';
import { RealtimeService } from '../realtime';

/** Share of SHUTDOWN_TIMEOUT given to draining connections; the rest is for closing the modules. */
const DRAIN_SHARE = 0.8;

/**
 * Ends the instance gracefully on SIGTERM or SIGINT: stops accepting connections, finishes the
 * requests in flight, closes kept-alive connections once their current request is answered,
 * sends the Socket.IO clients to reconnect elsewhere, then closes the modules (queues, database)
 * and exits — within SHUTDOWN_TIMEOUT, however busy the clients are. A second signal exits at
 * once. Call before `listen`, so that every connection is tracked.
 */
export function shutDownGracefully(app: NestExpressApplication, config: AppConfig): void {
  const drainer = new ConnectionDrainer(app.getHttpServer());
  const logger = new Logger('Shutdown');
  let stopping = false;

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    const timeoutMs = config.http.shutdownTimeoutMs;
    // Whatever hangs below (a module that will not close), the process ends on time.
    setTimeout(() => {
      logger.error(`Shutdown did not finish within ${timeoutMs} ms: exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    logger.log(`${signal}: draining connections (at most ${timeoutMs} ms), then closing`);
    const drained = drainer.drain(Math.floor(timeoutMs * DRAIN_SHARE));
    app.get(RealtimeService).reconnectEveryone();
    const clean = await drained;
    await app.close();
    logger.log(
      clean ? 'Drained and closed' : 'Closed; connections still open at the deadline were cut',
    );
    process.exit(0);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void stop(signal));
  }
}
