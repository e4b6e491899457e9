import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import type { ChatRoomDetailView, ChatRoomView } from '@poscalls4u/contracts';

import { ChatNotifier } from '../chat-notifier';
import { type ChatEntry, type ChatSetup, ChatStore } from '../chat-store';
import { ChatPage } from './chat.page';

const room: ChatRoomDetailView = {
  id: 'r1',
  kind: 'team',
  title: 'Support',
  teamId: 't1',
  memberIds: ['me', 'sam'],
  unread: 0,
  lastActivityAt: '2026-12-07T09:00:00.000Z',
  createdAt: '2026-12-07T08:00:00.000Z',
  archivedAt: null,
  members: [
    {
      userId: 'me',
      name: 'Ada',
      joinedAt: '2026-12-07T08:00:00.000Z',
      leftAt: null,
      readMessageId: null,
    },
    {
      userId: 'sam',
      name: 'Sam',
      joinedAt: '2026-12-07T08:00:00.000Z',
      leftAt: null,
      readMessageId: null,
    },
  ],
};

function entry(overrides: Partial<ChatEntry>): ChatEntry {
  return {
    id: 'm1',
    clientMessageId: 'c1',
    senderUserId: 'sam',
    senderName: 'Sam',
    mine: false,
    createdAt: '2026-12-07T09:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    delivery: 'sent',
    opened: { state: 'ok', plaintext: { v: 1, type: 'text', text: 'hello' } },
    raw: null,
    ...overrides,
  };
}

/** The store's signals, with the actions the page calls recorded. */
function fakeStore() {
  return {
    setup: signal<ChatSetup>({ step: 'ready' }),
    busy: signal(false),
    error: signal<string | null>(null),
    rooms: signal<ChatRoomView[]>([{ ...room, unread: 3 }]),
    activeRoom: signal<ChatRoomDetailView | null>(room),
    entries: signal<ChatEntry[]>([]),
    olderCursor: signal<string | null>(null),
    warnings: signal<string[]>([]),
    callRef: signal<{ callId: string } | null>(null),
    draft: signal(''),
    backupState: signal<'pending' | 'saved'>('saved'),
    maxLength: 4000,
    myId: 'me',
    open: jest.fn(async () => undefined),
    close: jest.fn(),
    send: jest.fn(async () => true),
    openDirect: jest.fn(async () => undefined),
    isVerified: () => false,
  };
}

describe('ChatPage', () => {
  let store: ReturnType<typeof fakeStore>;

  async function render() {
    store = fakeStore();
    TestBed.configureTestingModule({
      imports: [ChatPage],
      providers: [
        provideRouter([]),
        { provide: ChatStore, useValue: store },
        { provide: ChatNotifier, useValue: { permission: signal('granted'), ask: jest.fn() } },
      ],
    });
    const fixture = TestBed.createComponent(ChatPage);
    await fixture.whenStable();
    return fixture;
  }

  const byTestId = (root: HTMLElement, id: string) =>
    root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  it('sends on Enter, not on Shift+Enter, and counts the characters', async () => {
    const fixture = await render();
    const element = fixture.nativeElement as HTMLElement;
    const composer = byTestId(element, 'chat-composer') as HTMLTextAreaElement;
    expect(composer.labels?.[0]?.textContent).toContain('Message Support');

    store.draft.set('first line');
    await fixture.whenStable();
    expect(byTestId(element, 'chat-count')?.textContent).toContain('10 / 4000');
    composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true }));
    expect(store.send).not.toHaveBeenCalled();
    composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(store.send).toHaveBeenCalledWith('first line');
  });

  it('refuses more than 4,000 characters', async () => {
    const fixture = await render();
    const element = fixture.nativeElement as HTMLElement;
    store.draft.set('x'.repeat(4001));
    await fixture.whenStable();
    expect((byTestId(element, 'chat-send') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId(element, 'chat-count')?.classList).toContain('pc-chat__over');
  });

  it('shows unread badges, deleted messages and why a message cannot be shown', async () => {
    const fixture = await render();
    const element = fixture.nativeElement as HTMLElement;
    store.entries.set([
      entry({}),
      entry({ id: 'm2', clientMessageId: 'c2', opened: { state: 'deleted' } }),
      entry({
        id: 'm3',
        clientMessageId: 'c3',
        opened: { state: 'failed', reason: 'unknown-session', detail: 'Waiting for the key.' },
      }),
      entry({ id: 'm4', clientMessageId: 'c4', mine: true, delivery: 'read', editedAt: 'x' }),
    ]);
    await fixture.whenStable();
    expect(byTestId(element, 'chat-room-unread')?.textContent?.trim()).toBe('3');
    expect(byTestId(element, 'chat-deleted')?.textContent).toContain('Message deleted');
    expect(byTestId(element, 'chat-undecryptable')?.textContent).toContain('Waiting for the key.');
    expect(byTestId(element, 'chat-delivery')?.textContent).toContain('Read');
    expect(byTestId(element, 'chat-edited')).not.toBeNull();
    expect(element.querySelector('[role="log"]')).not.toBeNull();
  });

  it('asks for the passphrase before anything else when keys must be restored', async () => {
    const fixture = await render();
    store.setup.set({ step: 'restore' });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(byTestId(element, 'chat-restore')?.textContent).toContain('recovery passphrase');
    expect(byTestId(element, 'chat-composer')).toBeNull();
  });
});
