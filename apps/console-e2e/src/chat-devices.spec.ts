import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn, uniqueEmail } from './support/browser';
import { CHAT_DEVICES_ACCOUNTS } from './support/demo-accounts';
import { waitForLink } from './support/mail';
import { baseUrl } from './support/platform';
import { apiCall, apiToken } from './support/platform-api';

const PASSWORD = 'chat-devices-e2e-Passphrase-1';
const DANA_PASSPHRASE = 'dana chat passphrase';
const ELI_PASSPHRASE = 'eli chat passphrase';

/** Argon2id runs in the browser three times (two set-ups and a restore). */
jest.setTimeout(300_000);

/** A new, verified agent (no demo account is disturbed). */
async function newAgent(name: string): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(CHAT_DEVICES_ACCOUNTS.emailPrefix);
  const since = Date.now();
  const registered = await fetch(`${baseUrl()}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, email, password: PASSWORD }),
  });
  expect(registered.status).toBe(201);
  const link = new URL(await waitForLink(email, '/verify-email?token=', since));
  const verified = await fetch(`${baseUrl()}/api/auth/verify-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: link.searchParams.get('token') }),
  });
  expect(verified.status).toBe(200);
  const token = await apiToken(email, PASSWORD);
  const { user } = await apiCall<{ user: { id: string } }>(token, 'GET', 'auth/profile');
  return { id: user.id, email };
}

/**
 * A browser whose desktop notifications are allowed and recorded (title and text): a headless
 * browser shows none the test could see.
 */
async function newBrowserContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: baseUrl() });
  await context.addInitScript(() => {
    const state = window as unknown as { notified: string[] };
    state.notified = [];
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        state.notified.push(`${title} | ${options?.body ?? ''}`);
      }
    }
    Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
    window.Notification = Recording as typeof Notification;
  });
  return context;
}

async function openChat(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(consoleUrl('agent', 'sign-in'));
  await signIn(page, email, PASSWORD);
  await page.waitForURL(consoleUrl('agent'));
  await page.getByTestId('nav-chat').click();
  return page;
}

async function setUpChat(page: Page, passphrase: string): Promise<void> {
  await page.getByTestId('chat-setup').waitFor();
  await page.getByTestId('chat-new-passphrase').fill(passphrase);
  await page.getByTestId('chat-confirm-passphrase').fill(passphrase);
  await page.getByTestId('chat-setup-submit').click();
  await page.getByTestId('chat-rooms').waitFor();
}

async function openTeamRoom(page: Page): Promise<void> {
  await page.getByTestId('chat-room-team').first().click();
  await page.getByTestId('chat-composer').waitFor();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('chat-composer').fill(text);
  await page.getByTestId('chat-composer').press('Enter');
  await delivery(page, text, /Sent|Read/);
}

function delivery(page: Page, text: string, state: RegExp): Promise<void> {
  return page
    .getByTestId('chat-message')
    .filter({ hasText: text })
    .getByTestId('chat-delivery')
    .filter({ hasText: state })
    .waitFor();
}

/**
 * Two agents of a new team: read markers are right from the first load, a message reaches the
 * other as a desktop notification (decrypted in the browser) while they are on another page, and
 * an agent revokes the chat of another browser of theirs.
 */
describe('chat: read markers, desktop notifications on every page, revoking devices', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser.close();
  });

  it('works across two agents and a second browser', async () => {
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const dana = await newAgent('Dana Devices');
    const eli = await newAgent('Eli Devices');
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: `Chat devices ${Date.now()}`,
    });
    for (const agent of [dana, eli])
      await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });

    const danaContext = await newBrowserContext(browser);
    const eliContext = await newBrowserContext(browser);
    contexts.push(danaContext, eliContext);
    const danaPage = await openChat(danaContext, dana.email);
    const eliPage = await openChat(eliContext, eli.email);
    await setUpChat(danaPage, DANA_PASSPHRASE);
    await setUpChat(eliPage, ELI_PASSPHRASE);

    // Read markers: Dana reads Eli's message; Eli, opening the room anew, sees "Read" at once.
    await openTeamRoom(eliPage);
    await send(eliPage, 'Morning Dana, are you in?');
    await openTeamRoom(danaPage);
    await danaPage
      .getByTestId('chat-message-text')
      .filter({ hasText: 'Morning Dana, are you in?' })
      .waitFor();
    await delivery(eliPage, 'Morning Dana, are you in?', /Read/);
    await eliPage.reload();
    await openTeamRoom(eliPage);
    await delivery(eliPage, 'Morning Dana, are you in?', /Read/);

    // Dana goes to her profile: a message now shows as a desktop notification, decrypted.
    await danaPage.getByTestId('nav-profile').click();
    await danaPage.waitForURL(consoleUrl('agent', 'profile'));
    await send(eliPage, 'Call me when you are free');
    await danaPage.waitForFunction(
      () =>
        (window as unknown as { notified: string[] }).notified.some((line) =>
          line.includes('Call me when you are free'),
        ),
      undefined,
      { timeout: 30_000 },
    );
    const notified = await danaPage.evaluate(
      () => (window as unknown as { notified: string[] }).notified,
    );
    expect(notified.find((line) => line.includes('Call me when you are free'))).toMatch(
      /^Eli Devices · .+ \| Call me when you are free$/,
    );

    // A second browser of Dana's restores her keys; the first revokes it.
    await danaPage.getByTestId('nav-chat').click();
    await danaPage
      .locator('[data-testid="chat-backup-state"][data-state="saved"]')
      .waitFor({ timeout: 30_000 });
    const laptop = await browser.newContext();
    contexts.push(laptop);
    const laptopPage = await openChat(laptop, dana.email);
    await laptopPage.getByTestId('chat-restore').waitFor();
    await laptopPage.getByTestId('chat-restore-passphrase').fill(DANA_PASSPHRASE);
    await laptopPage.getByTestId('chat-restore-submit').click();
    await laptopPage.getByTestId('chat-rooms').waitFor();

    await danaPage.getByTestId('chat-devices-toggle').click();
    await danaPage.getByTestId('chat-device').nth(1).waitFor();
    expect(await danaPage.getByTestId('chat-device').count()).toBe(2);
    await danaPage.getByTestId('chat-device-this').waitFor();
    await danaPage.getByTestId('chat-devices-revoke-others').click();
    await danaPage.getByTestId('chat-devices-only').waitFor();
    expect(await danaPage.getByTestId('chat-device').count()).toBe(1);

    // The revoked browser's keys are dead: chat asks for the passphrase again.
    await laptopPage.reload();
    await laptopPage.getByTestId('chat-restore').waitFor();
  });
});
