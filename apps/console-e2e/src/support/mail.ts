import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { CaughtMail } from './mail-catcher';
import { MAIL_DIR_ENV } from './platform';

function mailDir(): string {
  const dir = process.env[MAIL_DIR_ENV];
  if (dir === undefined) {
    throw new Error(`${MAIL_DIR_ENV} is not set: run with -c apps/console-e2e/jest.config.js`);
  }
  return dir;
}

/** Every email received so far, oldest first. */
export function allMail(): CaughtMail[] {
  const dir = mailDir();
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CaughtMail);
}

/**
 * Waits for an email to `to` received after `since` (ms) whose text contains a link with
 * `linkPath` (e.g. `/verify-email?token=`), and returns that link.
 */
export async function waitForLink(
  to: string,
  linkPath: string,
  since: number,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const pattern = new RegExp(`https?://[^\\s"'<>]*${linkPath.replace(/[?.]/g, '\\$&')}[^\\s"'<>]*`);
  for (;;) {
    for (const mail of allMail()) {
      if (mail.receivedAt < since || !mail.to.includes(to.toLowerCase())) {
        continue;
      }
      const match = pattern.exec(`${mail.text}\n${mail.html}`);
      if (match !== null) {
        return match[0].replace(/&amp;/g, '&');
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`No email to ${to} with a ${linkPath} link within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
