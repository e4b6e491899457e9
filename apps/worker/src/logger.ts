import { Params } from 'nestjs-pino';

import { AppConfig } from '@poscalls4u/server-config';
import { pinoOptions } from '@poscalls4u/server-logging';

/** The worker logs like the API (see @poscalls4u/server-logging), without HTTP request logging. */
export function loggerParams(config: AppConfig): Params {
  return { pinoHttp: pinoOptions(config, 'worker') };
}
