import { Browser, BrowserContext, Page } from 'playwright-core';

import { CallDetailResult, IntegrationWithSecretResult, TeamResult } from '@poscalls4u/contracts';

import { choose, onlyAgentAvailable, teamOf } from './support/agent-floor';
import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { apiCall, apiToken, postCallEvents, queuedCallEvent } from './support/platform-api';

const AGENT_EMAIL = 'agent1@poscalls4u.test';
const ADMIN_EMAIL = 'admin@poscalls4u.test';
const CALLER = '+15550163';

describe('agent console: blind transfer', () => {
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

  it("sends a live call to another team's queue, and the history shows each part", async () => {
    const admin = await apiToken(ADMIN_EMAIL, DEMO_PASSWORD);
    const team = await teamOf(admin, AGENT_EMAIL);
    await onlyAgentAvailable(admin, team, AGENT_EMAIL);
    // A team with nobody in it: the transferred caller waits in its queue.
    const billingName = `E2E Billing ${String(Date.now())}`;
    const { team: billing } = await apiCall<TeamResult>(admin, 'POST', 'teams', {
      name: billingName,
    });
    const { integration } = await apiCall<IntegrationWithSecretResult>(
      admin,
      'POST',
      'integrations',
      { name: `E2E transfer PBX ${String(Date.now())}` },
    );

    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, AGENT_EMAIL, DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('agent'));
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    await choose(page, 'status-select', 'status-option-available');
    await page.getByTestId('status-current').filter({ hasText: 'Available' }).waitFor();

    await postCallEvents(integration, queuedCallEvent(team.id, CALLER));
    await page.getByTestId('offer-panel').waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.getByTestId('live-call').waitFor({ state: 'visible' });

    // Transfer: the queue of Billing, chosen from every active team.
    await page.getByTestId('transfer-open').click();
    await page.getByTestId('transfer-form').waitFor({ state: 'visible' });
    expect(await page.getByTestId('transfer-kind').inputValue()).toBe('queue');
    await page
      .getByTestId('transfer-team')
      .locator(`option[value="${billing.id}"]`)
      .waitFor({ state: 'attached' });
    await page.getByTestId('transfer-team').selectOption(billing.id);
    // Behind Billing's callers, whatever Billing's own setting.
    expect(await page.getByTestId('transfer-queue-position').inputValue()).toBe('');
    await page.getByTestId('transfer-queue-position').selectOption('back');
    await page.getByTestId('transfer-submit').click();

    // The call leaves the agent, who is available again at once.
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    await page.getByTestId('status-current').filter({ hasText: 'Available' }).waitFor();

    // The history lists the call handed on; its parts name the transfer.
    const newest = page.getByTestId('history-row').first();
    await newest.getByTestId('history-number').filter({ hasText: CALLER }).waitFor();
    await newest.getByTestId('history-parts').click();
    const segments = page.getByTestId('call-segment');
    await segments.first().waitFor({ state: 'visible' });
    expect(await segments.count()).toBe(2);
    expect(await segments.first().textContent()).toContain(team.name);
    expect(await segments.first().getByTestId('segment-transfer').textContent()).toContain(
      `the queue of ${billingName}`,
    );
    expect(await segments.nth(1).textContent()).toContain(billingName);

    // The API agrees: one call, now queued in Billing, two segments.
    const calls = await apiCall<{ items: { id: string; from: string; teamId: string }[] }>(
      admin,
      'GET',
      `calls?teamId=${billing.id}`,
    );
    const moved = calls.items.find((call) => call.from === CALLER);
    expect(moved).toBeDefined();
    const detail = await apiCall<CallDetailResult>(admin, 'GET', `calls/${moved?.id ?? ''}`);
    expect(detail.call).toMatchObject({ state: 'queued', teamId: billing.id });
    expect(detail.call.requeuedAt).not.toBeNull();
    expect(detail.call.segments.map((segment) => segment.teamId)).toEqual([team.id, billing.id]);
  }, 120_000);
});
