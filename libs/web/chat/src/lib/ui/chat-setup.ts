import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';

import { MIN_PASSPHRASE_LENGTH } from '@poscalls4u/e2ee';

import { ChatStore } from '../chat-store';

/**
 * The device bootstrap's questions: choose a recovery passphrase (first time, or starting fresh),
 * or enter it to restore this browser's keys from the backup. Plain words about what the
 * passphrase is for and that nobody, not even an administrator, can recover it.
 */
@Component({
  selector: 'pc-chat-setup',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, NgTemplateOutlet],
  template: `
    @switch (step()) {
      @case ('restore') {
        <section
          class="pc-chat-setup"
          aria-labelledby="chat-restore-title"
          data-testid="chat-restore"
        >
          <h2 id="chat-restore-title">Unlock your chat on this browser</h2>
          <p>
            Your messages are end-to-end encrypted. Enter your chat recovery passphrase to read your
            conversations, old ones included, on this browser.
          </p>
          <form (ngSubmit)="restore()">
            <label for="chat-restore-passphrase">Recovery passphrase</label>
            <input
              id="chat-restore-passphrase"
              type="password"
              autocomplete="off"
              name="passphrase"
              data-testid="chat-restore-passphrase"
              required
              [(ngModel)]="passphrase"
            />
            <button
              mat-flat-button
              type="submit"
              [disabled]="store.busy()"
              data-testid="chat-restore-submit"
            >
              {{ store.busy() ? 'Unlocking…' : 'Unlock' }}
            </button>
          </form>
          <p class="pc-chat-setup__aside">
            Forgot it? Nobody can recover it, not even an administrator.
            <button
              mat-button
              type="button"
              (click)="store.startFresh()"
              data-testid="chat-start-fresh"
            >
              Start fresh without it
            </button>
          </p>
        </section>
      }
      @case ('start-fresh') {
        <section class="pc-chat-setup" aria-labelledby="chat-fresh-title" data-testid="chat-fresh">
          <h2 id="chat-fresh-title">Start fresh</h2>
          <p class="pc-message pc-message--error" role="note">
            Without your passphrase, your old messages cannot be read: not here, not anywhere, not
            by anyone. Starting fresh creates new keys; the people you talk with are told your keys
            changed. New messages work as usual.
          </p>
          <ng-container *ngTemplateOutlet="choose" />
          <button mat-button type="button" (click)="store.backToRestore()">
            I have my passphrase after all
          </button>
        </section>
      }
      @case ('choose-passphrase') {
        <section class="pc-chat-setup" aria-labelledby="chat-setup-title" data-testid="chat-setup">
          <h2 id="chat-setup-title">Set up encrypted chat</h2>
          @if (noBackup()) {
            <p class="pc-message pc-message--error" role="note">
              Your chat keys were made on another browser and never backed up, so old messages
              cannot be read here. New keys will be made for this browser.
            </p>
          }
          <p>
            Chat messages are encrypted in your browser; the server cannot read them. Choose a
            <strong>recovery passphrase</strong>: you will need it to read your messages when you
            sign in on another browser or computer. Write it down somewhere safe. Nobody can recover
            it for you, not even an administrator, and resetting your password does not help.
          </p>
          <ng-container *ngTemplateOutlet="choose" />
        </section>
      }
    }

    <ng-template #choose>
      <form (ngSubmit)="setUp()" class="pc-chat-setup__form">
        <label for="chat-new-passphrase">Recovery passphrase (at least {{ min }} characters)</label>
        <input
          id="chat-new-passphrase"
          type="password"
          autocomplete="new-password"
          name="newPassphrase"
          data-testid="chat-new-passphrase"
          required
          [(ngModel)]="passphrase"
        />
        <label for="chat-confirm-passphrase">Repeat the passphrase</label>
        <input
          id="chat-confirm-passphrase"
          type="password"
          autocomplete="new-password"
          name="confirmPassphrase"
          data-testid="chat-confirm-passphrase"
          required
          [(ngModel)]="confirmation"
        />
        @if (problem(); as text) {
          <p
            class="pc-message pc-message--error"
            role="alert"
            data-testid="chat-passphrase-problem"
          >
            {{ text }}
          </p>
        }
        <button
          mat-flat-button
          type="submit"
          [disabled]="store.busy()"
          data-testid="chat-setup-submit"
        >
          {{ store.busy() ? 'Setting up…' : 'Save passphrase and start' }}
        </button>
      </form>
    </ng-template>
  `,
  styles: `
    .pc-chat-setup {
      max-width: 36rem;
      margin: 1rem auto;
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      margin-block: 1rem;
    }
    input {
      font: inherit;
      padding: 0.5rem;
      border: 1px solid var(--mat-sys-outline);
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    button[type='submit'] {
      align-self: flex-start;
    }
  `,
})
export class ChatSetupComponent {
  protected readonly store = inject(ChatStore);
  protected readonly min = MIN_PASSPHRASE_LENGTH;
  protected passphrase = '';
  protected confirmation = '';
  protected readonly problem = signal<string | null>(null);
  protected readonly step = computed(() => this.store.setup().step);
  protected readonly noBackup = computed(() => {
    const setup = this.store.setup();
    return setup.step === 'choose-passphrase' && setup.reason === 'no-backup';
  });

  protected async restore(): Promise<void> {
    if (this.passphrase === '') return;
    if (await this.store.restore(this.passphrase)) this.passphrase = '';
  }

  protected async setUp(): Promise<void> {
    if ([...this.passphrase].length < MIN_PASSPHRASE_LENGTH) {
      this.problem.set(`The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
      return;
    }
    if (this.passphrase !== this.confirmation) {
      this.problem.set('The two passphrases are not the same.');
      return;
    }
    this.problem.set(null);
    if (await this.store.setUp(this.passphrase)) {
      this.passphrase = '';
      this.confirmation = '';
    }
  }
}
