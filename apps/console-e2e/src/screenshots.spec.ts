import { Browser, BrowserContext, Page } from 'playwright-core';

import { SessionView } from '@poscalls4u/contracts';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { SCREENSHOT_ACCOUNTS } from './support/demo-accounts';
import { newVerifiedUser } from './support/fresh-user';
import { apiToken } from './support/platform-api';
import { UPDATING, compareWithBaseline } from './support/screenshot';

/**
 * The stable pages of both consoles at a phone's, a tablet's and a desktop's width (issue 15),
 * compared pixel by pixel with the baselines committed in ./screenshots. `UPDATE_SCREENSHOTS=1`
 * writes new baselines (see the README, "Screenshot baselines"); a mismatch leaves the page as
 * drawn and a diff in tmp/screenshots/.
 *
 * Stable means the same pixels on every run: light colours, no motion, the caret hidden, UTC and
 * one locale, the fonts loaded, and what differs by run (the fresh user's email, the session's
 * times and address) replaced by fixed data. Live pages (the dashboard's figures, the call screen's
 * timers) are covered by console-reach.spec.ts's layout invariants instead.
 */

const WIDTHS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1440, height: 900 },
] as const;

/** What the profile shows instead of the fresh user's unique email. */
const FIXED_EMAIL = 'screenshots@poscalls4u.test';

/** The one session the profile lists, with fixed times and address. */
const FIXED_SESSION: SessionView = {
  id: '00000000-0000-4000-8000-000000000001',
  method: 'password',
  device: 'Chromium on Linux',
  ip: '192.0.2.10',
  userAgent: 'Chromium on Linux',
  createdAt: '2026-12-01T08:30:00.000Z',
  lastUsedAt: '2026-12-01T09:15:00.000Z',
  expiresAt: '2026-12-08T08:30:00.000Z',
  current: true,
};

/** Waits until the page has drawn for good: fonts loaded, no request in flight, two frames. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

async function screenshot(page: Page): Promise<Buffer> {
  return page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide', scale: 'css' });
}

describe('screenshots compared with the committed baselines', () => {
  let browser: Browser;
  let context: BrowserContext;
  let agent: { email: string };
  const failures: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    agent = await newVerifiedUser(admin, {
      emailPrefix: SCREENSHOT_ACCOUNTS.emailPrefix,
      name: 'Robin Screenshot',
      role: 'agent',
      password: DEMO_PASSWORD,
    });
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser.close();
  });

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    context = await browser.newContext({
      viewport,
      deviceScaleFactor: 1,
      colorScheme: 'light',
      reducedMotion: 'reduce',
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    return context.newPage();
  }

  function expectMatch(name: string, png: Buffer): void {
    const { failure } = compareWithBaseline(name, png);
    if (failure !== null) failures.push(failure);
    expect(failure).toBeNull();
  }

  describe.each(WIDTHS)('at $width px', (viewport) => {
    it.each(['agent', 'supervisor'] as const)('the %s sign-in page', async (name) => {
      const page = await newPage(viewport);
      await page.goto(consoleUrl(name, 'sign-in'));
      await page.getByTestId('email').waitFor({ state: 'visible' });
      // The social button comes with the server's answer about providers: wait for it.
      await page.getByTestId('sign-in-google').waitFor({ state: 'visible' });
      await settle(page);
      expectMatch(`${name}-sign-in-${String(viewport.width)}`, await screenshot(page));
    });

    it("an agent's profile page", async () => {
      const page = await newPage(viewport);
      await page.route('**/api/auth/profile', async (route) => {
        if (route.request().method() !== 'GET') return route.fallback();
        const response = await route.fetch();
        const body = (await response.json()) as { data: { user: { email: string } } };
        body.data.user.email = FIXED_EMAIL;
        return route.fulfill({ response, json: body });
      });
      await page.route('**/api/auth/sessions*', (route) =>
        route.request().method() === 'GET'
          ? route.fulfill({
              json: {
                success: true,
                data: { items: [FIXED_SESSION], total: 1, page: 1, pageSize: 100 },
              },
            })
          : route.fallback(),
      );
      await page.goto(consoleUrl('agent', 'sign-in'));
      await signIn(page, agent.email, DEMO_PASSWORD);
      await page.getByTestId('sign-out').waitFor({ state: 'visible' });
      await page.getByTestId('nav-profile').click();
      await page.getByTestId('session').waitFor({ state: 'visible' });
      await page.getByTestId('mfa-status').waitFor({ state: 'visible' });
      await page.getByText(FIXED_EMAIL).waitFor({ state: 'visible' });
      // The deferred bell arrives when the browser is idle.
      await page.getByTestId('notifications-bell').waitFor({ state: 'visible' });
      await settle(page);
      expectMatch(`agent-profile-${String(viewport.width)}`, await screenshot(page));
    });
  });

  afterAll(() => {
    if (UPDATING) {
      console.log('Screenshot baselines written to apps/console-e2e/src/screenshots/.');
    } else if (failures.length > 0) {
      console.log(`Screenshots that differ:\n${failures.join('\n')}`);
    }
  });
});
