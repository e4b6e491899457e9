import { ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The workspace root: the API is started from there, as in production. */
export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/** The environment variable through which the global setup hands the platform's URL to the tests. */
export const BASE_URL_ENV = 'CONSOLE_E2E_BASE_URL';

/** The environment variable naming the folder where the loopback SMTP server drops emails. */
export const MAIL_DIR_ENV = 'CONSOLE_E2E_MAIL_DIR';

/** What the global setup leaves for the global teardown (they share one global context). */
export interface RunningPlatform {
  child: ChildProcess;
  dataDir: string;
  /** Stops the loopback SMTP and OAuth servers. */
  stopHelpers?: () => Promise<void>;
}

export const PLATFORM_KEY = '__poscalls4uConsoleE2ePlatform';

export function baseUrl(): string {
  const url = process.env[BASE_URL_ENV];
  if (url === undefined) {
    throw new Error(
      `${BASE_URL_ENV} is not set: run these tests with -c apps/console-e2e/jest.config.js`,
    );
  }
  return url;
}
