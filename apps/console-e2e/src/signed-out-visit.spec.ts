import { Browser, BrowserContext } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { SIGN_OUT_AGENT } from './support/demo-accounts';

/**
 * A signed-out visit is clean: no request that must fail (the start-up refresh is tried only when
 * the session hint cookie says a console signed in from this browser), no console error. After a
 * sign-in, a reload still restores the session; after a sign-out, the next visit is clean again.
 */
describe('a signed-out visit', () => {
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

  it.each(['agent', 'supervisor'] as const)(
    'of the %s console logs no error and requests nothing that fails',
    async (name) => {
      context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
      });

      await page.goto(consoleUrl(name, ''));
      await page.waitForURL(consoleUrl(name, 'sign-in'));
      await page.getByTestId('email').waitFor({ state: 'visible' });
      expect(problems).toEqual([]);

      // Signed in, a reload keeps the session (the hint is there).
      const email = name === 'agent' ? SIGN_OUT_AGENT : 'supervisor1@poscalls4u.test';
      await signIn(page, email, DEMO_PASSWORD);
      await page.getByTestId('sign-out').waitFor({ state: 'visible' });
      await page.reload();
      await page.getByTestId('sign-out').waitFor({ state: 'visible' });
      const hint = (await context.cookies()).find(
        (cookie) => cookie.name === '__Host-poscalls4u-session',
      );
      expect(hint?.httpOnly).toBe(false);

      // Signed out, the hint is gone and the next visit is clean again. (Let the restored session's
      // first reads finish: one still in flight when the session ends is rightly answered 401.)
      await page.waitForLoadState('networkidle');
      await page.getByTestId('sign-out').click();
      await page.waitForURL(consoleUrl(name, 'sign-in'));
      problems.length = 0;
      await page.reload();
      await page.getByTestId('email').waitFor({ state: 'visible' });
      expect(problems).toEqual([]);
      expect(
        (await context.cookies()).some((cookie) => cookie.name.startsWith('__Host-poscalls4u')),
      ).toBe(false);
    },
  );
});
