import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';

describe('supervisor console', () => {
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

  it.each([
    ['supervisor1@poscalls4u.test', 'supervisor'],
    ['admin@poscalls4u.test', 'admin'],
  ])('signs %s in as %s and out again', async (email, role) => {
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    expect(await page.title()).toBe('PosCalls4U Supervisor');
    await signIn(page, email, DEMO_PASSWORD);

    await page.waitForURL(consoleUrl('supervisor'));
    expect(await textOf(page, 'user-name')).not.toBe('');
    expect((await textOf(page, 'user-role')).toLowerCase()).toBe(role);

    await page.getByTestId('sign-out').click();
    await page.waitForURL(consoleUrl('supervisor', 'sign-in'));
    await page.getByTestId('email').waitFor({ state: 'visible' });
  });

  it('refuses an agent and does not sign them in', async () => {
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'agent1@poscalls4u.test', DEMO_PASSWORD);

    expect(await textOf(page, 'auth-error')).toBe(
      'This console is for supervisors and admins. Use the agent console.',
    );
    await page.goto(consoleUrl('supervisor'));
    await page.waitForURL(consoleUrl('supervisor', 'sign-in'));
  });

  it('explains a wrong password', async () => {
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'supervisor1@poscalls4u.test', 'not-the-password');

    expect(await textOf(page, 'auth-error')).toBe('Wrong email or password.');
  });
});
