import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';

/** "Me and my team" on the agent's call screen: a period picker, own figures beside the team. */
describe('agent figures beside the team (browser)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await context.close();
    await browser.close();
  });

  it('shows the last 7 days, then the period picked', async () => {
    await page.goto(consoleUrl('agent', 'sign-in'));
    // Read-only use of agent1 (shared): nothing is changed.
    await signIn(page, 'agent1@poscalls4u.test', DEMO_PASSWORD);
    // Drawn when it scrolls into view (below the fold on small screens).
    await page.getByTestId('my-figures-section').scrollIntoViewIfNeeded();
    const panel = page.getByTestId('my-figures');
    await panel.getByTestId('my-figures-row-handled').waitFor({ state: 'visible' });
    expect(await panel.locator('caption').innerText()).toContain('Last 7 days');
    const headers = await panel.locator('thead th').allInnerTexts();
    expect(headers).toEqual(['Figure', 'Me', 'Team average']);
    expect(await panel.locator('tbody tr').count()).toBe(7);

    await panel.getByTestId('my-figures-last-30-days').click();
    await panel.locator('caption', { hasText: 'Last 30 days' }).waitFor();
    await panel.getByTestId('my-figures-today').click();
    await panel.locator('caption', { hasText: 'Today' }).waitFor();
    expect(await panel.getByTestId('my-figures-row-handled').innerText()).toMatch(/Calls handled/);
  });
});
