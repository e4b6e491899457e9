import { Component, OnDestroy, OnInit, inject } from '@angular/core';

import { ChatStore } from '../chat-store';

/**
 * Placed once in each console's shell (deferred, so the crypto stays out of the first bundle):
 * desktop notifications of chat messages on every page, decrypted in this browser. Renders
 * nothing.
 */
@Component({
  selector: 'pc-chat-desktop-alerts',
  template: '',
})
export class ChatDesktopAlertsComponent implements OnInit, OnDestroy {
  private readonly store = inject(ChatStore);

  ngOnInit(): void {
    void this.store.watchInBackground().catch(() => undefined);
  }

  ngOnDestroy(): void {
    this.store.stopWatching();
  }
}
