import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';

describe('agent console', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('sends a signed-out visitor to the sign-in page', async () => {
    await page.goto(consoleUrl('agent'));
    await page.waitForURL(consoleUrl('agent', 'sign-in'));
    expect(await page.title()).toBe('PosCalls4U Agent');
  });

  it('signs an agent in and out, and keeps the session across a reload', async () => {
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, 'agent1@poscalls4u.test', DEMO_PASSWORD);

    await page.waitForURL(consoleUrl('agent'));
    expect(await textOf(page, 'user-name')).not.toBe('');
    expect((await textOf(page, 'user-role')).toLowerCase()).toBe('agent');

    // The access token lives in memory only; nothing is stored where script could read it.
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    // Script sees one cookie: the session hint, which holds no secret (the refresh token is
    // HttpOnly).
    expect(await page.evaluate(() => document.cookie)).toBe('__Host-poscalls4u-session=1');

    // A reload keeps the session through the HttpOnly refresh cookie.
    await page.reload();
    expect((await textOf(page, 'user-role')).toLowerCase()).toBe('agent');
    expect(page.url()).toBe(consoleUrl('agent'));

    await page.getByTestId('sign-out').click();
    await page.waitForURL(consoleUrl('agent', 'sign-in'));
    await page.getByTestId('email').waitFor({ state: 'visible' });

    // Signing out ended the session on the server: a reload does not bring it back.
    await page.goto(consoleUrl('agent'));
    await page.waitForURL(consoleUrl('agent', 'sign-in'));
    await page.reload();
    await page.getByTestId('email').waitFor({ state: 'visible' });
    expect(page.url()).toBe(consoleUrl('agent', 'sign-in'));
  });

  it('explains a wrong password', async () => {
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, 'agent1@poscalls4u.test', 'not-the-password');

    expect(await textOf(page, 'auth-error')).toBe('Wrong email or password.');
    expect(page.url()).toBe(consoleUrl('agent', 'sign-in'));
  });
});
