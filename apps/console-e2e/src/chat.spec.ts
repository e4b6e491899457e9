import { Browser, BrowserContext, Page } from 'playwright-core';

import { DispositionView, IntegrationWithSecretResult } from '@poscalls4u/contracts';

import { choose, onlyAgentAvailable, teamOf } from './support/agent-floor';
import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { CHAT_ACCOUNTS } from './support/demo-accounts';
import {
  apiCall,
  apiList,
  apiToken,
  postCallEvents,
  queuedCallEvent,
} from './support/platform-api';

const ADMIN_EMAIL = 'admin@poscalls4u.test';
const CALLER = '+15550177';
const AGENT_PASSPHRASE = 'agent chat passphrase';
const SUPERVISOR_PASSPHRASE = 'supervisor chat passphrase';

/** Argon2id runs in the browser three times here (two set-ups and a restore). */
jest.setTimeout(240_000);

async function openChat(
  browser: Browser,
  console: 'agent' | 'supervisor',
  email: string,
  viewport?: { width: number; height: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await page.goto(consoleUrl(console, 'sign-in'));
  await signIn(page, email, DEMO_PASSWORD);
  await page.waitForURL(consoleUrl(console));
  if (viewport) {
    // At a phone's width the navigation folds into a menu: go to the page directly.
    await page.goto(consoleUrl(console, 'chat'));
  } else {
    await page.getByTestId('nav-chat').click();
  }
  return { context, page };
}

async function setUpChat(page: Page, passphrase: string): Promise<void> {
  await page.getByTestId('chat-setup').waitFor();
  expect(await page.getByTestId('chat-setup').textContent()).toContain('Nobody can recover it');
  await page.getByTestId('chat-new-passphrase').fill(passphrase);
  await page.getByTestId('chat-confirm-passphrase').fill(passphrase);
  await page.getByTestId('chat-setup-submit').click();
  await page.getByTestId('chat-rooms').waitFor();
}

async function openRoom(page: Page, kind: 'team' | 'direct'): Promise<void> {
  await page.getByTestId(`chat-room-${kind}`).first().click();
  await page.getByTestId('chat-composer').waitFor();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('chat-composer').fill(text);
  await page.getByTestId('chat-composer').press('Enter');
  await page
    .getByTestId('chat-message')
    .filter({ hasText: text })
    .getByTestId('chat-delivery')
    .filter({ hasText: /Sent|Read/ })
    .waitFor()
    .catch(async (error: unknown) => {
      const shown = await page.getByTestId('chat-error').allTextContents();
      throw new Error(`"${text}" was not sent (${shown.join(' ')}): ${String(error)}`);
    });
}

async function sees(page: Page, text: string): Promise<void> {
  await page
    .getByTestId('chat-message-text')
    .filter({ hasText: text })
    .waitFor()
    .catch(async (error: unknown) => {
      const shown = await page.getByTestId('chat-messages').allTextContents();
      const errors = await page.getByTestId('chat-error').allTextContents();
      throw new Error(
        `"${text}" not shown; the page shows ${shown.join(' ')} ${errors.join(' ')}: ${String(error)}`,
      );
    });
}

describe('end-to-end encrypted chat', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser.close();
  });

  it('an agent and a supervisor talk in their team room and a DM; a new browser restores the whole history', async () => {
    const agentToken = await apiToken(CHAT_ACCOUNTS.agent, DEMO_PASSWORD);
    const { user: agentUser } = await apiCall<{ user: { id: string; name: string } }>(
      agentToken,
      'GET',
      'auth/profile',
    );

    const agent = await openChat(browser, 'agent', CHAT_ACCOUNTS.agent);
    const supervisor = await openChat(browser, 'supervisor', CHAT_ACCOUNTS.supervisor);
    contexts.push(agent.context, supervisor.context);
    await setUpChat(agent.page, AGENT_PASSPHRASE);
    await setUpChat(supervisor.page, SUPERVISOR_PASSPHRASE);

    // The team room (Support): both ways, decrypted live.
    await openRoom(agent.page, 'team');
    await openRoom(supervisor.page, 'team');
    await send(agent.page, 'Hello team, agent here');
    await sees(supervisor.page, 'Hello team, agent here');
    await send(supervisor.page, 'Welcome, supervisor here');
    await sees(agent.page, 'Welcome, supervisor here');

    // The supervisor's agent grid opens the direct conversation with the agent.
    await supervisor.page.getByTestId('nav-home').click();
    await supervisor.page
      .getByTestId(`agent-row-${agentUser.id}`)
      .getByTestId('agent-actions')
      .click();
    await supervisor.page.getByTestId('agent-message').click();
    await supervisor.page
      .getByTestId('chat-room-title')
      .filter({ hasText: agentUser.name })
      .waitFor();
    await supervisor.page.getByTestId('chat-composer').waitFor();
    await send(supervisor.page, 'A private word, just for you');
    await agent.page.getByTestId('chat-room-direct').first().click();
    await sees(agent.page, 'A private word, just for you');
    await send(agent.page, 'Thanks, got it');
    await sees(supervisor.page, 'Thanks, got it');

    // Edit and delete your own: the other side sees the new text marked edited, and a tombstone.
    const thanks = agent.page.getByTestId('chat-message').filter({ hasText: 'Thanks, got it' });
    await thanks.getByTestId('chat-edit').click();
    await agent.page.getByTestId('chat-edit-text').fill('Thanks, got it all');
    await agent.page.getByTestId('chat-edit-save').click();
    await sees(supervisor.page, 'Thanks, got it all');
    await supervisor.page
      .getByTestId('chat-message')
      .filter({ hasText: 'Thanks, got it all' })
      .getByTestId('chat-edited')
      .waitFor();
    await send(agent.page, 'A typo to delete');
    await sees(supervisor.page, 'A typo to delete');
    await agent.page
      .getByTestId('chat-message')
      .filter({ hasText: 'A typo to delete' })
      .getByTestId('chat-delete')
      .click();
    await supervisor.page.getByTestId('chat-deleted').waitFor();
    expect(
      await supervisor.page.getByTestId('chat-message-text').filter({ hasText: 'A typo' }).count(),
    ).toBe(0);

    // The counter and Shift+Enter: a new line, not a send.
    await agent.page.getByTestId('chat-composer').fill('two');
    await agent.page.getByTestId('chat-composer').press('Shift+Enter');
    await agent.page.getByTestId('chat-count').filter({ hasText: '4 / 4000' }).waitFor();
    expect(await agent.page.getByTestId('chat-composer').inputValue()).toBe('two\n');
    await agent.page.getByTestId('chat-composer').fill('');

    // The agent's backup holds every session received before the next browser restores it.
    await agent.page
      .locator('[data-testid="chat-backup-state"][data-state="saved"]')
      .waitFor({ timeout: 30_000 });

    // A fresh browser: sign in as the agent, restore with the passphrase, read everything.
    // (At a phone's width: the conversation list and the conversation take turns.)
    const fresh = await openChat(browser, 'agent', CHAT_ACCOUNTS.agent, {
      width: 390,
      height: 844,
    });
    contexts.push(fresh.context);
    await fresh.page.getByTestId('chat-restore').waitFor();
    await fresh.page.getByTestId('chat-restore-passphrase').fill('not the passphrase');
    await fresh.page.getByTestId('chat-restore-submit').click();
    await fresh.page.getByTestId('chat-error').filter({ hasText: 'does not open' }).waitFor();
    await fresh.page.getByTestId('chat-restore-passphrase').fill(AGENT_PASSPHRASE);
    await fresh.page.getByTestId('chat-restore-submit').click();
    // Once restored the page opens the first conversation; at this width the list waits behind
    // "Conversations" (it shows only for a moment before, too short to wait for).
    await fresh.page.getByTestId('chat-back').waitFor();

    await fresh.page.getByTestId('chat-back').click();
    await openRoom(fresh.page, 'team');
    await sees(fresh.page, 'Hello team, agent here');
    await sees(fresh.page, 'Welcome, supervisor here');
    await fresh.page.getByTestId('chat-back').click();
    await openRoom(fresh.page, 'direct');
    await sees(fresh.page, 'A private word, just for you');
    await sees(fresh.page, 'Thanks, got it all');
    await fresh.page.getByTestId('chat-deleted').waitFor();
    expect(await fresh.page.getByTestId('chat-undecryptable').count()).toBe(0);

    // The supervisor's next message reaches the new device too.
    await send(supervisor.page, 'See you on the new browser');
    await sees(fresh.page, 'See you on the new browser');

    // "Ask a supervisor" from a live call: the supervisor gets the question and the call.
    const admin = await apiToken(ADMIN_EMAIL, DEMO_PASSWORD);
    const team = await teamOf(admin, CHAT_ACCOUNTS.agent);
    await onlyAgentAvailable(admin, team, CHAT_ACCOUNTS.agent);
    const { integration } = await apiCall<IntegrationWithSecretResult>(
      admin,
      'POST',
      'integrations',
      { name: `Chat E2E PBX ${String(Date.now())}` },
    );
    await agent.page.getByTestId('nav-calls').click();
    await agent.page.getByTestId('no-call').waitFor();
    await choose(agent.page, 'status-select', 'status-option-available');
    await agent.page.getByTestId('status-current').filter({ hasText: 'Available' }).waitFor();
    await postCallEvents(integration, queuedCallEvent(team.id, CALLER));
    await agent.page.getByTestId('offer-panel').waitFor();
    await agent.page.keyboard.press('Enter');
    await agent.page.getByTestId('live-call').waitFor();
    await agent.page.getByTestId('ask-supervisor').click();
    await agent.page.getByTestId('chat-callref').waitFor();
    await agent.page.getByTestId('chat-send').click();
    await agent.page.getByTestId('chat-callref').waitFor({ state: 'detached' });

    await supervisor.page.getByTestId('chat-room-ask_supervisor').first().click();
    await sees(supervisor.page, 'Could a supervisor help me with this call?');
    await supervisor.page.getByTestId('chat-call-link').click();
    expect(await supervisor.page.getByTestId('chat-call').textContent()).toContain(CALLER);

    // Leave the agent free again for the suites that route calls to them.
    await agent.page.getByTestId('nav-calls').click();
    await agent.page.getByTestId('end-call').click();
    const [disposition] = await apiList<DispositionView>(admin, 'dispositions');
    await agent.page.getByTestId('wrap-up-form').waitFor();
    await choose(
      agent.page,
      'wrap-up-disposition',
      `disposition-option-${disposition?.code ?? ''}`,
    );
    await agent.page.getByTestId('wrap-up-submit').click();
    await agent.page.getByTestId('no-call').waitFor();
  });
});
