import { Browser, BrowserContext, Page } from 'playwright-core';

import {
  DEMO_PASSWORD,
  consoleUrl,
  launchChromium,
  signIn,
  textOf,
  uniqueEmail,
} from './support/browser';
import { waitForLink } from './support/mail';

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

    await page.reload();
    expect((await textOf(page, 'user-role')).toLowerCase()).toBe(role);

    await page.getByTestId('sign-out').click();
    await page.waitForURL(consoleUrl('supervisor', 'sign-in'));
    await page.getByTestId('email').waitFor({ state: 'visible' });
    await page.reload();
    await page.getByTestId('email').waitFor({ state: 'visible' });
  });

  it('shows the admin pages to admins only, and lists the demo users', async () => {
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'supervisor1@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    await page.getByTestId('nav-profile').waitFor({ state: 'visible' });
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(consoleUrl('supervisor', 'sign-in'));

    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    await page.getByTestId('nav-users').click();
    await page.waitForURL(consoleUrl('supervisor', 'users'));
    await page.getByTestId('user-row').first().waitFor({ state: 'visible' });
    // Found by the search (other tests add users, so the first page need not hold them all).
    for (const email of [
      'admin@poscalls4u.test',
      'supervisor1@poscalls4u.test',
      'supervisor2@poscalls4u.test',
      'agent1@poscalls4u.test',
    ]) {
      await page.getByTestId('users-search').fill(email);
      await page.getByTestId('user-row-email').filter({ hasText: email }).first().waitFor();
    }

    await page.getByTestId('users-search').fill('supervisor2');
    // One row, and it is this search's: the previous search's single row may still be on screen.
    await page.waitForFunction(() => {
      const rows = document.querySelectorAll('[data-testid="user-row"]');
      const email = rows[0]?.querySelector('[data-testid="user-row-email"]')?.textContent ?? '';
      return rows.length === 1 && email.trim().startsWith('supervisor2@');
    });
    expect((await textOf(page, 'user-row-email')).startsWith('supervisor2@poscalls4u.test')).toBe(
      true,
    );

    await page.getByTestId('nav-audit').click();
    await page.waitForURL(consoleUrl('supervisor', 'audit'));
    await page.getByTestId('audit-row').first().waitFor({ state: 'visible' });
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

  it('invites a supervisor, who sets a password from the email and signs in', async () => {
    const email = uniqueEmail('invited.supervisor');
    const password = 'the invited supervisor passphrase';
    const since = Date.now();

    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    await page.getByTestId('nav-users').click();
    await page.getByTestId('invite-user').click();
    await page.getByTestId('invite-name').fill('Ivy Invited');
    await page.getByTestId('invite-email').fill(email);
    await page.getByTestId('invite-role').click();
    await page.getByRole('option', { name: 'Supervisor' }).click();
    await page.getByTestId('invite-submit').click();
    expect(await textOf(page, 'users-notice')).toBe(`Invitation sent to ${email}.`);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(consoleUrl('supervisor', 'sign-in'));

    const link = new URL(await waitForLink(email, '/reset-password?token=', since));
    expect(link.searchParams.get('invite')).toBe('1');
    await page.goto(new URL(`${link.pathname}${link.search}`, consoleUrl('agent')).href);
    await page.getByTestId('new-password').fill(password);
    await page.getByTestId('confirm-password').fill(password);
    await page.getByTestId('reset-password').click();
    await page.getByTestId('password-reset-done').waitFor({ state: 'visible' });

    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, email, password);
    await page.waitForURL(consoleUrl('supervisor'));
    expect(await textOf(page, 'user-name')).toBe('Ivy Invited');
    expect((await textOf(page, 'user-role')).toLowerCase()).toBe('supervisor');
  });
});
