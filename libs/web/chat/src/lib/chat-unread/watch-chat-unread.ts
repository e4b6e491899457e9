import { EnvironmentInjector, Injector, Signal, runInInjectionContext } from '@angular/core';
import { EffectSources } from '@ngrx/effects';
import { ReducerManager, Store } from '@ngrx/store';

import { chatUnreadEffects } from './chat-unread.effects';
import { ChatUnreadActions, chatUnreadFeature, selectChatUnreadTotal } from './chat-unread.state';

/** The consoles' root injectors that hold the feature already: its effects are added once. */
const registered = new WeakSet<EnvironmentInjector>();

/**
 * Starts following the signed-in user's unread chat messages, for the shells' Chat entry. The
 * shells load the chat library lazily once someone is signed in (it brings the socket client
 * and the crypto, which stay out of the first bundle), so the feature's state and effects are
 * added here, once. Answers
 * the total to show, and how to stop (at sign-out).
 */
export function watchChatUnread(injector: Injector): { total: Signal<number>; stop: () => void } {
  const store = injector.get(Store);
  const root = injector.get(EnvironmentInjector);
  if (!registered.has(root)) {
    registered.add(root);
    root.get(ReducerManager).addReducer(chatUnreadFeature.name, chatUnreadFeature.reducer);
    // Functional effects read their dependencies with inject() when they are added.
    runInInjectionContext(root, () => root.get(EffectSources).addEffects(chatUnreadEffects));
  }
  store.dispatch(ChatUnreadActions.watchStarted());
  return {
    total: store.selectSignal(selectChatUnreadTotal),
    stop: () => store.dispatch(ChatUnreadActions.watchStopped()),
  };
}
