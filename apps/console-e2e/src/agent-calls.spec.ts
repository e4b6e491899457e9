import { Browser, BrowserContext, Page } from 'playwright-core';

import {
  DispositionView,
  IntegrationWithSecretResult,
  Page as ResultPage,
} from '@poscalls4u/contracts';

import { choose, onlyAgentAvailable, teamOf } from './support/agent-floor';
import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';
import {
  apiCall,
  apiList,
  apiToken,
  postCallEvents,
  queuedCallEvent,
} from './support/platform-api';

const AGENT_EMAIL = 'agent1@poscalls4u.test';
const ADMIN_EMAIL = 'admin@poscalls4u.test';
const CALLER = '+15550142';

describe('agent call screen', () => {
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

  it('takes a simulated call from offer to wrap-up, and lists it in the history', async () => {
    const admin = await apiToken(ADMIN_EMAIL, DEMO_PASSWORD);
    const team = await teamOf(admin, AGENT_EMAIL);
    await onlyAgentAvailable(admin, team, AGENT_EMAIL);
    const { integration } = await apiCall<IntegrationWithSecretResult>(
      admin,
      'POST',
      'integrations',
      { name: `E2E PBX ${String(Date.now())}` },
    );
    const [disposition] = await apiList<DispositionView>(admin, 'dispositions');
    if (disposition === undefined) {
      throw new Error('No dispositions to wrap up with');
    }

    // The agent signs in and goes available.
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, AGENT_EMAIL, DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('agent'));
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    await choose(page, 'status-select', 'status-option-available');
    await page.getByTestId('status-current').filter({ hasText: 'Available' }).waitFor();

    // The PBX queues a call for the team: it rings at the only available agent.
    await postCallEvents(integration, queuedCallEvent(team.id, CALLER));
    await page.getByTestId('offer-panel').waitFor({ state: 'visible' });
    expect(await textOf(page, 'offer-from')).toBe(CALLER);
    expect(await textOf(page, 'offer-team')).toBe(team.name);
    expect(await textOf(page, 'offer-countdown')).toMatch(/^\d+ s left to answer$/);
    expect(await page.getByTestId('offer-announcement').textContent()).toContain(
      `Incoming call from ${CALLER}`,
    );
    // The Answer button has the focus: Enter answers.
    await page.keyboard.press('Enter');

    // Live: the timer runs; hold and resume; the agent shows on a call.
    await page.getByTestId('live-call').waitFor({ state: 'visible' });
    await page.getByTestId('status-current').filter({ hasText: 'On a call' }).waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="call-timer"]')?.textContent?.trim() !== '0:00',
    );
    expect(await textOf(page, 'call-timer')).toMatch(/^\d+:\d{2}$/);
    await page.getByTestId('hold-call').click();
    await page.getByTestId('live-call-state').filter({ hasText: 'On hold' }).waitFor();
    await page.getByTestId('resume-call').click();
    await page.getByTestId('live-call-state').filter({ hasText: 'Connected' }).waitFor();

    // A reload mid-call brings the call back (GET /api/calls/current), timer and all.
    await page.reload();
    await page.getByTestId('live-call').waitFor({ state: 'visible' });
    expect(await textOf(page, 'live-call-number')).toBe(CALLER);
    expect(await textOf(page, 'call-timer')).not.toBe('0:00');
    await page.getByTestId('end-call').click();

    // Wrap-up with a disposition and notes; then the agent is free again.
    await page.getByTestId('wrap-up-form').waitFor({ state: 'visible' });
    await choose(page, 'wrap-up-disposition', `disposition-option-${disposition.code}`);
    const notes = `Browser test call ${String(Date.now())}`;
    await page.getByTestId('wrap-up-notes').fill(notes);
    await page.getByTestId('wrap-up-submit').click();
    await page.getByTestId('no-call').waitFor({ state: 'visible' });

    // The history lists it, newest first, with its disposition (drawn once scrolled into view).
    await page.getByTestId('history-section').scrollIntoViewIfNeeded();
    const newest = page.getByTestId('history-row').first();
    await newest
      .getByTestId('history-disposition')
      .filter({ hasText: disposition.label })
      .waitFor();
    expect((await newest.getByTestId('history-number').textContent())?.trim()).toBe(CALLER);
    expect((await newest.getByTestId('history-state').textContent())?.trim()).toBe('Completed');

    // The notes reached the API with the call.
    const calls = await apiCall<ResultPage<{ notes: string | null }>>(
      admin,
      'GET',
      `calls?q=${encodeURIComponent(notes)}`,
    );
    expect(calls.items.map((call) => call.notes)).toEqual([notes]);
  }, 120_000);
});
