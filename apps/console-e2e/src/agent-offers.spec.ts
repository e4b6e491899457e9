import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';

import {
  CallView,
  DispositionView,
  IntegrationWithSecretResult,
  PresenceView,
  TeamDetailView,
} from '@poscalls4u/contracts';

import { choose, onlyAgentAvailable, teamOf } from './support/agent-floor';
import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';
import { baseUrl } from './support/platform';
import {
  TestIntegration,
  apiCall,
  apiList,
  apiToken,
  postCallEvents,
  queuedCallEvent,
} from './support/platform-api';

const ADMIN_EMAIL = 'admin@poscalls4u.test';

/**
 * Offers reach the agent on every page (issue 15: an agent on Profile missed every call), with
 * the shortcuts, the desktop notification and the flashing title; "next status" gives a break
 * after wrap-up; an explicit sign-out is offline at once.
 */
describe('agent console: offers on every page, shortcuts and next status', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: string;
  let integration: TestIntegration;
  let disposition: DispositionView;

  beforeAll(async () => {
    browser = await launchChromium();
    admin = await apiToken(ADMIN_EMAIL, DEMO_PASSWORD);
    ({ integration } = await apiCall<IntegrationWithSecretResult>(admin, 'POST', 'integrations', {
      name: `E2E offers PBX ${String(Date.now())}`,
    }));
    const [first] = await apiList<DispositionView>(admin, 'dispositions');
    if (first === undefined) {
      throw new Error('No dispositions to wrap up with');
    }
    disposition = first;
  });

  afterAll(async () => {
    await browser.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    // The tab can be made "hidden" and every notification is recorded: the page under test
    // cannot be sent to the background for real in a headless browser.
    await context.grantPermissions(['notifications'], { origin: baseUrl() });
    await context.addInitScript(() => {
      const state = window as unknown as { pretendHidden: boolean; notified: string[] };
      state.pretendHidden = false;
      state.notified = [];
      Object.defineProperty(Document.prototype, 'hidden', { get: () => state.pretendHidden });
      const Real = window.Notification;
      class Recording extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          state.notified.push(title);
        }
      }
      Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
      window.Notification = Recording as typeof Notification;
    });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  async function signInAvailable(email: string): Promise<TeamDetailView> {
    const team = await teamOf(admin, email);
    await onlyAgentAvailable(admin, team, email);
    await page.goto(consoleUrl('agent', 'sign-in'));
    await signIn(page, email, DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('agent'));
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    await choose(page, 'status-select', 'status-option-available');
    await page.getByTestId('status-current').filter({ hasText: 'Available' }).waitFor();
    return team;
  }

  async function presenceOf(team: TeamDetailView, email: string): Promise<PresenceView> {
    const userId = team.members.find((member) => member.email === email)?.userId;
    const people = await apiList<PresenceView>(admin, `presence?teamId=${team.id}`);
    const found = people.find((person) => person.userId === userId);
    if (found === undefined) {
      throw new Error(`No presence for ${email}`);
    }
    return found;
  }

  it('rings on the Profile page and is answered, held, ended and wrapped up with the shortcuts', async () => {
    const email = 'agent2@poscalls4u.test';
    const caller = '+15550171';
    const team = await signInAvailable(email);
    expect(await page.getByTestId('desktop-alerts-on').isVisible()).toBe(true);

    await page.getByTestId('nav-profile').click();
    await page.waitForURL(consoleUrl('agent', 'profile'));
    await page.evaluate(() => {
      (window as unknown as { pretendHidden: boolean }).pretendHidden = true;
    });

    await postCallEvents(integration, queuedCallEvent(team.id, caller));
    const banner = page.getByTestId('offer-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.getByTestId('offer-from').textContent()).toBe(caller);
    await page.waitForFunction(() => document.title === 'Incoming call: +15550171');
    expect(
      await page.evaluate(() => (window as unknown as { notified: string[] }).notified),
    ).toEqual([`Incoming call: ${caller}`]);
    expect(await page.getByTestId('offer-announcement').textContent()).toContain(caller);

    await page.evaluate(() => {
      (window as unknown as { pretendHidden: boolean }).pretendHidden = false;
    });
    await page.keyboard.press('Alt+Shift+KeyA');
    await page.getByTestId('call-strip-state').filter({ hasText: 'Connected' }).waitFor();
    expect(page.url()).toBe(consoleUrl('agent', 'profile'));
    expect((await presenceOf(team, email)).status).toBe('on_call');
    // The title stops flashing once the call is answered.
    await page.waitForFunction(() => document.title === 'PosCalls4U Agent');

    // The help overlay lists the shortcuts.
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-help').waitFor({ state: 'visible' });
    expect(await page.getByTestId('shortcut-answer').textContent()).toContain('Alt + Shift + A');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-help').waitFor({ state: 'hidden' });

    await page.keyboard.press('Alt+Shift+KeyH');
    await page.getByTestId('call-strip-state').filter({ hasText: 'On hold' }).waitFor();
    await page.keyboard.press('Alt+Shift+KeyH');
    await page.getByTestId('call-strip-state').filter({ hasText: 'Connected' }).waitFor();
    await page.keyboard.press('Alt+Shift+KeyE');
    await page.getByTestId('call-strip-state').filter({ hasText: 'Wrap-up' }).waitFor();

    // Wrap-up: the shortcut brings the agent to the form, which takes the focus; once a
    // disposition is chosen the same shortcut finishes.
    await page.keyboard.press('Alt+Shift+KeyW');
    await page.waitForURL(consoleUrl('agent'));
    await page.getByTestId('wrap-up-form').waitFor({ state: 'visible' });
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('data-testid') === 'wrap-up-disposition',
    );
    expect(await textOf(page, 'status-current')).toBe('Wrap-up');
    await choose(page, 'wrap-up-disposition', `disposition-option-${disposition.code}`);
    await page.keyboard.press('Alt+Shift+KeyW');
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    expect((await presenceOf(team, email)).status).toBe('available');

    // An explicit sign-out is offline at once (not after the 30 s reconnect grace).
    await page.getByTestId('sign-out').click();
    await page.waitForURL(consoleUrl('agent', 'sign-in'));
    const deadline = Date.now() + 5_000;
    while ((await presenceOf(team, email)).status !== 'offline') {
      if (Date.now() > deadline) {
        throw new Error('The agent is still not offline 5 s after signing out');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  it('gives the agent the break they asked for after wrap-up, and no new offer', async () => {
    const email = 'agent3@poscalls4u.test';
    const team = await signInAvailable(email);

    await postCallEvents(integration, queuedCallEvent(team.id, '+15550172'));
    await page.getByTestId('offer-panel').waitFor({ state: 'visible' });
    await page.getByTestId('answer-call').click();
    await page.getByTestId('live-call').waitFor({ state: 'visible' });

    // The state itself follows the call; the next status is what comes after it.
    expect(await page.getByTestId('status-select').getAttribute('aria-disabled')).toBe('true');
    await choose(page, 'next-status-select', 'next-status-option-break-lunch');
    await page.getByTestId('next-status-hint').filter({ hasText: 'A break (Lunch)' }).waitFor();

    // Another caller waits meanwhile.
    const waiting = queuedCallEvent(team.id, '+15550173');
    await postCallEvents(integration, waiting);

    await page.getByTestId('end-call').click();
    await page.getByTestId('wrap-up-form').waitFor({ state: 'visible' });
    await choose(page, 'wrap-up-disposition', `disposition-option-${disposition.code}`);
    await page.getByTestId('wrap-up-submit').click();

    await page.getByTestId('status-current').filter({ hasText: 'On a break: Lunch' }).waitFor();
    await page.getByTestId('no-call').waitFor({ state: 'visible' });
    // Routing ran after the wrap-up and found the agent on their break: nothing rings.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await page.getByTestId('offer-panel').count()).toBe(0);
    expect(await presenceOf(team, email)).toMatchObject({ status: 'break', next: null });
    const queued = await apiList<CallView>(admin, `calls?teamId=${team.id}&state=queued`);
    expect(queued.map((call) => call.from)).toContain('+15550173');

    // The waiting caller hangs up, so that no later test finds the call in the queue.
    await postCallEvents(integration, {
      id: randomUUID(),
      type: 'call.abandoned',
      occurredAt: new Date().toISOString(),
      callId: waiting.callId,
    });
    await choose(page, 'status-select', 'status-option-offline');
    await page.getByTestId('status-current').filter({ hasText: 'Offline' }).waitFor();
  }, 120_000);
});
