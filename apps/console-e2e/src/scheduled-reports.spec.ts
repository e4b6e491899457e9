import { randomBytes } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { SCHEDULED_REPORTS_SUPERVISOR } from './support/demo-accounts';

describe('scheduled reports page (browser)', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, SCHEDULED_REPORTS_SUPERVISOR, DEMO_PASSWORD);
    await page.getByTestId('nav-profile').waitFor({ state: 'visible' });
  });
  afterAll(async () => {
    await context.close();
    await browser.close();
  });

  it('creates a weekly schedule with Material controls, sends it now and deletes it', async () => {
    const name = `Weekly Sales ${randomBytes(3).toString('hex')}`;
    await page.getByTestId('nav-scheduled-reports').click();
    await page.getByTestId('schedule-form').waitFor({ state: 'visible' });

    await page.getByTestId('schedule-name').fill(name);
    // Teams: a multiple select; the supervisor picks among their teams (Sales).
    await page.getByTestId('schedule-teams').click();
    await page.getByTestId('schedule-team-Sales').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('schedule-kind').click();
    await page.getByRole('option', { name: 'Team summary of the previous 7 days' }).click();
    // Recipients as chips: Enter adds one; a bad address is refused and left to correct.
    const recipients = page.getByTestId('schedule-recipient-input');
    await recipients.fill('leads@example.com');
    await recipients.press('Enter');
    await recipients.fill('not-an-address');
    await recipients.press('Enter');
    await page
      .getByTestId('schedules-message')
      .filter({ hasText: 'Not an email address' })
      .waitFor();
    await recipients.fill('ops@example.com');
    await recipients.press('Enter');
    await page.getByTestId('recipient-leads@example.com').waitFor();
    await page.getByTestId('recipient-ops@example.com').waitFor();

    await page.getByTestId('schedule-weekly').click();
    await page.getByTestId('schedule-weekday').click();
    await page.getByRole('option', { name: 'Friday' }).click();
    await page.getByTestId('schedule-time').fill('17:30');
    const zone = page.getByTestId('schedule-time-zone');
    await zone.fill('Europe/Par');
    await page.getByRole('option', { name: 'Europe/Paris' }).click();
    await page.getByTestId('schedule-save').click();

    await page
      .getByTestId('schedules-message')
      .filter({ hasText: `Saved "${name}"` })
      .waitFor();
    const item = page.getByTestId(`schedule-${name}`);
    await item.waitFor({ state: 'visible' });
    const text = await item.innerText();
    expect(text).toContain('Team summary of the previous 7 days');
    expect(text).toContain('Every Friday at 17:30 (Europe/Paris)');
    expect(text).toContain('Teams: Sales');
    expect(text).toContain('leads@example.com, ops@example.com');

    // Send now: the delivery is listed with its status.
    await item.getByTestId('schedule-send-now').click();
    await item.getByTestId('schedule-deliveries').waitFor({ state: 'visible' });
    expect(await item.getByTestId('schedule-deliveries').innerText()).toContain('Sent now');

    // Delete asks for a confirmation first.
    // (The label changes on the next render, so wait for it rather than read it at once.)
    await item.getByTestId('schedule-delete').click();
    await item.getByTestId('schedule-delete').filter({ hasText: 'Confirm delete' }).waitFor();
    await item.getByTestId('schedule-delete').click();
    await item.waitFor({ state: 'detached' });
  });
});
