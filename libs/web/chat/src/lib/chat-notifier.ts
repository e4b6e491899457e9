import { DOCUMENT } from '@angular/common';
import { Injectable, inject, signal } from '@angular/core';

type Permission = 'default' | 'granted' | 'denied' | 'unsupported';

/**
 * Desktop notifications of chat messages while the tab is hidden. The text is decrypted in this
 * browser and shown by the operating system only; the server's own notification never has it.
 * Permission is asked only when the person presses the button offering it.
 */
@Injectable({ providedIn: 'root' })
export class ChatNotifier {
  private readonly document = inject(DOCUMENT);
  private readonly api: typeof Notification | undefined = this.document.defaultView?.Notification;

  readonly permission = signal<Permission>(
    this.api ? (this.api.permission as Permission) : 'unsupported',
  );

  /**
   * Whether a notification would show now: while the tab is hidden, or on any page but the
   * chat's (`visibleToo`: the person is in the console but does not see the conversation).
   */
  wanted(visibleToo = false): boolean {
    return this.permission() === 'granted' && (visibleToo || this.document.hidden);
  }

  async ask(): Promise<void> {
    if (!this.api) return;
    this.permission.set((await this.api.requestPermission()) as Permission);
  }

  show(title: string, body: string, visibleToo = false): void {
    if (!this.api || !this.wanted(visibleToo)) return;
    const notification = new this.api(title, { body: body.slice(0, 200), tag: 'poscalls4u-chat' });
    notification.onclick = () => {
      this.document.defaultView?.focus();
      notification.close();
    };
  }
}
