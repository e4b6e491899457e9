import { Browser, BrowserContext, Page } from 'playwright-core';

import { CallDetailResult, CallResult } from '@poscalls4u/contracts';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { CONFERENCE_ACCOUNTS } from './support/demo-accounts';
import { newVerifiedUser } from './support/fresh-user';
import { apiCall, apiToken } from './support/platform-api';

const PASSWORD = 'conference-e2e-Passphrase-1';

/**
 * A consult completed into a conference from the call screen: agent A takes a call, consults
 * agent B and merges; both consoles show the conference with its parties; A leaves (after-call
 * work) and B has the call.
 */
describe('agent console: a consult merged into a conference', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  async function floor() {
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const [first, second] = await Promise.all(
      ['Conferencing Agent', 'Conferenced Agent'].map((name) =>
        newVerifiedUser(admin, {
          emailPrefix: CONFERENCE_ACCOUNTS.emailPrefix,
          name,
          role: 'agent',
          password: PASSWORD,
        }),
      ),
    );
    if (!first || !second) throw new Error('no agents');
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: `Conferences ${Date.now().toString(36)}`,
    });
    for (const agent of [first, second]) {
      await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });
    }
    return { admin, team, first, second };
  }

  async function openConsole(email: string, width?: number): Promise<Page> {
    const context = await browser.newContext(
      width ? { viewport: { width, height: 844 } } : undefined,
    );
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, email, PASSWORD);
    await page.waitForURL(consoleUrl('agent'));
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    return page;
  }

  it('merges a consult into a conference both agents see; A leaves and B has the call', async () => {
    const { admin, team, first, second } = await floor();
    const page = await openConsole(first.email);
    // B works on a phone-sized screen: the conference panel must fit 390 px.
    const colleaguePage = await openConsole(second.email, 390);

    await apiCall(first.token, 'PUT', 'presence/me', { status: 'available' });
    const { call } = await apiCall<CallResult>(admin, 'POST', 'calls', {
      teamId: team.id,
      from: '+15550165',
      to: '+15550199',
    });
    expect(call.agent?.id).toBe(first.id);
    await page.getByTestId('offer-panel').waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.getByTestId('live-call').waitFor({ state: 'visible' });
    await apiCall(second.token, 'PUT', 'presence/me', { status: 'available' });

    await page.getByTestId('consult-open-form').click();
    const option = page
      .getByTestId('consult-agent')
      .locator(`option[value="${second.id}|${team.id}"]:not([disabled])`);
    await option.waitFor({ state: 'attached' });
    await page.getByTestId('consult-agent').selectOption(`${second.id}|${team.id}`);
    await page.getByTestId('consult-submit').click();
    await page
      .getByTestId('consult-party')
      .filter({ hasText: 'Consulting Conferenced Agent' })
      .waitFor();

    await page.getByRole('button', { name: 'Merge into conference' }).click();
    // A sees the conference: the caller, themselves and B, each on the call.
    await page.getByTestId('conference').waitFor({ state: 'visible' });
    await page
      .getByTestId('conference-party')
      .filter({ hasText: 'Conferenced Agent' })
      .waitFor({ state: 'visible' });
    expect(await page.getByTestId('conference-party').count()).toBe(3);
    expect(await page.getByTestId('transfer-open').count()).toBe(0);

    // B's console shows the conference live (call:updated), without the call's controls.
    await colleaguePage.getByTestId('conference-guest').waitFor({ state: 'visible' });
    await colleaguePage
      .getByTestId('conference-party')
      .filter({ hasText: 'Conferencing Agent' })
      .waitFor({ state: 'visible' });
    expect(await colleaguePage.getByTestId('conference-add-open').count()).toBe(0);
    const width = await colleaguePage.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    // A leaves: after-call work for A; the call is B's.
    await page.getByRole('button', { name: 'Leave conference' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    await colleaguePage.getByTestId('live-call').waitFor({ state: 'visible' });
    const { call: after } = await apiCall<CallDetailResult>(admin, 'GET', `calls/${call.id}`);
    expect(after).toMatchObject({ state: 'connected', agent: { id: second.id } });
    expect(after.segments.map((segment) => segment.agent?.id)).toEqual([first.id, second.id]);
    expect(after.conference?.parties.map((party) => party.state)).toEqual(['left', 'left', 'left']);
    await page.getByTestId('no-call-hint').filter({ hasText: 'You left a conference' }).waitFor();

    // B ends and wraps up; A ends their after-call work.
    await apiCall(second.token, 'POST', `calls/${call.id}/end`, {});
    await apiCall(second.token, 'POST', `calls/${call.id}/wrap-up`, { disposition: 'resolved' });
    await apiCall(first.token, 'PUT', 'presence/me', { status: 'offline' });
  }, 120_000);
});
