import { Browser, BrowserContext, Page } from 'playwright-core';

import {
  AdminUserView,
  DispositionView,
  IntegrationWithSecretResult,
  PresenceView,
  Page as ResultPage,
  TeamDetailView,
  TeamResult,
  TeamView,
} from '@poscalls4u/contracts';

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

/** The demo team agent1 works in; a team of their own when the demo data has none. */
async function teamOf(admin: string, email: string): Promise<TeamDetailView> {
  for (const team of await apiList<TeamView>(admin, 'teams')) {
    const detail = await teamDetail(admin, team.id);
    if (detail.members.some((member) => member.email === email)) {
      return detail;
    }
  }
  const users = await apiCall<ResultPage<AdminUserView>>(
    admin,
    'GET',
    `users?search=${encodeURIComponent(email)}`,
  );
  const agent = users.items.find((user) => user.email === email);
  if (agent === undefined) {
    throw new Error(`No demo user ${email}`);
  }
  const { team } = await apiCall<TeamResult>(admin, 'POST', 'teams', {
    name: 'E2E call floor',
  });
  await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });
  return teamDetail(admin, team.id);
}

async function teamDetail(admin: string, teamId: string): Promise<TeamDetailView> {
  return (await apiCall<TeamResult>(admin, 'GET', `teams/${teamId}`)).team;
}

/**
 * Nobody else of the team may take the offer: colleagues who are available are sent offline
 * (the demo agents start offline, but another test may have left one available).
 */
async function onlyAgentAvailable(admin: string, team: TeamDetailView, email: string) {
  const agentId = team.members.find((member) => member.email === email)?.userId;
  const people = await apiList<PresenceView>(admin, `presence?teamId=${team.id}`);
  for (const person of people) {
    if (person.userId !== agentId && person.status === 'available') {
      await apiCall(admin, 'PUT', `presence/${person.userId}`, { status: 'offline' });
    }
  }
  const after = await apiList<PresenceView>(admin, `presence?teamId=${team.id}`);
  expect(after.filter((person) => person.status === 'available')).toEqual([]);
}

/** Picks an option of a Material select by its test ids (the options live in an overlay). */
async function choose(page: Page, selectTestId: string, optionTestId: string): Promise<void> {
  await page.getByTestId(selectTestId).click();
  await page.getByTestId(optionTestId).click();
}

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

    // The history lists it, newest first, with its disposition.
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
