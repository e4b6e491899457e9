import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';
import { TEAM_STAFFING_AGENTS } from './support/demo-accounts';

/** Picks the person whose email starts with `email` in the member search. */
async function addMember(page: Page, email: string, role: 'Agent' | 'Supervisor'): Promise<void> {
  await page.getByTestId('member-search').fill(email);
  await page.getByTestId('member-candidate').filter({ hasText: email }).click();
  await page.getByTestId('member-role').click();
  await page.getByRole('option', { name: role, exact: true }).click();
  await page.getByTestId('member-add').click();
}

describe('supervisor console: teams', () => {
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

  it('creates a team and staffs it from the console, within its maxMembers', async () => {
    const [first, second] = TEAM_STAFFING_AGENTS;
    const name = `Escalations ${Date.now().toString(36)}`;

    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    await page.getByTestId('nav-teams').click();
    await page.waitForURL(consoleUrl('supervisor', 'teams'));
    await page.getByTestId('team-row').first().waitFor({ state: 'visible' });

    await page.getByTestId('team-new').click();
    await page.getByTestId('team-name').fill(name);
    await page.getByTestId('team-description').fill('Calls the first line could not settle');
    await page.getByTestId('team-max-members').fill('1');
    await page.getByTestId('team-sl-percent').fill('90');
    await page.getByTestId('team-sl-seconds').fill('30');
    await page.getByTestId('team-create-save').click();

    await page.waitForURL(/\/supervisor\/teams\/[0-9a-f-]{36}$/);
    expect(await textOf(page, 'team-title')).toBe(name);
    expect(await page.getByTestId('team-security-profile').getAttribute('href')).toMatch(
      /\/teams\/[0-9a-f-]{36}\/security-profile$/,
    );
    await page.getByTestId('members-empty').waitFor({ state: 'visible' });

    await addMember(page, first, 'Agent');
    expect(await textOf(page, 'team-notice')).toContain('joined');
    expect(await page.getByTestId('member-row').count()).toBe(1);
    expect(await textOf(page, 'member-row-role')).toBe('Agent');

    // maxMembers is 1: the API's reason is shown.
    await addMember(page, second, 'Agent');
    expect(await textOf(page, 'team-error')).toBe('The team is full (1 members).');

    // Raise the limit, then the second agent fits.
    await page.getByTestId('team-max-members').fill('5');
    await page.getByTestId('team-save').click();
    expect(await textOf(page, 'team-notice')).toBe('Settings saved.');
    await addMember(page, second, 'Agent');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="member-row"]').length === 2,
    );

    // Remove one, after confirming.
    await page.getByTestId('member-remove').first().click();
    await page.getByTestId('confirm-ok').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="member-row"]').length === 1,
    );

    // The list finds the team by name and shows its staffing.
    await page.getByTestId('team-back').click();
    await page.getByTestId('teams-search').fill(name);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="team-row"]').length === 1,
    );
    expect(await textOf(page, 'team-row-members')).toBe('1 / 5');

    // Archive, after confirming: the team leaves the list.
    await page.getByTestId('team-row-name').getByRole('link').click();
    await page.getByTestId('team-archive').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('team-archived').waitFor({ state: 'visible' });
    expect(await page.getByTestId('member-add').count()).toBe(0);
  });
});
