import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { apiCall, apiToken } from './support/platform-api';

// Used by no other browser test, so its notifications are this test's alone.
const AGENT = 'agent4@poscalls4u.test';

describe('notification centre', () => {
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

  it('rings the agent live when they join a team, lists it after a reload, marks all read', async () => {
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const agentToken = await apiToken(AGENT, DEMO_PASSWORD);
    // The browser below is new to the account: its sign-in would ring too. This test is about
    // the team notification (the sign-in source has its own API test).
    await apiCall(agentToken, 'PUT', 'notifications/preferences', { muted: ['new_sign_in'] });
    await apiCall(agentToken, 'POST', 'notifications/read-all');
    const { user } = await apiCall<{ user: { id: string } }>(agentToken, 'GET', 'auth/profile');

    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, AGENT, DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('agent'));
    const bell = page.getByTestId('notifications-bell');
    await bell.waitFor({ state: 'visible' });
    expect(await page.getByTestId('notifications-unread').count()).toBe(0);

    const name = `Bell Team ${Date.now().toString(36)}`;
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', { name });
    await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: user.id, role: 'agent' });

    const badge = page.getByTestId('notifications-unread');
    await badge.waitFor({ state: 'visible' });
    expect((await badge.textContent())?.trim()).toBe('1');

    // A reload lists what was stored: the catch-up a reconnecting client does.
    await page.reload();
    await page.getByTestId('notifications-unread').waitFor({ state: 'visible' });
    await page.getByTestId('notifications-bell').click();
    const item = page.getByTestId('notification-item').first();
    expect(await item.textContent()).toContain(`You are now a member of ${name}.`);

    await page.getByTestId('notifications-read-all').click();
    await page.getByTestId('notifications-unread').waitFor({ state: 'detached' });
    expect(await page.getByTestId('notification-item').count()).toBeGreaterThan(0);
  });

  it('shows the bell in the supervisor console too', async () => {
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'supervisor1@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    await page.getByTestId('notifications-bell').click();
    await page.getByTestId('notifications-panel').waitFor({ state: 'visible' });
  });
});
