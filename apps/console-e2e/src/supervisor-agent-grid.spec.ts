import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';
import { GRID_MANAGED_AGENT } from './support/demo-accounts';
import { waitForLink } from './support/mail';
import { baseUrl } from './support/platform';
import { apiCall, apiToken } from './support/platform-api';

const PASSWORD = 'a passphrase for the agent grid suite';

describe('agent grid', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let agentId: string;
  let teamName: string;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    browser = await launchChromium();
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const since = Date.now();
    const invited = await apiCall<{ user: { id: string } }>(admin, 'POST', 'users/invite', {
      email: GRID_MANAGED_AGENT,
      name: 'Gita Grid',
      role: 'agent',
    });
    agentId = invited.user.id;
    const link = new URL(await waitForLink(GRID_MANAGED_AGENT, '/reset-password?token=', since));
    const reset = await fetch(`${baseUrl()}/api/auth/reset-password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: link.searchParams.get('token'), password: PASSWORD }),
    });
    expect(reset.status).toBe(200);
    teamName = `Grid Team ${String(Date.now())}`;
    const team = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: teamName,
    });
    await apiCall(admin, 'POST', `teams/${team.team.id}/members`, {
      userId: agentId,
      role: 'agent',
    });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser.close();
  });

  it("forces an agent's state, shows their day and signs them out, each after asking", async () => {
    // The agent works in their console.
    const agent = await newPage();
    await agent.goto(consoleUrl('agent', 'sign-in'));
    await signIn(agent, GRID_MANAGED_AGENT, PASSWORD);
    await agent.waitForURL(consoleUrl('agent'));
    const agentToken = await apiToken(GRID_MANAGED_AGENT, PASSWORD);
    await apiCall(agentToken, 'PUT', 'presence/me', { status: 'available' });

    // The admin sees the whole center: agents of several teams, each with their team.
    const page = await newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    const row = page.getByTestId(`agent-row-${agentId}`);
    await row.waitFor({ state: 'visible' });
    await page.getByTestId('team-column').waitFor({ state: 'visible' });
    expect(await row.getByTestId('agent-team').textContent()).toContain(teamName);

    // Put on a break: asked first, then done.
    await row.getByTestId('agent-actions').click();
    await page.getByTestId('agent-force-break').click();
    expect(await page.locator('mat-dialog-container').textContent()).toContain(
      'Put Gita Grid on a break?',
    );
    await page.getByTestId('confirm-ok').click();
    expect(await textOf(page, 'agent-action-notice')).toBe('Gita Grid is on a break.');
    await page
      .locator(
        `[data-testid="agent-row-${agentId}"] [data-testid="agent-status"][data-value="break"]`,
      )
      .waitFor({ state: 'visible' });

    // Today's timeline: available, then the break.
    await row.getByTestId('agent-actions').click();
    await page.getByTestId('agent-timeline').click();
    const states = page.getByTestId('agent-day-states');
    await states.waitFor({ state: 'visible' });
    const text = (await states.textContent()) ?? '';
    expect(text).toContain('Available');
    expect(text).toContain('On a break');
    await page.getByTestId('agent-day-close').click();
    await page.locator('mat-dialog-container').waitFor({ state: 'detached' });

    // Sign out: the agent's console returns to sign-in.
    await row.getByTestId('agent-actions').click();
    await page.getByTestId('agent-sign-out').click();
    expect(await page.locator('mat-dialog-container').textContent()).toContain(
      'Sign Gita Grid out?',
    );
    await page.getByTestId('confirm-ok').click();
    expect(await textOf(page, 'agent-action-notice')).toBe('Gita Grid is signed out.');
    await page
      .locator(
        `[data-testid="agent-row-${agentId}"] [data-testid="agent-status"][data-value="offline"]`,
      )
      .waitFor({ state: 'visible' });
    await agent.reload();
    await agent.waitForURL(consoleUrl('agent', 'sign-in'));
  });
});
