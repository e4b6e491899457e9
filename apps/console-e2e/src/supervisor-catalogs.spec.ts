import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, textOf } from './support/browser';

describe('supervisor console: dispositions, break reasons and integrations', () => {
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

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(consoleUrl('supervisor', 'sign-in'));
    await signIn(page, 'admin@poscalls4u.test', DEMO_PASSWORD);
    await page.waitForURL(consoleUrl('supervisor'));
  });

  afterEach(async () => {
    await context.close();
  });

  /** The row of the code list whose code is `code`. */
  const codeRow = (code: string) =>
    page.getByTestId('code-row').filter({ has: page.getByText(code, { exact: true }) });

  it('adds, renames and retires a disposition; a bad code is explained at the field', async () => {
    const code = `e2e_${suffix}`;
    await page.getByTestId('nav-dispositions').click();
    await page.waitForURL(consoleUrl('supervisor', 'dispositions'));
    await page.getByTestId('code-row').first().waitFor({ state: 'visible' });

    await page.getByTestId('code-new-code').fill('Bad Code');
    await page.getByTestId('code-new-label').fill('Bad');
    await page.getByTestId('code-add').click();
    await page.getByText('2-40 lower-case letters').waitFor({ state: 'visible' });

    await page.getByTestId('code-new-code').fill(code);
    await page.getByTestId('code-new-label').fill('Escalated to billing');
    await page.getByTestId('code-new-success').click();
    await page.getByTestId('code-add').click();
    await codeRow(code).waitFor({ state: 'visible' });

    await codeRow(code).getByTestId('code-rename').click();
    await page.getByTestId('code-rename-input').fill('Sent to billing');
    await page.getByTestId('code-rename-save').click();
    await codeRow(code)
      .getByTestId('code-row-label')
      .filter({ hasText: 'Sent to billing' })
      .waitFor({ state: 'visible' });

    await codeRow(code).getByTestId('code-toggle-active').click();
    await page.getByTestId('confirm-ok').click();
    await codeRow(code).waitFor({ state: 'detached' });
    await page.getByTestId('codes-show-retired').click();
    expect((await codeRow(code).getByTestId('code-row-status').textContent())?.trim()).toBe(
      'Retired',
    );
  });

  it('adds a break reason; the system reasons cannot be changed', async () => {
    const code = `e2e_${suffix}`;
    await page.getByTestId('nav-break-reasons').click();
    await page.waitForURL(consoleUrl('supervisor', 'break-reasons'));
    await page.getByTestId('code-row').first().waitFor({ state: 'visible' });

    await page.getByTestId('code-new-code').fill(code);
    await page.getByTestId('code-new-label').fill('Coaching');
    await page.getByTestId('code-add').click();
    await codeRow(code).waitFor({ state: 'visible' });

    // A duplicate is refused with the API's reason.
    await page.getByTestId('code-new-code').fill(code);
    await page.getByTestId('code-new-label').fill('Coaching again');
    await page.getByTestId('code-add').click();
    expect(await textOf(page, 'codes-error')).toBe('A break reason with this code already exists.');

    const systemRow = page
      .getByTestId('code-row')
      .filter({ has: page.getByTestId('code-row-status').getByText('Set by the system') });
    expect(await systemRow.count()).toBeGreaterThan(0);
    expect(await systemRow.first().getByRole('button').count()).toBe(0);
  });

  it('registers a PBX, shows its secret once with a copy button, rotates it', async () => {
    const name = `PBX ${suffix}`;
    await page.getByTestId('nav-integrations').click();
    await page.waitForURL(consoleUrl('supervisor', 'integrations'));

    await page.getByTestId('integration-name').fill(name);
    await page.getByTestId('integration-webhook').fill('not a url');
    await page.getByTestId('integration-register').click();
    // The API's reason, at the top and beside the field.
    expect(await textOf(page, 'integrations-error')).toBe('webhookUrl must be an http(s) URL');
    const webhookField = page.locator('mat-form-field', {
      has: page.getByTestId('integration-webhook'),
    });
    expect((await webhookField.locator('mat-error').textContent())?.trim()).toBe(
      'webhookUrl must be an http(s) URL',
    );

    await page.getByTestId('integration-webhook').fill('https://pbx.example.com/hook');
    await page.getByTestId('integration-register').click();
    const first = await textOf(page, 'integration-secret');
    expect(first.length).toBeGreaterThan(20);
    await page.getByTestId('integration-secret-copy').click();
    expect(await textOf(page, 'integration-secret-copy')).toBe('Copied');
    await page.getByTestId('integration-secret-done').click();
    await page.getByTestId('integration-secret').waitFor({ state: 'detached' });

    const row = page.getByTestId('integration-row').filter({ hasText: name });
    await row.getByTestId('integration-rotate').click();
    await page.getByTestId('confirm-ok').click();
    const second = await textOf(page, 'integration-secret');
    expect(second).not.toBe(first);

    // Never shown again after a reload.
    await page.reload();
    await row.waitFor({ state: 'visible' });
    expect(await page.getByTestId('integration-secret').count()).toBe(0);

    await row.getByTestId('integration-toggle').click();
    await page.getByTestId('confirm-ok').click();
    await row
      .getByTestId('integration-row-status')
      .filter({ hasText: 'Deactivated' })
      .waitFor({ state: 'visible' });
  });
});
