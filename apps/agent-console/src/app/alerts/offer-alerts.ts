import { DestroyRef, Injectable, computed, effect, inject, untracked } from '@angular/core';
import { Store } from '@ngrx/store';

import { CallView } from '@poscalls4u/contracts';
import { selectRingingCall } from '@poscalls4u/web-calls';

import { DesktopNotifier } from './desktop-notifier';
import { RingTone } from './ring-tone';
import { TitleFlasher } from './title-flasher';

/** The words of an offer, for the title, the notification and screen readers. */
function offerWords(call: CallView): { title: string; body: string } {
  return { title: `Incoming call: ${call.from}`, body: `${call.from} for ${call.teamName}` };
}

/**
 * Everything that tells an agent a call rings, whatever page they are on and whether or not the
 * tab is in front: the ring tone, the flashing tab title and a desktop notification when the tab
 * is hidden. All start when an offer arrives and stop when it is answered, rejected or gone.
 * Provided by the signed-in workspace, so it lives as long as the agent is signed in.
 */
@Injectable()
export class OfferAlerts {
  private readonly ring = inject(RingTone);
  private readonly notifier = inject(DesktopNotifier);
  private readonly title = inject(TitleFlasher);

  constructor() {
    const ringing = inject(Store).selectSignal(selectRingingCall);
    // The same offer updated (e.g. its priority) must not ring or notify again.
    const offer = computed(() => ringing(), { equal: (a, b) => a?.id === b?.id });
    effect(() => {
      const call = offer();
      untracked(() => (call === null ? this.stop() : this.start(call)));
    });
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  private start(call: CallView): void {
    const words = offerWords(call);
    this.ring.start();
    this.title.start(words.title);
    this.notifier.notify({ callId: call.id, title: words.title, body: words.body });
  }

  private stop(): void {
    this.ring.stop();
    this.title.stop();
    this.notifier.close();
  }
}
