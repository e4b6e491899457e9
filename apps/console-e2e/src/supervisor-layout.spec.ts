import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';

/** How far the page and the sign-out button reach, in CSS pixels. */
async function reach(page: Page): Promise<{ pageWidth: number; signOutRight: number }> {
  return page.evaluate(() => ({
    pageWidth: document.documentElement.scrollWidth,
    signOutRight:
      document.querySelector('[data-testid="sign-out"]')?.getBoundingClientRect().right ??
      Number.POSITIVE_INFINITY,
  }));
}

describe('supervisor console layout', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
  });

  afterEach(async () => {
    await context.close();
  });

  it.each([390, 768, 1440])(
    'keeps the header and the pages within a %i px wide screen',
    async (width) => {
      context = await browser.newContext({ viewport: { width, height: 844 } });
      page = await context.newPage();
      await page.goto(consoleUrl('supervisor', 'sign-in'));
      await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
      await page.waitForURL(consoleUrl('supervisor'));
      await page.getByTestId('agent-grid').waitFor({ state: 'visible' });

      for (const route of ['', 'teams', 'users', 'integrations']) {
        await page.goto(consoleUrl('supervisor', route));
        await page.getByTestId('sign-out').waitFor({ state: 'visible' });
        await page.locator('main h1').first().waitFor({ state: 'visible' });
        const { pageWidth, signOutRight } = await reach(page);
        expect({ route, pageWidth }).toEqual({ route, pageWidth: width });
        expect(signOutRight).toBeLessThanOrEqual(width);
      }
      // Every link stays reachable: the last one scrolls into view and opens its page.
      await page.getByTestId('nav-profile').click();
      await page.waitForURL(consoleUrl('supervisor', 'profile'));
    },
  );
});
