import { randomBytes, randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { DEMO_PASSWORD, consoleUrl, launchChromium, signIn } from './support/browser';
import { CHAT_BADGE_ACCOUNTS } from './support/demo-accounts';
import { newVerifiedUser } from './support/fresh-user';
import { apiCall, apiList, apiToken } from './support/platform-api';

const PASSWORD = 'chat-badge-e2e-Passphrase-1';

const b64u = (bytes: number) => randomBytes(bytes).toString('base64url');

/**
 * A chat device registered through the API, as a console would register its own. The server
 * checks the shape of keys and ciphertext, never their content: the badge counts messages, not
 * what they say, so no browser needs to decrypt anything here.
 */
async function chatDevice(token: string): Promise<string> {
  await apiCall(token, 'PUT', 'chat/identity', { identityKey: b64u(32) });
  const deviceId = randomUUID();
  await apiCall(token, 'POST', 'chat/devices', {
    deviceId,
    signingKey: b64u(32),
    encryptionKey: b64u(32),
    signature: b64u(64),
  });
  return deviceId;
}

/** Posts one (opaque) message to a room; answers its id. */
async function post(token: string, deviceId: string, roomId: string, counter: number) {
  const { message } = await apiCall<{ message: { id: string } }>(
    token,
    'POST',
    `chat/rooms/${roomId}/messages`,
    {
      clientMessageId: randomUUID(),
      senderDeviceId: deviceId,
      sessionId: b64u(16),
      counter,
      ciphertext: b64u(80),
      signature: b64u(64),
    },
  );
  return message.id;
}

/**
 * The Chat entry of both consoles' navigation shows the unread total on every page: it appears
 * live when someone else writes, stays after a reload, and goes when the room is read.
 */
describe('chat unread badge in the navigation', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let agent: { id: string; email: string; token: string };
  let supervisor: { id: string; email: string; token: string };
  let agentDevice: string;
  let supervisorDevice: string;
  let roomId: string;

  async function signedIn(
    consoleName: 'agent' | 'supervisor',
    email: string,
    route: string,
  ): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(consoleUrl(consoleName, 'sign-in'));
    await signIn(page, email, PASSWORD);
    await page.waitForURL(consoleUrl(consoleName));
    await page.getByTestId('nav-profile').click();
    await page.waitForURL(consoleUrl(consoleName, route));
    return page;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    const admin = await apiToken('admin@poscalls4u.test', DEMO_PASSWORD);
    const options = { emailPrefix: CHAT_BADGE_ACCOUNTS.emailPrefix, password: PASSWORD };
    supervisor = await newVerifiedUser(admin, {
      ...options,
      name: 'Badge Supervisor',
      role: 'supervisor',
    });
    agent = await newVerifiedUser(admin, { ...options, name: 'Badge Agent', role: 'agent' });
    const { team } = await apiCall<{ team: { id: string } }>(admin, 'POST', 'teams', {
      name: `Badge ${Date.now().toString(36)}`,
    });
    await apiCall(admin, 'POST', `teams/${team.id}/members`, {
      userId: supervisor.id,
      role: 'supervisor',
    });
    await apiCall(admin, 'POST', `teams/${team.id}/members`, { userId: agent.id, role: 'agent' });
    agentDevice = await chatDevice(agent.token);
    supervisorDevice = await chatDevice(supervisor.token);
    const rooms = await apiList<{ id: string; teamId: string | null }>(
      supervisor.token,
      'chat/rooms',
    );
    roomId = rooms.find((room) => room.teamId === team.id)?.id ?? '';
    expect(roomId).not.toBe('');
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser.close();
  });

  it('shows an agent the messages of others on another page, after a reload, until read', async () => {
    const page = await signedIn('agent', agent.email, 'profile');
    const chat = page.getByTestId('nav-chat');
    expect(await page.getByTestId('nav-chat-badge').count()).toBe(0);

    await post(supervisor.token, supervisorDevice, roomId, 0);
    await page.getByTestId('nav-chat-badge').filter({ hasText: '1' }).waitFor();
    expect(await chat.getAttribute('aria-label')).toBe('Chat, 1 unread');
    const newest = await post(supervisor.token, supervisorDevice, roomId, 1);
    await page.getByTestId('nav-chat-badge').filter({ hasText: '2' }).waitFor();
    expect(await chat.getAttribute('aria-label')).toBe('Chat, 2 unread');

    await page.reload();
    await page.getByTestId('nav-chat-badge').filter({ hasText: '2' }).waitFor();

    // Read elsewhere (another device of the agent): the badge goes here too.
    await apiCall(agent.token, 'POST', `chat/rooms/${roomId}/read`, { messageId: newest });
    await page.getByTestId('nav-chat-badge').waitFor({ state: 'detached' });
    expect(await chat.getAttribute('aria-label')).toBeNull();
  });

  it('shows a supervisor a message of their agent on another page', async () => {
    const page = await signedIn('supervisor', supervisor.email, 'profile');
    expect(await page.getByTestId('nav-chat-badge').count()).toBe(0);
    await post(agent.token, agentDevice, roomId, 0);
    await page.getByTestId('nav-chat-badge').filter({ hasText: '1' }).waitFor();
    expect(await page.getByTestId('nav-chat').getAttribute('aria-label')).toBe('Chat, 1 unread');
  });
});
