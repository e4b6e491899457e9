import { readFileSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';

const SUPERVISOR_EMAIL = 'supervisor1@poscalls4u.test';

/** Types a number into one of the calculator's fields (empty clears it). */
async function fill(page: Page, field: string, value: string): Promise<void> {
  await page.getByTestId(`staffing-${field}`).fill(value);
}

describe('workforce pages (browser)', () => {
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
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, SUPERVISOR_EMAIL, DEMO_PASSWORD);
    await page.getByTestId('nav-profile').waitFor({ state: 'visible' });
  });
  afterEach(async () => {
    await context.close();
  });

  it('computes the worked example: 14 agents, and the table around them', async () => {
    await page.getByTestId('nav-staffing').click();
    await fill(page, 'callsPerInterval', '100');
    await fill(page, 'intervalMinutes', '30');
    await fill(page, 'ahtSeconds', '180');
    await fill(page, 'serviceLevelTarget', '80');
    await fill(page, 'targetAnswerSeconds', '20');
    await fill(page, 'shrinkage', '30');
    await page.getByTestId('staffing-calculate').click();

    expect(await textOf(page, 'staffing-agents')).toBe('14');
    expect(await textOf(page, 'staffing-scheduled')).toBe('20');
    expect(await textOf(page, 'staffing-service-level')).toBe('88.8 %');
    expect(await textOf(page, 'staffing-asa')).toBe('7.8 s');
    const rows = await page.$$eval('[data-testid^="staffing-row-"]', (cells) =>
      cells.map((row) => row.getAttribute('data-testid')),
    );
    expect(rows).toEqual([12, 13, 14, 15, 16, 17].map((n) => `staffing-row-${String(n)}`));
    expect(await textOf(page, 'staffing-row-14')).toContain('(needed)');
  });

  it("shows the API's refusal at the field it is about", async () => {
    await page.goto(consoleUrl('supervisor', 'staffing'));
    await fill(page, 'serviceLevelTarget', '100');
    await page.getByTestId('staffing-calculate').click();
    expect(await textOf(page, 'staffing-error-serviceLevelTarget')).toContain('below 100 %');
    expect(await page.getByTestId('staffing-answer').count()).toBe(0);

    // Corrected, the answer comes, with Erlang A when a patience is given.
    await fill(page, 'serviceLevelTarget', '80');
    await fill(page, 'averagePatienceSeconds', '60');
    await page.getByTestId('staffing-calculate').click();
    const agents = Number(await textOf(page, 'staffing-agents'));
    expect(agents).toBeLessThanOrEqual(14);
    expect(await textOf(page, 'staffing-answer')).toContain('Erlang A');
  });

  it('compares the teams: chart, sortable table and CSV', async () => {
    await page.getByTestId('nav-compare').click();
    // The supervisor's teams are ticked: the demo supervisor1 supervises Support.
    await page.getByTestId('compare-pick-Support').waitFor({ state: 'visible' });
    await page.getByTestId('compare-show').click();
    await page.getByTestId('compare-row-Support').waitFor({ state: 'visible' });
    await page.getByTestId('comparison-chart').waitFor({ state: 'visible' });
    expect(await page.$$eval('[data-testid^="compare-row-"]', (rows) => rows.length)).toBe(1);
    // A team alone is first in every KPI it has a value for.
    const offered = await textOf(page, 'compare-offered');
    expect(offered === '—' || offered.includes('#1')).toBe(true);
    await page.getByTestId('compare-sort-ahtSeconds').click();
    await page.getByTestId('compare-group-seconds').click();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('compare-export').click(),
    ]);
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^team_id,team,offered,offered_rank,offered_vs_average,/);
    expect(lines[1]).toContain(',Support,');
    expect(lines[2]).toMatch(/^,Average,/);
  });

  it('plans a past day: chart, 30-minute table, forecast error and CSV', async () => {
    await page.getByTestId('nav-forecast').click();
    await page.getByTestId('forecast-team').selectOption({ label: 'Support' });
    // Two days ago: a day that is over, so its actual calls and the forecast error are shown.
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('forecast-date').fill(day);
    await page.getByTestId('forecast-interval').selectOption({ label: '30 minutes' });
    await page.getByTestId('forecast-show').click();
    await page.getByTestId('forecast-chart').waitFor({ state: 'visible' });
    await page.getByTestId('forecast-table').waitFor({ state: 'visible' });
    // A day without a clock change in the demo's zone: 48 half hours, from 00:00 to 23:30.
    const rows = await page.$$eval('[data-testid^="forecast-row-"]', (cells) =>
      cells.map((row) => row.getAttribute('data-testid')),
    );
    expect(rows).toHaveLength(48);
    expect(rows[0]).toBe('forecast-row-00:00');
    expect(rows.at(-1)).toBe('forecast-row-23:30');
    await page.getByTestId('forecast-mape').waitFor({ state: 'visible' });
    expect(await textOf(page, 'forecast-wape')).toMatch(/^(—|\d+(\.\d+)? %)$/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('forecast-export').click(),
    ]);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'team,start,end,forecast_arrivals,forecast_aht_seconds,required_agents,scheduled_agents,actual_arrivals,actual_aht_seconds',
    );
    expect(lines).toHaveLength(49);
    expect(lines[1]).toMatch(new RegExp(`^Support,${day}T00:00`));
  });
});
