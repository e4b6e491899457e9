import { Browser, BrowserContext, Page } from 'playwright-core';

import { CallDetailResult, CallResult } from '@poscalls4u/contracts';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { CONSULT_ACCOUNTS } from './support/demo-accounts';
import { newVerifiedUser } from './support/fresh-user';
import { apiCall, apiToken } from './support/platform-api';

const PASSWORD = 'consult-e2e-Passphrase-1';

/**
 * A consult (warm transfer) from the call screen: the agent holds the caller and consults an
 * available colleague, then completes (the colleague's console takes the call) or cancels (the
 * agent has the caller back).
 */
describe('agent console: consult before transferring', () => {
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
      ['Consulting Agent', 'Consulted Agent'].map((name) =>
        newVerifiedUser(admin, {
          emailPrefix: CONSULT_ACCOUNTS.emailPrefix,
          name,
          role: 'agent',
          password: PASSWORD,
        }),
      ),
    );
    if (!first || !second) throw new Error('no agents');
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: `Consults ${Date.now().toString(36)}`,
    });
    for (const agent of [first, second]) {
      await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });
    }
    return { admin, team, first, second };
  }

  async function openConsole(email: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, email, PASSWORD);
    await page.waitForURL(consoleUrl('agent'));
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    return page;
  }

  /** A call queued while only `agent` is available, answered from their console. */
  async function answered(
    page: Page,
    admin: string,
    teamId: string,
    agent: { id: string; token: string },
  ): Promise<string> {
    await apiCall(agent.token, 'PUT', 'presence/me', { status: 'available' });
    const { call } = await apiCall<CallResult>(admin, 'POST', 'calls', {
      teamId,
      from: '+15550164',
      to: '+15550199',
    });
    expect(call.agent?.id).toBe(agent.id);
    await page.getByTestId('offer-panel').waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.getByTestId('live-call').waitFor({ state: 'visible' });
    return call.id;
  }

  async function consultColleague(page: Page, colleague: { id: string }, teamId: string) {
    await page.getByTestId('consult-open-form').click();
    const option = page
      .getByTestId('consult-agent')
      .locator(`option[value="${colleague.id}|${teamId}"]:not([disabled])`);
    await option.waitFor({ state: 'attached' });
    await page.getByTestId('consult-agent').selectOption(`${colleague.id}|${teamId}`);
    await page.getByTestId('consult-submit').click();
    await page
      .getByTestId('consult-party')
      .filter({ hasText: 'Consulting Consulted Agent' })
      .waitFor();
  }

  it("completes a consult: the colleague's console takes the call, in a second segment", async () => {
    const { admin, team, first, second } = await floor();
    const page = await openConsole(first.email);
    const colleaguePage = await openConsole(second.email);
    const callId = await answered(page, admin, team.id, first);
    await apiCall(second.token, 'PUT', 'presence/me', { status: 'available' });

    await consultColleague(page, second, team.id);
    // The blind transfer waits while a consult is open; the caller is on hold.
    expect(await page.getByTestId('transfer-open').count()).toBe(0);
    expect(await page.getByTestId('end-call').isDisabled()).toBe(true);
    await page.getByTestId('consult-complete').click();

    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    await colleaguePage.getByTestId('live-call').waitFor({ state: 'visible' });
    const { call } = await apiCall<CallDetailResult>(admin, 'GET', `calls/${callId}`);
    expect(call).toMatchObject({ state: 'connected', agent: { id: second.id }, consult: null });
    expect(call.segments.map((segment) => segment.agent?.id)).toEqual([first.id, second.id]);
  }, 120_000);

  it('cancels a consult: the agent has the caller back, connected', async () => {
    const { admin, team, first, second } = await floor();
    const page = await openConsole(first.email);
    const callId = await answered(page, admin, team.id, first);
    await apiCall(second.token, 'PUT', 'presence/me', { status: 'available' });

    await consultColleague(page, second, team.id);
    await page.getByTestId('consult-cancel').click();
    await page.getByTestId('consult-open-form').waitFor({ state: 'visible' });
    await page.getByTestId('live-call').waitFor({ state: 'visible' });
    const { call } = await apiCall<CallDetailResult>(admin, 'GET', `calls/${callId}`);
    expect(call).toMatchObject({ state: 'connected', agent: { id: first.id }, consult: null });
  }, 120_000);
});
