import { Browser, BrowserContext, Page } from 'playwright-core';

import { DashboardResult, DashboardView, PresenceView } from '@poscalls4u/contracts';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { DASHBOARD_SIMULATED_AGENTS } from './support/demo-accounts';
import { apiCall, apiList, apiToken } from './support/platform-api';
import { SimulatorRun, startSimulator, stopSimulator } from './support/simulator';

/**
 * The Sales team (supervisor2, agents 6-10): agent-calls.spec.ts works in Support, so traffic
 * here never rings at its agent.
 */
const SUPERVISOR_EMAIL = 'supervisor2@poscalls4u.test';
const ADMIN_EMAIL = 'admin@poscalls4u.test';
const TILES = ['offered', 'answered', 'abandoned', 'calls-waiting'] as const;

const SIMULATION = [
  '--teams',
  'Sales',
  '--integration',
  'E2E supervisor dashboard',
  '--seed',
  'supervisor-dashboard-e2e',
  // Agents no other suite changes (see support/demo-accounts.ts).
  '--agents',
  String(DASHBOARD_SIMULATED_AGENTS.count),
  '--first-agent',
  String(DASHBOARD_SIMULATED_AGENTS.first),
  '--rate',
  '30',
  '--duration',
  '15',
  '--answer-delay',
  '1',
  '--talk',
  '4',
  '--wrap',
  '2',
  '--patience',
  '20',
  '--drain',
  '30',
  '--progress',
  '5',
];

/** What `GET /api/stats/dashboard` answers for this token now. */
async function dashboardOf(token: string): Promise<DashboardView> {
  return (await apiCall<DashboardResult>(token, 'GET', 'stats/dashboard')).dashboard;
}

/** The tile's raw figure (its `data-value`), as the page shows it now. */
async function tileValue(page: Page, id: string): Promise<number | null> {
  const value = await page.getByTestId(`kpi-${id}`).getAttribute('data-value');
  return value === null || value === '' ? null : Number(value);
}

/** Each agent row's state, by user id. */
async function gridStates(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-testid^="agent-row-"]', (rows) =>
    Object.fromEntries(
      rows.map((row) => [
        row.getAttribute('data-testid')?.replace('agent-row-', '') ?? '',
        row.querySelector('[data-testid="agent-status"]')?.getAttribute('data-value') ?? '',
      ]),
    ),
  );
}

async function gridHandled(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid^="agent-row-"]', (rows) =>
    Object.fromEntries(
      rows.map((row) => [
        row.getAttribute('data-testid')?.replace('agent-row-', '') ?? '',
        Number(row.querySelector('[data-testid="agent-handled"]')?.getAttribute('data-value')),
      ]),
    ),
  );
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${String(timeoutMs / 1000)} s waiting until ${what}`);
}

describe('supervisor dashboard (browser)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let simulator: SimulatorRun | null = null;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    if (simulator !== null) await stopSimulator(simulator);
    await browser.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  it('follows the simulator live, without a reload, and matches GET /api/stats/dashboard', async () => {
    const supervisor = await apiToken(SUPERVISOR_EMAIL, DEMO_PASSWORD);
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, SUPERVISOR_EMAIL, DEMO_PASSWORD);
    await page.getByTestId('kpi-offered').waitFor({ state: 'visible' });
    await page.getByTestId('agent-grid').waitFor({ state: 'visible' });
    // A reload would lose this mark.
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

    const before = await dashboardOf(supervisor);
    expect(before.teams.map((team) => team.name)).toEqual(['Sales']);
    const offeredBefore = (await tileValue(page, 'offered')) ?? 0;
    const statesBefore = await gridStates(page);

    simulator = startSimulator(SIMULATION);
    try {
      // Live: more calls offered and agents leaving offline, while the simulator runs.
      await until(
        async () => ((await tileValue(page, 'offered')) ?? 0) > offeredBefore,
        // Generous: the simulator signs in (bcrypt) before its first call, on a busy CI machine.
        60_000,
        'the offered tile grows',
      );
      await until(
        async () => {
          const states = await gridStates(page);
          return Object.keys(states).some((id) => states[id] !== statesBefore[id]);
        },
        60_000,
        'an agent of the grid changes state',
      );
      expect(
        await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload),
      ).toBe(true);

      const exit = await simulator.exited;
      expect({ exit, output: exit === 0 ? '' : simulator.output() }).toEqual({
        exit: 0,
        output: '',
      });
    } catch (error) {
      // What the simulator saw tells whether the traffic or the page is at fault.
      throw new Error(`${(error as Error).message}\nsimulator output:\n${simulator.output()}`);
    } finally {
      await stopSimulator(simulator);
    }

    // Traffic over: the page settles on what the API says at the same moment.
    let api: DashboardView = before;
    let shown: Record<string, number | null> = {};
    let apiFigures: Record<string, number | null> = {};
    await until(
      async () => {
        api = await dashboardOf(supervisor);
        apiFigures = {
          offered: api.today.offered,
          answered: api.today.answered,
          abandoned: api.today.abandoned,
          'calls-waiting': api.live.callsWaiting,
        };
        shown = {};
        for (const id of TILES) shown[id] = await tileValue(page, id);
        const states = await gridStates(page);
        const handled = await gridHandled(page);
        return (
          JSON.stringify(shown) === JSON.stringify(apiFigures) &&
          api.agents.every(
            (row) => states[row.userId] === row.status && handled[row.userId] === row.handledToday,
          )
        );
      },
      15_000,
      'the dashboard shows what GET /api/stats/dashboard answers',
    ).catch((error: unknown) => {
      throw new Error(
        `${(error as Error).message}: shown ${JSON.stringify(shown)}, API ${JSON.stringify(apiFigures)}`,
      );
    });
    expect(api.today.offered).toBeGreaterThan(before.today.offered);
    expect(await tileValue(page, 'service-level')).toBe(api.today.serviceLevelPercent);
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(
      true,
    );

    // The floor is left as it was found: nobody of Sales available, no call waiting.
    const admin = await apiToken(ADMIN_EMAIL, DEMO_PASSWORD);
    const people = await apiList<PresenceView>(
      admin,
      `presence?teamId=${before.teams[0]?.teamId ?? ''}`,
    );
    for (const person of people.filter((p) => p.status !== 'offline')) {
      await apiCall(admin, 'PUT', `presence/${person.userId}`, { status: 'offline' });
    }
    expect(api.live.callsWaiting).toBe(0);
  }, 200_000);
});
