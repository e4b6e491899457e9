import { DOCUMENT, Injectable, InjectionToken, inject, signal } from '@angular/core';

/** The browser's Notification API, or null where there is none; a token so that specs can fake it. */
export const NOTIFICATION_API = new InjectionToken<typeof Notification | null>(
  'PosCalls4U Notification API',
  {
    providedIn: 'root',
    factory: () => (typeof Notification === 'undefined' ? null : Notification),
  },
);

/** What a desktop notification of an offer says. */
export interface OfferNotice {
  callId: string;
  title: string;
  body: string;
}

/**
 * Desktop notifications of incoming calls while the console's tab is hidden. Permission is asked
 * only when the agent clicks "Desktop alerts" (browsers ignore, and people dislike, a request on
 * page load); clicking a notification brings the tab back to the front.
 */
@Injectable({ providedIn: 'root' })
export class DesktopNotifier {
  private readonly api = inject(NOTIFICATION_API);
  private readonly document = inject(DOCUMENT);
  private shown: Notification | null = null;

  /** `unsupported` where the browser has no notifications. */
  readonly permission = signal<NotificationPermission | 'unsupported'>(
    this.api === null ? 'unsupported' : this.api.permission,
  );

  /** Asks for permission; call from a click handler (a user gesture). */
  async askPermission(): Promise<void> {
    if (this.api === null) {
      return;
    }
    this.permission.set(await this.api.requestPermission());
  }

  /** Shows the notice when the tab is hidden and the agent allowed notifications. */
  notify(notice: OfferNotice): void {
    if (this.api === null || this.api.permission !== 'granted' || !this.document.hidden) {
      return;
    }
    this.close();
    const notification = new this.api(notice.title, {
      body: notice.body,
      // One notification per call, however often it is shown; it stays until acted on.
      tag: `offer-${notice.callId}`,
      requireInteraction: true,
    });
    notification.onclick = () => {
      this.document.defaultView?.focus();
      notification.close();
    };
    this.shown = notification;
  }

  close(): void {
    this.shown?.close();
    this.shown = null;
  }
}
