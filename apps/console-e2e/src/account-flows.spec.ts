import { Secret, TOTP } from 'otpauth';
import { Browser, BrowserContext, Page } from 'playwright-core';

import {
  DEMO_PASSWORD,
  consoleUrl,
  launchChromium,
  signIn,
  textOf,
  uniqueEmail,
  waitForPath,
} from './support/browser';
import { MFA_AGENT, PASSWORD_RESET_AGENT } from './support/demo-accounts';
import { waitForLink } from './support/mail';

/** A TOTP code for `secret`, `stepsAhead` 30-second steps from now (0 = the current code). */
function totp(secret: string, stepsAhead = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + stepsAhead * 30_000,
  });
}

/** The path and query of a link from an email, opened in the console under test. */
function local(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

describe('account flows', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  it('signs up, verifies the email from the link, and signs in', async () => {
    const page = await newPage();
    const email = uniqueEmail('new.agent');
    const password = 'a long and memorable passphrase';
    const since = Date.now();

    await page.goto(consoleUrl('agent', 'sign-in'));
    await page.getByTestId('sign-up-link').click();
    await page.waitForURL(consoleUrl('agent', 'sign-up'));
    await page.getByTestId('name').fill('Nia New');
    await page.getByTestId('email').fill(email);
    await page.getByTestId('password').fill(password);
    expect(await page.getByTestId('password-strength').getAttribute('data-level')).toBe('strong');
    await page.getByTestId('sign-up').click();
    await waitForPath(page, consoleUrl('agent', 'check-email'));
    expect(await textOf(page, 'check-email-text')).toContain(email);

    // Not verified yet: sign-in says so.
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, email, password);
    expect(await textOf(page, 'auth-error')).toBe('Verify your email address before signing in.');

    const link = await waitForLink(email, '/verify-email?token=', since);
    await page.goto(new URL(local(link), consoleUrl('agent')).href);
    await page.getByTestId('email-verified').waitFor({ state: 'visible' });
    await page.getByTestId('go-sign-in').click();
    await page.waitForURL(consoleUrl('agent', 'sign-in'));

    await signIn(page, email, password);
    await page.waitForURL(consoleUrl('agent'));
    expect(await textOf(page, 'user-name')).toBe('Nia New');
    expect((await textOf(page, 'user-role')).toLowerCase()).toBe('agent');
  });

  it('resets a forgotten password, and the old sessions are signed out', async () => {
    const email = PASSWORD_RESET_AGENT;
    const newPassword = 'the new passphrase for agent nine';

    // Signed in on one device...
    const elsewhere = await newPage();
    await elsewhere.goto(consoleUrl('agent', 'sign-in'));
    await signIn(elsewhere, email, DEMO_PASSWORD);
    await elsewhere.waitForURL(consoleUrl('agent'));

    // ...the password is reset from another.
    const page = await newPage();
    const since = Date.now();
    await page.goto(consoleUrl('agent', 'sign-in'));
    await page.getByTestId('forgot-password-link').click();
    await page.waitForURL(consoleUrl('agent', 'forgot-password'));
    await page.getByTestId('email').fill(email);
    await page.getByTestId('send-reset-link').click();
    await page.getByTestId('reset-sent').waitFor({ state: 'visible' });

    const link = await waitForLink(email, '/reset-password?token=', since);
    await page.goto(new URL(local(link), consoleUrl('agent')).href);
    await page.getByTestId('new-password').fill(newPassword);
    await page.getByTestId('confirm-password').fill(newPassword);
    await page.getByTestId('reset-password').click();
    await page.getByTestId('password-reset-done').waitFor({ state: 'visible' });

    // The other device is signed out: its next call fails, and so does its refresh.
    await elsewhere.getByTestId('nav-profile').click();
    await elsewhere.waitForURL(consoleUrl('agent', 'sign-in'));
    await elsewhere.reload();
    await elsewhere.getByTestId('email').waitFor({ state: 'visible' });
    expect(elsewhere.url()).toBe(consoleUrl('agent', 'sign-in'));

    // The old password is gone; the new one works.
    await page.getByTestId('go-sign-in').click();
    await page.waitForURL(consoleUrl('agent', 'sign-in'));
    await signIn(page, email, DEMO_PASSWORD);
    expect(await textOf(page, 'auth-error')).toBe('Wrong email or password.');
    await signIn(page, email, newPassword);
    await page.waitForURL(consoleUrl('agent'));
  });

  it('enrols in MFA, signs out, and signs in again with a code', async () => {
    const email = MFA_AGENT;
    const page = await newPage();
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, email, DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('agent'));

    await page.getByTestId('nav-profile').click();
    await page.waitForURL(consoleUrl('agent', 'profile'));
    await page.getByTestId('mfa-setup').click();
    await page.getByTestId('mfa-qr').waitFor({ state: 'visible' });
    expect(await page.getByTestId('mfa-qr').getAttribute('src')).toMatch(
      /^data:image\/png;base64,/,
    );
    const secret = await textOf(page, 'mfa-secret');

    await page.getByTestId('mfa-enable-code').fill(totp(secret));
    await page.getByTestId('mfa-enable').click();
    await page.getByTestId('recovery-codes').waitFor({ state: 'visible' });
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await page.getByTestId('recovery-codes-saved').click();

    await page.getByTestId('sign-out').click();
    await page.waitForURL(consoleUrl('agent', 'sign-in'));

    await signIn(page, email, DEMO_PASSWORD);
    await page.getByTestId('mfa-code').waitFor({ state: 'visible' });
    await page.getByTestId('mfa-code').fill('000000');
    await page.getByTestId('mfa-submit').click();
    expect(await textOf(page, 'auth-error')).toContain('That code is not right');

    // The enrolment used the current step; a code is single-use, so take the next one.
    await page.getByTestId('mfa-code').fill(totp(secret, 1));
    await page.getByTestId('mfa-submit').click();
    await page.waitForURL(consoleUrl('agent'));
    expect((await textOf(page, 'user-role')).toLowerCase()).toBe('agent');
  });

  it('signs in with Google through the loopback OpenID provider', async () => {
    const page = await newPage();
    await page.goto(consoleUrl('agent', 'sign-in'));
    await page.getByTestId('sign-in-google').click();

    // API -> provider -> API callback -> /agent/auth/callback?code=... -> code exchange -> home.
    await page.waitForURL(consoleUrl('agent'));
    expect(await textOf(page, 'user-name')).toBe('Gina Google');
    expect((await textOf(page, 'user-role')).toLowerCase()).toBe('agent');
    expect(await page.getByTestId('sign-in-facebook').count()).toBe(0);

    // The session survives a reload like any other.
    await page.reload();
    expect(await textOf(page, 'user-name')).toBe('Gina Google');
  });
});
