import { Browser, BrowserContext, Page } from 'playwright-core';

import { AgentSkillsResult, TeamRoutingResult } from '@poscalls4u/contracts';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { SKILLS_ACCOUNTS } from './support/demo-accounts';
import { newVerifiedUser } from './support/fresh-user';
import { apiCall, apiToken } from './support/platform-api';

/** How wide the page is laid out, against the screen's width. */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** The data-testid of the element that has the keyboard focus. */
async function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

/**
 * A supervisor's skills screen: the catalogue, a team's required skills with their widening
 * steps, and an agent's skills and levels, on a phone's screen and driven mostly by keyboard;
 * then the same page on a wall-sized screen.
 */
describe('supervisor console: skills', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
  });

  afterEach(async () => {
    await context.close();
  });

  it("defines skills, sets a team's requirement and widening and an agent's levels", async () => {
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const agent = await newVerifiedUser(admin, {
      emailPrefix: SKILLS_ACCOUNTS.emailPrefix,
      name: `Skilled Agent ${suffix}`,
      role: 'agent',
      password: 'skills-e2e-Passphrase-1',
    });
    const teamName = `Skills ${suffix}`;
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: teamName,
    });
    await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });
    const spanish = `Spanish ${suffix}`;
    const billing = `Billing ${suffix}`;

    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    page = await context.newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
    await page.getByTestId('nav-skills').click();
    await page.waitForURL(consoleUrl('supervisor', 'skills'));
    await page.getByTestId('skills-team').waitFor({ state: 'visible' });

    // Two skills, typed and submitted from the keyboard.
    for (const [name, description] of [
      [spanish, 'Callers who chose Spanish'],
      [billing, ''],
    ] as const) {
      await page.getByTestId('skill-new-name').focus();
      await page.keyboard.type(name);
      await page.keyboard.press('Tab');
      await page.keyboard.type(description);
      await page.keyboard.press('Enter');
      await page.getByTestId('skill-row-name').filter({ hasText: name }).waitFor();
    }
    // A name taken is refused with the API's words.
    await page.getByTestId('skill-new-name').fill(spanish.toUpperCase());
    await page.getByTestId('skill-add').click();
    await page.getByTestId('skills-error').filter({ hasText: 'already exists' }).waitFor();

    // The team: Spanish at 4 or better, widening every 20 s.
    await page.getByTestId('skills-team').selectOption({ label: teamName });
    const required = page.getByTestId('team-required-skills');
    await required.getByTestId('skill-lines-empty').waitFor();
    await required.getByTestId('skill-line-add').focus();
    await page.keyboard.press('Enter');
    await required.getByTestId('skill-line').waitFor();
    // The new line's skill has the focus: the keyboard goes on from there.
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('data-testid') === 'skill-line-skill',
    );
    expect(await focusedTestId(page)).toBe('skill-line-skill');
    await required.getByTestId('skill-line-skill').selectOption({ label: spanish });
    await required.getByTestId('skill-line-level').selectOption('4');
    await page.getByTestId('team-widen-after').fill('20');
    expect(
      (await page.getByTestId('widening-step').allTextContents()).map((text) =>
        text.replace(/\s+/g, ' ').trim(),
      ),
    ).toEqual([
      `At first: ${spanish} 4 or better.`,
      `After 20 s: ${spanish} 3 or better.`,
      `After 40 s: ${spanish} 2 or better.`,
      `After 1 min: ${spanish} 1 or better.`,
      'After 1 min 20 s: any agent of the team.',
    ]);
    // Calls other teams transfer here wait at the back of the queue.
    expect(await page.getByTestId('team-transferred-calls').inputValue()).toBe('keep');
    await page.getByTestId('team-transferred-calls').selectOption('back');
    await page.getByTestId('team-routing-save').click();
    await page
      .getByTestId('skills-notice')
      .filter({ hasText: `${teamName}'s routing saved.` })
      .waitFor();
    const { routing } = await apiCall<TeamRoutingResult>(admin, 'GET', `skills/teams/${team.id}`);
    expect(routing.requiredSkills.map((item) => [item.name, item.minLevel])).toEqual([
      [spanish, 4],
    ]);
    expect(routing.widenAfterSeconds).toBe(20);
    expect(routing.transferredCalls).toBe('back');

    // The agent: Spanish 5 and Billing 2; a skill twice is refused before saving.
    const row = page.getByTestId(`skill-agent-${agent.id}`);
    await row.getByTestId('skill-agent-summary').filter({ hasText: 'No skills' }).waitFor();
    await row.getByTestId('skill-agent-edit').click();
    const editor = row.getByTestId('agent-skills-editor');
    await editor.getByTestId('skill-line-add').click();
    await editor.getByTestId('skill-line-add').click();
    const lines = editor.getByTestId('skill-line');
    await lines.nth(0).getByTestId('skill-line-skill').selectOption({ label: spanish });
    await lines.nth(1).getByTestId('skill-line-skill').selectOption({ label: spanish });
    await editor.getByTestId('skill-lines-problem').filter({ hasText: 'listed twice' }).waitFor();
    await lines.nth(0).getByTestId('skill-line-level').selectOption('5');
    await lines.nth(1).getByTestId('skill-line-skill').selectOption({ label: billing });
    await lines.nth(1).getByTestId('skill-line-level').selectOption('2');
    await editor.getByTestId('skill-lines-problem').waitFor({ state: 'detached' });
    await row.getByTestId('agent-skills-save').click();
    await row
      .getByTestId('skill-agent-summary')
      .filter({ hasText: `${billing} 2 · ${spanish} 5` })
      .waitFor();
    const { agent: stored } = await apiCall<AgentSkillsResult>(
      admin,
      'GET',
      `skills/agents/${agent.id}`,
    );
    expect(stored.skills.map((item) => [item.name, item.level])).toEqual([
      [billing, 2],
      [spanish, 5],
    ]);
    expect(await pageWidth(page)).toBe(390);

    // On a wall-sized screen, after a reload, the same settings read back.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.reload();
    await page.getByTestId('skills-team').selectOption({ label: teamName });
    await row
      .getByTestId('skill-agent-summary')
      .filter({ hasText: `${billing} 2 · ${spanish} 5` })
      .waitFor();
    expect(await page.getByTestId('team-widen-after').inputValue()).toBe('20');
    expect(await page.getByTestId('team-transferred-calls').inputValue()).toBe('back');
    expect(await pageWidth(page)).toBe(1920);

    // Deleting a skill takes it from the agent (the page reads the team again).
    for (const name of [billing, spanish]) {
      await page
        .getByTestId('skill-row')
        .filter({ hasText: name })
        .getByTestId('skill-delete')
        .click();
      await page.getByTestId('confirm-ok').click();
      await page.getByTestId('skill-row-name').filter({ hasText: name }).waitFor({
        state: 'detached',
      });
    }
    await row.getByTestId('skill-agent-summary').filter({ hasText: 'No skills' }).waitFor();
    await required.getByTestId('skill-lines-empty').waitFor();
  });
});
