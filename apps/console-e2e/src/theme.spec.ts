import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';

/** The page's background lightness, 0 (black) to 255 (white). */
async function backgroundLightness(page: Page): Promise<number> {
  return page.evaluate(() => {
    const [r, g, b] = (getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? [])
      .slice(0, 3)
      .map(Number);
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  });
}

/** Clicks the theme switch and waits until it shows `mode` (the console redraws a tick later). */
async function switchTo(page: Page, mode: 'system' | 'light' | 'dark'): Promise<void> {
  await page.getByTestId('theme-toggle').click();
  await page.waitForFunction(
    (wanted) =>
      document.querySelector('[data-testid="theme-toggle"]')?.getAttribute('data-mode') === wanted,
    mode,
  );
}

/** Both consoles follow the device's dark setting; the toolbar switch pins light or dark. */
describe('colour theme', () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser.close();
  });

  it('follows a dark device, and the switch pins light across a reload', async () => {
    context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'supervisor1@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    const toggle = page.getByTestId('theme-toggle');
    await toggle.waitFor({ state: 'visible' });
    expect(await toggle.getAttribute('data-mode')).toBe('system');
    expect(await backgroundLightness(page)).toBeLessThan(64);

    await switchTo(page, 'light');
    expect(await backgroundLightness(page)).toBeGreaterThan(192);
    await page.reload();
    await page.getByTestId('theme-toggle').waitFor({ state: 'visible' });
    expect(await backgroundLightness(page)).toBeGreaterThan(192);

    // The agent console shares the choice (same origin).
    await page.goto(consoleUrl('agent', 'sign-in'));
    await page.getByTestId('theme-toggle').waitFor({ state: 'visible' });
    expect(await backgroundLightness(page)).toBeGreaterThan(192);

    await switchTo(page, 'dark');
    expect(await backgroundLightness(page)).toBeLessThan(64);
    await switchTo(page, 'system'); // the device is dark
    expect(await backgroundLightness(page)).toBeLessThan(64);
  });
});
