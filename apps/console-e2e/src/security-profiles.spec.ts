import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, uniqueEmail } from './support/browser';
import { waitForLink } from './support/mail';
import { baseUrl } from './support/platform';
import { apiCall, apiToken } from './support/platform-api';

const AGENT_PASSWORD = 'profile-e2e-Passphrase-1';

/** A new, verified agent of its own (no demo account is disturbed), with its user id. */
async function newAgent(): Promise<{ id: string; email: string }> {
  const email = uniqueEmail('profile.agent');
  const since = Date.now();
  const registered = await fetch(`${baseUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Profile Agent', email, password: AGENT_PASSWORD }),
  });
  expect(registered.status).toBe(201);
  const link = new URL(await waitForLink(email, '/verify-email?token=', since));
  const verified = await fetch(`${baseUrl()}/api/auth/verify-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: link.searchParams.get('token') }),
  });
  expect(verified.status).toBe(200);
  const token = await apiToken(email, AGENT_PASSWORD);
  const { user } = await apiCall<{ user: { id: string } }>(token, 'GET', 'auth/profile');
  return { id: user.id, email };
}

/**
 * The admin's Team permissions editor, and both consoles following a team's security profile:
 * what a profile withholds disappears from the member's console at once, without a reload.
 */
describe('team permissions (security profiles)', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser.close();
  });

  it('is for admins only', async () => {
    const page = await newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'supervisor1@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    await page.getByTestId('nav-profile').waitFor({ state: 'visible' });
    expect(await page.getByTestId('nav-permissions').count()).toBe(0);
    await page.goto(consoleUrl('supervisor', 'security-profiles'));
    await page.waitForURL(consoleUrl('supervisor'));
  });

  it("withholds dialling out from a team's agents, and the agent's console follows live", async () => {
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const teamName = `Permissions ${Date.now().toString(36)}`;
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: teamName,
    });
    const { team: second } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: `${teamName} B`,
    });
    const agent = await newAgent();
    for (const teamId of [team.id, second.id]) {
      await apiCall(admin, 'POST', `teams/${teamId}/members`, { userId: agent.id, role: 'agent' });
    }

    // The agent dials out for either team.
    const agentPage = await newPage();
    await agentPage.goto(consoleUrl('agent', 'sign-in'));
    await signIn(agentPage, agent.email, AGENT_PASSWORD);
    await agentPage.getByTestId('outbound-team').waitFor({ state: 'visible' });

    // The admin withholds calls:outbound from the first team's agents.
    const page = await newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.getByTestId('nav-permissions').click();
    await page.waitForURL(consoleUrl('supervisor', 'security-profiles'));
    await page.getByTestId('profile-team').click();
    await page.getByRole('option', { name: teamName, exact: true }).click();
    await page.waitForURL(consoleUrl('supervisor', `teams/${team.id}/security-profile`));
    await page.getByText('Applies to 1 agent and 0 supervisors').waitFor();

    const outbound = page.getByTestId('profile-agents-calls:outbound').locator('input');
    expect(await outbound.isChecked()).toBe(true);
    expect(await page.getByTestId('profile-save').isDisabled()).toBe(true);
    await outbound.click();
    await page.getByTestId('profile-row-calls:outbound').getByText('withheld').waitFor();
    await page.getByTestId('profile-save').click();
    await page.getByText('Agents lose calls:outbound.').waitFor();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('profile-notice').waitFor();

    const saved = await apiCall<{ securityProfile: { agents: { withhold: string[] } } }>(
      admin,
      'GET',
      `teams/${team.id}/security-profile`,
    );
    expect(saved.securityProfile.agents.withhold).toEqual(['calls:outbound']);

    // Live: the agent now dials out for the second team only, so the team picker goes.
    await agentPage.getByTestId('outbound-team').waitFor({ state: 'detached' });
    await agentPage.getByTestId('outbound-form').waitFor({ state: 'visible' });

    // Back to the defaults: the picker returns, still without a reload.
    await page.getByTestId('profile-reset').click();
    await page.getByTestId('profile-save').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByText('Saved.').waitFor();
    await agentPage.getByTestId('outbound-team').waitFor({ state: 'visible' });

    // The change is in the audit log under its own action.
    const audit = await apiCall<{ items: { details: { teamId?: string } | null }[] }>(
      admin,
      'GET',
      'audit?action=teams.security_profile_changed',
    );
    expect(audit.items.filter((event) => event.details?.teamId === team.id)).toHaveLength(2);
  });
});
