import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnDestroy,
  OnInit,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, Router } from '@angular/router';

import type { CallView, ChatRoomView } from '@poscalls4u/contracts';

import { ChatNotifier } from '../chat-notifier';
import { type ChatEntry, ChatStore, type Teammate } from '../chat-store';
import { ChatSetupComponent } from './chat-setup';

const KIND_LABEL: Record<ChatRoomView['kind'], string> = {
  team: 'Team',
  direct: 'Direct',
  ask_supervisor: 'Ask a supervisor',
};

/**
 * `/chat` in both consoles: the rooms (team rooms, direct messages, "ask a supervisor"), the open
 * conversation decrypted in this browser, and the composer. `?dm=<userId>` opens the direct
 * conversation with someone (the supervisor's agent grid), `?call=<callId>` asks the supervisors
 * about a call (the agent's call screen).
 */
@Component({
  selector: 'pc-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, FormsModule, MatButtonModule, ChatSetupComponent],
  template: `
    <h1 class="pc-visually-hidden">Chat</h1>
    <div aria-live="polite">
      @if (store.error(); as error) {
        <p class="pc-message pc-message--error" role="alert" data-testid="chat-error">
          {{ error }}
        </p>
      }
    </div>
    @switch (store.setup().step) {
      @case ('loading') {
        <p data-testid="chat-loading">Opening chat…</p>
      }
      @case ('error') {
        <p>Chat could not open.</p>
      }
      @case ('ready') {
        <div class="pc-chat" [class.pc-chat--room-open]="store.activeRoom() !== null">
          <nav class="pc-chat__rooms" aria-label="Conversations">
            <div class="pc-chat__rooms-head">
              <h2>Conversations</h2>
              <button
                mat-stroked-button
                type="button"
                (click)="toggleNewDm()"
                data-testid="chat-new-dm"
                [attr.aria-expanded]="picking()"
              >
                New message
              </button>
            </div>
            @if (picking()) {
              <div class="pc-chat__picker" data-testid="chat-dm-picker">
                <label for="chat-dm-person">Message someone from your teams</label>
                <select
                  id="chat-dm-person"
                  [(ngModel)]="dmTarget"
                  name="dmTarget"
                  data-testid="chat-dm-person"
                >
                  <option value="">Choose a person</option>
                  @for (person of teammates(); track person.userId) {
                    <option [value]="person.userId">
                      {{ person.name }} ({{ person.teamName }})
                    </option>
                  }
                </select>
                <button
                  mat-flat-button
                  type="button"
                  [disabled]="!dmTarget"
                  (click)="startDm()"
                  data-testid="chat-dm-open"
                >
                  Open
                </button>
              </div>
            }
            @if (notifier.permission() === 'default') {
              <p class="pc-chat__notify">
                <button
                  mat-button
                  type="button"
                  (click)="notifier.ask()"
                  data-testid="chat-notify-ask"
                >
                  Show new messages as desktop notifications
                </button>
              </p>
            }
            <p
              class="pc-chat__hint"
              role="status"
              data-testid="chat-backup-state"
              [attr.data-state]="store.backupState()"
            >
              {{
                store.backupState() === 'saved'
                  ? 'Your chat keys are backed up.'
                  : 'Backing up your chat keys…'
              }}
            </p>
            <p class="pc-chat__notify">
              <button
                mat-button
                type="button"
                (click)="toggleDevices()"
                data-testid="chat-devices-toggle"
                [attr.aria-expanded]="showDevices()"
              >
                Your devices
              </button>
            </p>
            @if (showDevices()) {
              <section
                class="pc-chat__picker"
                aria-labelledby="chat-devices-title"
                data-testid="chat-devices"
              >
                <h3 id="chat-devices-title">Browsers that can read your chat</h3>
                <ul role="list">
                  @for (device of store.ownDevices(); track device.deviceId) {
                    <li data-testid="chat-device">
                      @if (device.deviceId === store.thisDeviceId) {
                        <span data-testid="chat-device-this">This browser</span>
                      } @else {
                        <span>Another browser</span>
                      }
                      , set up {{ device.createdAt | date: 'medium' }}
                      @if (device.deviceId !== store.thisDeviceId) {
                        <button
                          mat-button
                          type="button"
                          (click)="store.revokeDevices([device.deviceId])"
                          data-testid="chat-device-revoke"
                        >
                          Revoke
                        </button>
                      }
                    </li>
                  }
                </ul>
                @if (store.ownDevices().length > 1) {
                  <button
                    mat-stroked-button
                    type="button"
                    (click)="revokeOthers()"
                    data-testid="chat-devices-revoke-others"
                  >
                    Revoke all other devices
                  </button>
                  <p class="pc-chat__hint">
                    A revoked browser gets no new messages; signing in there again needs your
                    recovery passphrase.
                  </p>
                } @else {
                  <p class="pc-chat__hint" data-testid="chat-devices-only">
                    Only this browser can read your chat.
                  </p>
                }
              </section>
            }
            <ul role="list" data-testid="chat-rooms">
              @for (room of store.rooms(); track room.id) {
                <li>
                  <button
                    type="button"
                    class="pc-chat__room"
                    [class.pc-chat__room--active]="store.activeRoom()?.id === room.id"
                    [attr.aria-current]="store.activeRoom()?.id === room.id ? 'true' : null"
                    [attr.data-testid]="'chat-room-' + room.kind"
                    [attr.data-room-id]="room.id"
                    (click)="open(room.id)"
                  >
                    <span class="pc-chat__room-title">{{ room.title }}</span>
                    <span class="pc-chat__room-kind">{{ kindLabel[room.kind] }}</span>
                    @if (room.unread > 0) {
                      <span
                        class="pc-chat__badge"
                        data-testid="chat-room-unread"
                        [attr.aria-label]="room.unread + ' unread'"
                        >{{ room.unread > 99 ? '99+' : room.unread }}</span
                      >
                    }
                  </button>
                </li>
              } @empty {
                <li>No conversations yet.</li>
              }
            </ul>
          </nav>

          <section class="pc-chat__conversation" aria-labelledby="chat-room-title">
            @if (store.activeRoom(); as room) {
              <header class="pc-chat__head">
                <button
                  mat-button
                  type="button"
                  class="pc-chat__back"
                  data-testid="chat-back"
                  (click)="back()"
                >
                  ← Conversations
                </button>
                <h2 id="chat-room-title" data-testid="chat-room-title">{{ room.title }}</h2>
                <button
                  mat-button
                  type="button"
                  (click)="toggleMembers()"
                  [attr.aria-expanded]="showMembers()"
                  data-testid="chat-members-toggle"
                >
                  Members and safety numbers
                </button>
              </header>
              @if (showMembers()) {
                <ul class="pc-chat__members" data-testid="chat-members">
                  @for (member of currentMembers(); track member.userId) {
                    <li>
                      <span
                        >{{ member.name }}{{ member.userId === store.myId ? ' (you)' : '' }}</span
                      >
                      @if (fingerprints()[member.userId]; as fp) {
                        <code data-testid="chat-fingerprint">{{ fp }}</code>
                        @if (member.userId !== store.myId) {
                          @if (store.isVerified(member.userId)) {
                            <span data-testid="chat-verified">Verified</span>
                          } @else {
                            <button mat-button type="button" (click)="verify(member.userId)">
                              Mark as verified
                            </button>
                          }
                        }
                      } @else {
                        <button
                          mat-button
                          type="button"
                          (click)="showFingerprint(member.userId)"
                          data-testid="chat-show-fingerprint"
                        >
                          Show safety number
                        </button>
                      }
                    </li>
                  }
                </ul>
                <p class="pc-chat__hint">
                  Compare a safety number with the person in person or on a call: if it matches on
                  both screens, nobody is listening in.
                </p>
              }
              @for (warning of store.warnings(); track warning) {
                <p class="pc-message pc-message--warning" role="status" data-testid="chat-warning">
                  {{ warning }}
                </p>
              }
              @if (store.olderCursor() !== null) {
                <button
                  mat-button
                  type="button"
                  (click)="store.loadOlder()"
                  data-testid="chat-load-older"
                >
                  Load older messages
                </button>
              }
              <ol
                class="pc-chat__messages"
                role="log"
                aria-label="Messages"
                data-testid="chat-messages"
              >
                @for (entry of store.entries(); track entry.clientMessageId) {
                  <li
                    class="pc-chat__message"
                    [class.pc-chat__message--mine]="entry.mine"
                    data-testid="chat-message"
                  >
                    <div class="pc-chat__meta">
                      <strong data-testid="chat-message-sender">{{
                        entry.mine ? 'You' : entry.senderName
                      }}</strong>
                      <time [attr.datetime]="entry.createdAt">{{
                        entry.createdAt | date: 'short'
                      }}</time>
                      @if (entry.editedAt && !entry.deletedAt) {
                        <span data-testid="chat-edited">(edited)</span>
                      }
                      @if (entry.mine) {
                        <span class="pc-chat__delivery" data-testid="chat-delivery">{{
                          deliveryLabel(entry)
                        }}</span>
                      }
                    </div>
                    @switch (entry.opened.state) {
                      @case ('ok') {
                        @if (editing() === entry.id) {
                          <form (ngSubmit)="saveEdit(entry)" class="pc-chat__edit">
                            <label class="pc-visually-hidden" for="chat-edit-text"
                              >Edit message</label
                            >
                            <textarea
                              id="chat-edit-text"
                              name="editText"
                              [(ngModel)]="editText"
                              rows="2"
                              data-testid="chat-edit-text"
                            ></textarea>
                            <button mat-button type="submit" data-testid="chat-edit-save">
                              Save
                            </button>
                            <button mat-button type="button" (click)="editing.set(null)">
                              Cancel
                            </button>
                          </form>
                        } @else {
                          <p class="pc-chat__text" data-testid="chat-message-text">
                            {{ textOf(entry) }}
                          </p>
                        }
                        @if (callOf(entry); as callId) {
                          <button
                            mat-stroked-button
                            type="button"
                            (click)="showCall(callId)"
                            data-testid="chat-call-link"
                          >
                            About call {{ callId.slice(0, 8) }} — view the call
                          </button>
                          @if (calls()[callId]; as call) {
                            <p class="pc-chat__call" data-testid="chat-call">
                              {{ call.direction === 'inbound' ? call.from : call.to }} ·
                              {{ call.teamName }} · {{ call.state
                              }}{{ call.agent ? ' · ' + call.agent.name : '' }}
                            </p>
                          }
                        }
                      }
                      @case ('deleted') {
                        <p class="pc-chat__text pc-chat__text--muted" data-testid="chat-deleted">
                          Message deleted
                        </p>
                      }
                      @case ('failed') {
                        <p
                          class="pc-chat__text pc-chat__text--muted"
                          data-testid="chat-undecryptable"
                        >
                          Cannot show this message: {{ failureOf(entry) }}
                        </p>
                      }
                    }
                    @if (
                      entry.mine &&
                      entry.opened.state === 'ok' &&
                      entry.raw &&
                      editing() !== entry.id
                    ) {
                      <div class="pc-chat__actions">
                        <button
                          mat-button
                          type="button"
                          (click)="startEdit(entry)"
                          data-testid="chat-edit"
                        >
                          Edit
                        </button>
                        <button
                          mat-button
                          type="button"
                          (click)="store.remove(entry)"
                          data-testid="chat-delete"
                        >
                          Delete
                        </button>
                      </div>
                    }
                  </li>
                } @empty {
                  <li class="pc-chat__empty">No messages yet. Say hello.</li>
                }
              </ol>
              @if (room.archivedAt) {
                <p>This team was archived: its room can be read but no longer written to.</p>
              } @else {
                <form class="pc-chat__composer" (ngSubmit)="send()">
                  @if (store.callRef(); as ref) {
                    <p class="pc-chat__ref" data-testid="chat-callref">
                      About call {{ ref.callId.slice(0, 8) }}
                      <button mat-button type="button" (click)="store.callRef.set(null)">
                        Remove
                      </button>
                    </p>
                  }
                  <label for="chat-composer">Message {{ room.title }}</label>
                  <textarea
                    #composer
                    id="chat-composer"
                    name="draft"
                    rows="3"
                    data-testid="chat-composer"
                    aria-describedby="chat-composer-count chat-composer-help"
                    [ngModel]="store.draft()"
                    (ngModelChange)="store.draft.set($event)"
                    (keydown)="onKeydown($event)"
                  ></textarea>
                  <div class="pc-chat__composer-foot">
                    <span id="chat-composer-help" class="pc-chat__hint"
                      >Enter sends, Shift+Enter starts a new line.</span
                    >
                    <span
                      id="chat-composer-count"
                      data-testid="chat-count"
                      [class.pc-chat__over]="tooLong()"
                    >
                      {{ store.draft().length }} / {{ store.maxLength }}
                    </span>
                    <button
                      mat-flat-button
                      type="submit"
                      data-testid="chat-send"
                      [disabled]="!canSend()"
                    >
                      Send
                    </button>
                  </div>
                </form>
              }
            } @else {
              <p>Choose a conversation.</p>
            }
          </section>
        </div>
      }
      @default {
        <pc-chat-setup />
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .pc-chat {
      display: grid;
      grid-template-columns: minmax(12rem, 18rem) 1fr;
      gap: 1rem;
      min-height: 60vh;
    }
    .pc-chat__rooms ul,
    .pc-chat__messages,
    .pc-chat__members {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .pc-chat__rooms-head,
    .pc-chat__head,
    .pc-chat__composer-foot {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .pc-chat__rooms h2,
    .pc-chat__head h2 {
      font: var(--mat-sys-title-medium);
      margin: 0;
    }
    .pc-chat__room {
      display: flex;
      width: 100%;
      align-items: center;
      gap: 0.5rem;
      padding: 0.625rem 0.5rem;
      border: 0;
      border-radius: var(--mat-sys-corner-small);
      background: none;
      color: inherit;
      font: var(--mat-sys-body-medium);
      text-align: left;
      cursor: pointer;
    }
    .pc-chat__room--active {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .pc-chat__room-title {
      flex: 1;
    }
    .pc-chat__room-kind {
      font: var(--mat-sys-label-small);
      opacity: 0.8;
    }
    .pc-chat__badge {
      min-width: 1.5rem;
      padding: 0 0.375rem;
      border-radius: 999px;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
      font: var(--mat-sys-label-medium);
      text-align: center;
    }
    .pc-chat__picker {
      display: flex;
      flex-direction: column;
      gap: 0.375rem;
      margin-block: 0.5rem;
    }
    .pc-chat__messages {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      max-height: 60vh;
      overflow-y: auto;
      padding-block: 0.5rem;
    }
    .pc-chat__message {
      max-width: min(40rem, 90%);
      padding: 0.5rem 0.75rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container);
    }
    .pc-chat__message--mine {
      align-self: flex-end;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .pc-chat__meta {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      font: var(--mat-sys-label-medium);
    }
    .pc-chat__text {
      margin: 0.25rem 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .pc-chat__text--muted {
      font-style: italic;
      opacity: 0.8;
    }
    .pc-chat__composer {
      display: flex;
      flex-direction: column;
      gap: 0.375rem;
      margin-top: 0.75rem;
    }
    textarea,
    select {
      font: inherit;
      padding: 0.5rem;
      border: 1px solid var(--mat-sys-outline);
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .pc-chat__over {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
    .pc-chat__hint {
      font: var(--mat-sys-body-small);
    }
    .pc-chat__members li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
    }
    .pc-chat__back {
      display: none;
    }
    @media (max-width: 700px) {
      .pc-chat {
        grid-template-columns: 1fr;
      }
      .pc-chat--room-open .pc-chat__rooms {
        display: none;
      }
      .pc-chat:not(.pc-chat--room-open) .pc-chat__conversation {
        display: none;
      }
      .pc-chat__back {
        display: inline-flex;
      }
    }
  `,
})
export class ChatPage implements OnInit, OnDestroy {
  protected readonly store = inject(ChatStore);
  protected readonly notifier = inject(ChatNotifier);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly composer = viewChild<ElementRef<HTMLTextAreaElement>>('composer');

  protected readonly kindLabel = KIND_LABEL;
  protected readonly picking = signal(false);
  protected readonly teammates = signal<Teammate[]>([]);
  protected dmTarget = '';
  protected readonly showMembers = signal(false);
  protected readonly showDevices = signal(false);
  protected readonly fingerprints = signal<Record<string, string>>({});
  protected readonly calls = signal<Record<string, CallView>>({});
  protected readonly editing = signal<string | null>(null);
  protected editText = '';

  protected readonly tooLong = computed(() => this.store.draft().length > this.store.maxLength);
  protected readonly canSend = computed(() => this.store.draft().trim() !== '' && !this.tooLong());
  protected readonly currentMembers = computed(() => {
    const room = this.store.activeRoom();
    return room ? room.members.filter((m) => m.leftAt === null) : [];
  });

  ngOnInit(): void {
    const params = this.route.snapshot.queryParamMap;
    const dm = params.get('dm');
    const call = params.get('call');
    if (dm || call) {
      // The intent is taken: a reload must not ask again.
      void this.router.navigate([], { relativeTo: this.route, queryParams: {}, replaceUrl: true });
    }
    void this.store.open({ dm, call });
  }

  ngOnDestroy(): void {
    this.store.close();
  }

  protected async open(roomId: string): Promise<void> {
    this.showMembers.set(false);
    await this.store.selectRoom(roomId);
    this.composer()?.nativeElement.focus();
  }

  protected async toggleDevices(): Promise<void> {
    this.showDevices.update((shown) => !shown);
    if (this.showDevices()) await this.store.loadOwnDevices();
  }

  protected async revokeOthers(): Promise<void> {
    const here = this.store.thisDeviceId;
    await this.store.revokeDevices(
      this.store
        .ownDevices()
        .map((device) => device.deviceId)
        .filter((deviceId) => deviceId !== here),
    );
  }

  protected back(): void {
    this.store.activeRoom.set(null);
  }

  protected async toggleNewDm(): Promise<void> {
    this.picking.update((v) => !v);
    if (this.picking() && this.teammates().length === 0) {
      this.teammates.set(await this.store.teammates());
    }
  }

  protected async startDm(): Promise<void> {
    const target = this.dmTarget;
    this.picking.set(false);
    this.dmTarget = '';
    await this.store.openDirect(target);
  }

  protected toggleMembers(): void {
    this.showMembers.update((v) => !v);
  }

  protected async showFingerprint(userId: string): Promise<void> {
    const fp = await this.store.fingerprint(userId);
    this.fingerprints.update((all) => ({ ...all, [userId]: fp ?? 'Not set up yet' }));
  }

  protected async verify(userId: string): Promise<void> {
    await this.store.markVerified(userId);
    this.fingerprints.update((all) => ({ ...all }));
  }

  protected async showCall(callId: string): Promise<void> {
    const call = await this.store.call(callId).catch(() => null);
    if (call) this.calls.update((all) => ({ ...all, [callId]: call }));
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.send();
    }
  }

  protected async send(): Promise<void> {
    if (!this.canSend()) return;
    const text = this.store.draft();
    this.store.draft.set('');
    if (!(await this.store.send(text))) this.store.draft.set(text);
    this.composer()?.nativeElement.focus();
  }

  protected startEdit(entry: ChatEntry): void {
    this.editText = this.textOf(entry);
    this.editing.set(entry.id);
  }

  protected async saveEdit(entry: ChatEntry): Promise<void> {
    const text = this.editText;
    this.editing.set(null);
    if (text.trim() !== '' && text !== this.textOf(entry)) await this.store.edit(entry, text);
  }

  protected textOf(entry: ChatEntry): string {
    return entry.opened.state === 'ok' ? entry.opened.plaintext.text : '';
  }

  protected callOf(entry: ChatEntry): string | null {
    return entry.opened.state === 'ok' ? (entry.opened.plaintext.callRef?.callId ?? null) : null;
  }

  protected failureOf(entry: ChatEntry): string {
    return entry.opened.state === 'failed' ? entry.opened.detail : '';
  }

  protected deliveryLabel(entry: ChatEntry): string {
    switch (entry.delivery) {
      case 'sending':
        return 'Sending…';
      case 'sent':
        return 'Sent';
      case 'read':
        return 'Read';
      case 'failed':
        return 'Not sent';
    }
  }
}
