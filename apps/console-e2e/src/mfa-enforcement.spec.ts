import { Secret, TOTP } from 'otpauth';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';
import { MFA_ENROLLING_SUPERVISOR, MFA_POLICY_ADMIN } from './support/demo-accounts';
import { waitForLink } from './support/mail';
import { baseUrl } from './support/platform';
import { apiCall, apiToken } from './support/platform-api';

const PASSWORD = 'a passphrase for the mfa enforcement suite';
// The API reads the MFA policy at most every 5 s per instance.
const POLICY_CACHE_MS = 5_000;

/** The code an authenticator app shows for `secret` now. */
function totp(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
}

/** Invites a user as the demo admin and sets their password from the invitation email. */
async function invite(adminToken: string, email: string, name: string, role: string) {
  const since = Date.now();
  await apiCall(adminToken, 'POST', 'users/invite', { email, name, role });
  const link = new URL(await waitForLink(email, '/reset-password?token=', since));
  const response = await fetch(`${baseUrl()}/api/auth/reset-password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: link.searchParams.get('token'), password: PASSWORD }),
  });
  expect(response.status).toBe(200);
}

/** Enrols the signed-in user from the profile page's set-up, with a real TOTP code. */
async function enrolOnProfile(page: Page): Promise<void> {
  await page.getByTestId('mfa-setup').click();
  const secret = await textOf(page, 'mfa-secret');
  await page.getByTestId('mfa-enable-code').fill(totp(secret));
  await page.getByTestId('mfa-enable').click();
  await page.getByTestId('recovery-codes').waitFor({ state: 'visible' });
  await page.getByTestId('recovery-codes-saved').click();
  expect(await textOf(page, 'mfa-status')).toContain('Two-step verification is on');
}

describe('MFA enforcement', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let policyAdminToken: string;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    browser = await launchChromium();
    const adminToken = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    await invite(adminToken, MFA_POLICY_ADMIN, 'Polly Policy', 'admin');
    await invite(adminToken, MFA_ENROLLING_SUPERVISOR, 'Enzo Enrol', 'supervisor');
    // Signed in before enrolling: this session stays valid and gains MFA when the admin enrols.
    policyAdminToken = await apiToken(MFA_POLICY_ADMIN, PASSWORD);
  });

  afterAll(async () => {
    // The requirement stops every supervisor and admin of the other suites: switch it off and
    // wait until the shared demo admin is let through again.
    await apiCall(policyAdminToken, 'PUT', 'settings/security', {
      requireMfaForPrivileged: false,
    }).catch(() => undefined);
    const adminToken = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    for (let waited = 0; waited < 3 * POLICY_CACHE_MS; waited += 250) {
      const response = await fetch(`${baseUrl()}/api/users?pageSize=1`, {
        headers: { Authorization: `Bearer ${adminToken}` },
      });
      if (response.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await Promise.all(contexts.map((context) => context.close()));
    await browser.close();
  });

  it('refuses the requirement to an admin without MFA, after saying who it affects', async () => {
    const page = await newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    await page.getByTestId('nav-security').click();
    await page.getByTestId('require-mfa-toggle').locator('button').click();

    expect(await textOf(page, 'confirm-items')).toContain(MFA_ENROLLING_SUPERVISOR);
    expect(await page.locator('mat-dialog-container').textContent()).toContain(
      'You have not set it up yourself',
    );
    await page.getByTestId('confirm-ok').click();
    expect(await textOf(page, 'security-error')).toContain(
      'Turn on two-step verification for your own account',
    );
    await page.getByTestId('security-set-up-mfa').waitFor({ state: 'visible' });
    expect(
      await page.getByTestId('require-mfa-toggle').locator('button').getAttribute('aria-checked'),
    ).toBe('false');
  });

  it('leads a supervisor through enrolment once an admin with MFA requires it', async () => {
    // The admin enrols first, then requires MFA of everyone privileged.
    const admin = await newPage();
    await admin.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(admin, MFA_POLICY_ADMIN, PASSWORD);
    await admin.waitForURL(consoleUrl('supervisor'));
    await admin.getByTestId('nav-profile').click();
    await admin.waitForURL(consoleUrl('supervisor', 'profile'));
    // Without MFA the profile offers the set-up, never "turn off" or new recovery codes.
    await admin.getByTestId('mfa-setup').waitFor({ state: 'visible' });
    expect(await admin.getByTestId('mfa-disable').count()).toBe(0);
    await enrolOnProfile(admin);
    expect(await admin.getByTestId('mfa-disable').count()).toBe(1);

    await admin.getByTestId('nav-security').click();
    await admin.getByTestId('require-mfa-toggle').locator('button').click();
    const affected = await textOf(admin, 'confirm-items');
    expect(affected).toContain(MFA_ENROLLING_SUPERVISOR);
    expect(affected).not.toContain(MFA_POLICY_ADMIN);
    await admin.getByTestId('confirm-ok').click();
    expect(await textOf(admin, 'security-notice')).toBe(
      'Supervisors and admins now need two-step verification.',
    );
    await new Promise((resolve) => setTimeout(resolve, POLICY_CACHE_MS + 500));

    // The supervisor signs in and is taken to the set-up instead of a dead end.
    const supervisor = await newPage();
    await supervisor.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(supervisor, MFA_ENROLLING_SUPERVISOR, PASSWORD);
    await supervisor.waitForURL(`${consoleUrl('supervisor', 'profile')}?mfa=required`);
    expect(await textOf(supervisor, 'mfa-required-notice')).toContain(
      'Your organisation requires two-step verification',
    );
    // Any page leads back to the set-up while it is missing (opened afresh, so that the wait
    // below sees the way back and not the profile page it started on).
    await supervisor.goto(consoleUrl('supervisor', 'reports'));
    await supervisor.waitForURL(`${consoleUrl('supervisor', 'profile')}?mfa=required`);
    await supervisor.getByTestId('mfa-required-notice').waitFor({ state: 'visible' });
    await supervisor.getByTestId('mfa-setup').waitFor({ state: 'visible' });
    expect(await supervisor.getByTestId('mfa-disable').count()).toBe(0);

    await enrolOnProfile(supervisor);
    await supervisor.getByTestId('mfa-continue').click();
    await supervisor.waitForURL(consoleUrl('supervisor'));
    expect(await textOf(supervisor, 'user-name')).toBe('Enzo Enrol');
    // The dashboard's calls now pass: it stays on the dashboard.
    await supervisor.getByTestId('nav-reports').click();
    await supervisor.waitForURL((url) => url.pathname === '/supervisor/reports');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(new URL(supervisor.url()).pathname).toBe('/supervisor/reports');
  });
});
