import { rmSync } from 'node:fs';

import { PLATFORM_KEY, RunningPlatform } from './platform';

const STOP_TIMEOUT_MS = 10_000;

function stop(platform: RunningPlatform): Promise<void> {
  const { child } = platform;
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export default async function globalTeardown(): Promise<void> {
  const platform = (globalThis as Record<string, unknown>)[PLATFORM_KEY] as
    RunningPlatform | undefined;
  if (platform === undefined) {
    return;
  }
  await stop(platform);
  await platform.stopHelpers?.();
  rmSync(platform.dataDir, { recursive: true, force: true });
}
