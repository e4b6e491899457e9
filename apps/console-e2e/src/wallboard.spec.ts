import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, launchChromium, signIn } from './support/browser';
import { WALLBOARD_AGENT } from './support/demo-accounts';
import { OwnPlatform, startOwnPlatform } from './support/own-platform';

const SUPERVISOR_EMAIL = 'supervisor1@poscalls4u.test';

/**
 * The wallboard, end to end: a supervisor creates a link on the Wallboards page, a fresh browser
 * context (no session, never signed in) opens it and shows the team's live figures, which keep
 * updating when calls arrive, across an API restart, until the link is revoked. On a platform of
 * its own: it restarts the API.
 */
describe('wallboard (browser)', () => {
  let platform: OwnPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let supervisorToken: string;
  let teamId: string;

  async function api<T>(token: string | null, method: string, path: string, body?: unknown) {
    const response = await fetch(`${platform.url}/api/${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const envelope = (await response.json()) as { success: boolean; data: T };
    if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(envelope)}`);
    return envelope.data;
  }
  const login = (email: string) =>
    api<{ token: string; user: { id: string } }>(null, 'POST', 'auth/login', {
      email,
      password: DEMO_PASSWORD,
    });
  const queueCall = (from: string) =>
    api(supervisorToken, 'POST', 'calls', { teamId, from, to: '+15550199' });

  async function numberOf(page: Page, testId: string): Promise<number> {
    return Number((await page.getByTestId(testId).textContent())?.trim());
  }
  async function until(page: Page, testId: string, expected: string, timeout = 15_000) {
    await page.waitForFunction(
      ([id, text]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === text,
      [testId, expected] as const,
      { timeout },
    );
  }

  beforeAll(async () => {
    platform = await startOwnPlatform();
    browser = await launchChromium();
    supervisorToken = (await login(SUPERVISOR_EMAIL)).token;
    const agent = await login(WALLBOARD_AGENT);
    teamId = (
      await api<{ team: { id: string } }>(supervisorToken, 'POST', 'teams', {
        name: 'Wallboard Floor',
      })
    ).team.id;
    await api(supervisorToken, 'POST', `teams/${teamId}/members`, {
      userId: agent.user.id,
      role: 'agent',
    });
    await api(agent.token, 'PUT', 'presence/me', { status: 'available' });
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await platform?.stop();
  });

  it('shows live figures without a sign-in, keeps updating across an API restart, stops when revoked', async () => {
    // The supervisor creates the link on the Wallboards page; it is shown once.
    const console = await browser.newContext();
    contexts.push(console);
    const manager = await console.newPage();
    await manager.goto(`${platform.url}/supervisor/sign-in`);
    await signIn(manager, SUPERVISOR_EMAIL, DEMO_PASSWORD);
    await manager.getByTestId('nav-wallboards').click();
    await manager.getByTestId('wallboard-name').fill('Floor TV');
    await manager.getByTestId('wallboard-rotation').fill('10');
    await manager.getByTestId('wallboard-team-Wallboard Floor').check();
    await manager.getByTestId('wallboard-create').click();
    const link = (await manager.getByTestId('wallboard-link').textContent())?.trim() ?? '';
    expect(link).toMatch(
      new RegExp(`^${platform.url}/supervisor/wallboard#[A-Za-z0-9_-]{43}$`.replace(/\./g, '\\.')),
    );

    // A fresh context, as the TV's browser: no session, no sign-in.
    const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    contexts.push(tv);
    const screen = await tv.newPage();
    await screen.goto(link);
    await until(screen, 'wallboard-team', 'Wallboard Floor');
    expect(await screen.getByTestId('email').count()).toBe(0);
    expect(await screen.getByTestId('nav-profile').count()).toBe(0);
    await until(screen, 'wb-calls-waiting', '0');
    await until(screen, 'wallboard-connection', '● Live');
    expect(await screen.getByTestId('wb-agents-available').textContent()).toContain('1');
    expect(await screen.getByTestId('wb-agents-needed').textContent()).toBeTruthy();

    // A call arrives: the pushed figures show it, and its wait ticks.
    await queueCall('+15550101');
    await until(screen, 'wb-calls-waiting', '1');
    await screen.waitForTimeout(2_200);
    const waited = await screen.getByTestId('wb-longest-wait').textContent();
    expect(waited?.trim()).toMatch(/^0:0[1-9]$/);

    // The API restarts: the screen reconnects by itself and keeps updating.
    await platform.restart();
    await until(screen, 'wallboard-connection', '● Live', 30_000);
    await queueCall('+15550102');
    await until(screen, 'wb-calls-waiting', '2', 20_000);
    expect(await numberOf(screen, 'wb-answered')).toBe(0);

    // The list shows its last use; revoking (confirmed) stops the screen at once.
    await manager.reload();
    const row = manager.locator('[data-testid="wallboard-row"][data-name="Floor TV"]');
    expect((await row.getByTestId('wallboard-last-used').textContent())?.trim()).not.toBe('Never');
    await row.getByTestId('wallboard-revoke').click();
    await manager.getByTestId('confirm-ok').click();
    await row.getByTestId('wallboard-revoked').waitFor({ state: 'visible' });
    await screen.getByTestId('wallboard-revoked-notice').waitFor({ state: 'visible' });
  }, 180_000);
});
