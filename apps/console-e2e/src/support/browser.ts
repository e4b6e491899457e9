import { Browser, Page, chromium } from 'playwright-core';

import { baseUrl } from './platform';

/** Debian's Chromium, never a downloaded browser. */
const CHROME_PATH = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';

const CHROME_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEMO_PASSWORD = 'poscalls4u-demo';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
}

/** A page of one console, e.g. `consoleUrl('agent', 'sign-in')`. */
export function consoleUrl(console: 'agent' | 'supervisor', route = ''): string {
  return `${baseUrl()}/${console}/${route}`;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
}

/** The text of an element once it is visible. */
export async function textOf(page: Page, testId: string): Promise<string> {
  const locator = page.getByTestId(testId);
  await locator.waitFor({ state: 'visible' });
  return (await locator.textContent())?.trim() ?? '';
}

let uniqueCounter = 0;

/** An email address no other test uses. */
export function uniqueEmail(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}.${Date.now().toString(36)}${String(uniqueCounter)}@poscalls4u.test`;
}

/** Waits until the page is at `url`, allowing a query string. */
export async function waitForPath(page: Page, url: string): Promise<void> {
  await page.waitForURL((current) => current.href.split('?')[0] === url);
}
