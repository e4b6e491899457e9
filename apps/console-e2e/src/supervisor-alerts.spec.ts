import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import {
  TestIntegration,
  apiCall,
  apiToken,
  postCallEvents,
  queuedCallEvent,
} from './support/platform-api';

/** The alert ids the dashboard lists, in order. */
async function listedAlerts(page: Page): Promise<string[]> {
  const ids = await page
    .getByTestId('alerts')
    .locator('[data-testid^="alert-"]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.slice('alert-'.length));
}

describe('supervisor console: alerts', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let teamId: string;
  let pbx: TestIntegration;

  beforeAll(async () => {
    browser = await launchChromium();
    token = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    // A team of its own, so no other suite's calls or agents change its alerts.
    ({
      team: { id: teamId },
    } = await apiCall<{ team: { id: string } }>(token, 'POST', 'teams', {
      name: `Alerts ${Date.now().toString(36)}`,
    }));
    await apiCall(token, 'PUT', `teams/${teamId}/alert-thresholds`, {
      serviceLevelBelowPercent: null,
      callWaitingLongerThanSeconds: 1,
      agentOnBreakLongerThanMinutes: null,
    });
    ({ integration: pbx } = await apiCall<{ integration: TestIntegration }>(
      token,
      'POST',
      'integrations',
      { name: 'Alerts PBX' },
    ));
  });

  afterAll(async () => {
    await apiCall(token, 'DELETE', `teams/${teamId}`);
    await apiCall(token, 'DELETE', `integrations/${pbx.id}`);
    await browser.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it("lists the server's alerts once, the same after a reload, and drops a caller who hung up", async () => {
    const queued = queuedCallEvent(teamId, '+15550142');
    const answer = await postCallEvents(pbx, queued);
    const callId = (answer as { results: { callId: string }[] }).results[0]?.callId;
    const alertId = `long_wait:${teamId}:${String(callId)}`;

    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    // Evaluated every 5 s: the wait passes 1 s, the next evaluation raises the alert.
    await page.getByTestId(`alert-${alertId}`).waitFor({ state: 'visible', timeout: 20_000 });
    expect((await listedAlerts(page)).filter((id) => id === alertId)).toHaveLength(1);

    await page.reload();
    await page.getByTestId(`alert-${alertId}`).waitFor({ state: 'visible' });
    const server = await apiCall<{ dashboard: { alerts: { id: string }[] } }>(
      token,
      'GET',
      'stats/dashboard',
    );
    expect(new Set(await listedAlerts(page))).toEqual(
      new Set(server.dashboard.alerts.map((alert) => alert.id)),
    );

    // The caller hangs up: the alert leaves the list without a reload.
    await postCallEvents(pbx, {
      id: randomUUID(),
      type: 'call.abandoned',
      occurredAt: new Date().toISOString(),
      callId: queued.callId,
    });
    await page.getByTestId(`alert-${alertId}`).waitFor({ state: 'detached', timeout: 25_000 });
  }, 90_000);
});
