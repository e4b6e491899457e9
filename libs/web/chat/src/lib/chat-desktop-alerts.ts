import { Injector } from '@angular/core';

import { ChatStore } from './chat-store';

/**
 * Desktop notifications of chat messages on every page, decrypted in this browser: each console's
 * shell loads this library lazily once someone is signed in (so the crypto stays out of the
 * first bundle) and calls this. Answers how to stop (at sign-out).
 */
export function watchChatInBackground(injector: Injector): () => void {
  const store = injector.get(ChatStore);
  void store.watchInBackground().catch(() => undefined);
  return () => store.stopWatching();
}
