import { Browser, BrowserContext, Page } from 'playwright-core';

import {
  AuditEventView,
  CursorPage,
  IngestResult,
  IntegrationWithSecretResult,
} from '@poscalls4u/contracts';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { ASSIST_ACCOUNTS } from './support/demo-accounts';
import { newVerifiedUser } from './support/fresh-user';
import { apiCall, apiToken, postCallEvents, queuedCallEvent } from './support/platform-api';

const PASSWORD = 'assist-e2e-Passphrase-1';

/** A new, verified user (no demo account is disturbed): an agent, or a supervisor. */
function newUser(admin: string, name: string, role: 'agent' | 'supervisor') {
  return newVerifiedUser(admin, {
    emailPrefix: ASSIST_ACCOUNTS.emailPrefix,
    name,
    role,
    password: PASSWORD,
  });
}

/**
 * A supervisor barges into a live call from the dashboard's agent grid, switches to listening and
 * stops; the grid shows it live, the agent's call screen says so, and the audit log has each step.
 */
describe('supervisor assist', () => {
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

  it('barges into a call from the agent grid, switches to listening and stops', async () => {
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const supervisor = await newUser(admin, 'Assist Supervisor', 'supervisor');
    const agent = await newUser(admin, 'Assist Agent', 'agent');
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: `Assist ${Date.now().toString(36)}`,
    });
    await apiCall(admin, 'POST', `teams/${team.id}/members`, {
      userId: supervisor.id,
      role: 'supervisor',
    });
    await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });
    const { integration } = await apiCall<IntegrationWithSecretResult>(
      admin,
      'POST',
      'integrations',
      { name: `E2E assist PBX ${String(Date.now())}` },
    );

    // The agent is on the call screen, available; a caller queues and the agent answers.
    const agentPage = await newPage();
    await agentPage.goto(consoleUrl('agent', 'sign-in'));
    await signIn(agentPage, agent.email, PASSWORD);
    await agentPage.waitForURL(consoleUrl('agent'));
    await agentPage.getByTestId('no-call').waitFor({ state: 'visible' });
    await apiCall(agent.token, 'PUT', 'presence/me', { status: 'available' });
    const ingested = (await postCallEvents(
      integration,
      queuedCallEvent(team.id, '+15550163'),
    )) as IngestResult;
    const callId = ingested.results[0]?.callId ?? '';
    await agentPage.getByTestId('offer-panel').waitFor({ state: 'visible' });
    await apiCall(agent.token, 'POST', `calls/${callId}/answer`);
    await agentPage.getByTestId('live-call').waitFor({ state: 'visible' });
    expect(await agentPage.getByTestId('supervisor-notice').count()).toBe(0);

    // The supervisor's dashboard: the agent's row shows the call and the assist buttons.
    const page = await newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, supervisor.email, PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    const row = page.getByTestId(`agent-row-${agent.id}`);
    await row.getByTestId('assist-barge').waitFor({ state: 'visible' });

    await row.getByTestId('assist-barge').click();
    await row
      .getByTestId('assist-state')
      .filter({ hasText: 'Barging in · Assist Supervisor' })
      .waitFor();
    expect(await row.getByTestId('assist-barge').getAttribute('aria-pressed')).toBe('true');
    await agentPage
      .getByTestId('supervisor-notice')
      .filter({ hasText: 'A supervisor has joined the call' })
      .waitFor();

    await row.getByTestId('assist-listen').click();
    await row.getByTestId('assist-state').filter({ hasText: 'Listening' }).waitFor();
    await agentPage
      .getByTestId('supervisor-notice')
      .filter({ hasText: 'A supervisor is listening' })
      .waitFor();

    await row.getByTestId('assist-stop').click();
    await row.getByTestId('assist-state').waitFor({ state: 'detached' });
    await agentPage.getByTestId('supervisor-notice').waitFor({ state: 'detached' });

    const audit = await apiCall<CursorPage<AuditEventView>>(
      admin,
      'GET',
      'audit?action=calls.assist_started,calls.assist_changed,calls.assist_stopped&pageSize=100',
    );
    const steps = audit.items
      .filter((event) => event.details?.['callId'] === callId)
      .reverse()
      .map((event) => [event.action, event.actor?.id ?? null, event.details?.['mode']]);
    expect(steps).toEqual([
      ['calls.assist_started', supervisor.id, 'barge'],
      ['calls.assist_changed', supervisor.id, 'listen'],
      ['calls.assist_stopped', supervisor.id, 'listen'],
    ]);

    await apiCall(agent.token, 'POST', `calls/${callId}/end`);
    await apiCall(agent.token, 'POST', `calls/${callId}/wrap-up`, { disposition: 'resolved' });
    await apiCall(agent.token, 'PUT', 'presence/me', { status: 'offline' });
  });
});
