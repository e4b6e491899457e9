// A second entry point of web-chat: what the consoles' root components start on every page. It is
// apart from the main one so that the first bundle holds only this; the library itself (the socket
// client and the crypto) loads when someone is signed in.
import { DOCUMENT } from '@angular/common';
import { Injector, Signal, WritableSignal, effect, inject } from '@angular/core';

/**
 * Starts chat's watchers for whoever `userId` names, and stops them at sign-out: desktop
 * notifications of chat messages, for someone who allowed them in this browser (without that
 * permission the watch would show nothing, so it does not start), and the unread count of the
 * shell's Chat entry, set into `unread` once the library has loaded. Call it in an injection
 * context (a constructor).
 */
export function startChatWatchers(
  userId: Signal<string | null>,
  unread: WritableSignal<Signal<number> | null>,
): void {
  const injector = inject(Injector);
  const notifications = inject(DOCUMENT).defaultView?.Notification as
    typeof Notification | undefined;

  effect((onCleanup) => {
    if (userId() === null) return;
    if ((notifications?.permission ?? 'unsupported') !== 'granted') return;
    let stop: (() => void) | null = null;
    let ended = false;
    void import('./index').then(({ watchChatInBackground }) => {
      if (!ended) stop = watchChatInBackground(injector);
    });
    onCleanup(() => {
      ended = true;
      stop?.();
    });
  });

  effect((onCleanup) => {
    if (userId() === null) return;
    let stop: (() => void) | null = null;
    let ended = false;
    void import('./index').then(({ watchChatUnread }) => {
      if (ended) return;
      const watch = watchChatUnread(injector);
      stop = watch.stop;
      unread.set(watch.total);
    });
    onCleanup(() => {
      ended = true;
      stop?.();
      unread.set(null);
    });
  });
}
