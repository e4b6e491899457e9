import { Browser, BrowserContext, Page } from 'playwright-core';

import { CallResult } from '@poscalls4u/contracts';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { CALLER_HISTORY_ACCOUNTS } from './support/demo-accounts';
import { newVerifiedUser } from './support/fresh-user';
import { apiCall, apiToken } from './support/platform-api';

const PASSWORD = 'caller-e2e-Passphrase-1';
const CALLER = '+15550142';

/**
 * Who is calling, as the agent sees it: a repeat caller's offer lists the earlier call with its
 * queue, outcome and notes, and links the caller in the team's CRM.
 */
describe("agent console: the caller's history on the offer", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
  });

  afterEach(async () => {
    await context.close();
  });

  it('shows the earlier call with its notes, and a link to the caller in the CRM', async () => {
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const agent = await newVerifiedUser(admin, {
      emailPrefix: CALLER_HISTORY_ACCOUNTS.emailPrefix,
      name: 'History Agent',
      role: 'agent',
      password: PASSWORD,
    });
    const teamName = `Callers ${Date.now().toString(36)}`;
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: teamName,
      crmUrlTemplate: 'https://crm.example.com/search?phone={from}',
    });
    await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });

    // An earlier call from the number, handled with notes.
    await apiCall(agent.token, 'PUT', 'presence/me', { status: 'available' });
    const first = await apiCall<CallResult>(admin, 'POST', 'calls', {
      teamId: team.id,
      from: CALLER,
      to: '+15550199',
    });
    expect(first.call.agent?.id).toBe(agent.id);
    await apiCall(agent.token, 'POST', `calls/${first.call.id}/answer`);
    await apiCall(agent.token, 'POST', `calls/${first.call.id}/end`);
    await apiCall(agent.token, 'POST', `calls/${first.call.id}/wrap-up`, {
      disposition: 'callback',
      notes: 'Promised a refund by Friday',
    });

    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    page = await context.newPage();
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, agent.email, PASSWORD);
    await page.waitForURL(consoleUrl('agent'));
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    await apiCall(agent.token, 'PUT', 'presence/me', { status: 'available' });
    const second = await apiCall<CallResult>(admin, 'POST', 'calls', {
      teamId: team.id,
      from: CALLER,
      to: '+15550199',
    });
    expect(second.call.agent?.id).toBe(agent.id);

    const history = page.getByTestId('offer-panel').getByTestId('caller-history');
    await history
      .getByTestId('caller-history-summary')
      .filter({ hasText: '1 earlier call' })
      .waitFor();
    expect((await history.getByTestId('caller-history-team').textContent())?.trim()).toBe(teamName);
    expect((await history.getByTestId('caller-history-notes').textContent())?.trim()).toBe(
      'Promised a refund by Friday',
    );
    const crm = history.getByTestId('caller-history-crm');
    expect(await crm.getAttribute('href')).toBe('https://crm.example.com/search?phone=%2B15550142');
    expect(await crm.getAttribute('rel')).toBe('noopener noreferrer');

    await apiCall(agent.token, 'POST', `calls/${second.call.id}/reject`);
    await apiCall(agent.token, 'PUT', 'presence/me', { status: 'offline' });
  });
});
