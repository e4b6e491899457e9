import { Injectable, InjectionToken, inject, signal } from '@angular/core';

/** Where the ring-tone choice is kept in the browser, so it survives reloads and sign-outs. */
export const RING_MUTED_KEY = 'pc-agent-console.ring-muted';

/** One ring: two tones together (the North American ring), on for 1.2 s, then 2.8 s of quiet. */
const RING_TONES_HZ = [440, 480];
const RING_ON_SECONDS = 1.2;
const RING_PERIOD_MS = 4000;
const RING_VOLUME = 0.15;

/** Makes the Web Audio context; a token so that specs can hand in a fake. */
export const AUDIO_CONTEXT_FACTORY = new InjectionToken<() => AudioContext | null>(
  'PosCalls4U audio context factory',
  {
    providedIn: 'root',
    factory: () => () => (typeof AudioContext === 'undefined' ? null : new AudioContext()),
  },
);

/** The browser's storage for the mute choice; a token so that specs can use their own. */
export const RING_STORAGE = new InjectionToken<Pick<Storage, 'getItem' | 'setItem'>>(
  'PosCalls4U ring tone storage',
  { providedIn: 'root', factory: () => localStorage },
);

/**
 * The ring tone of an incoming call, synthesised with Web Audio (no sound file to load). The
 * agent can mute it; the choice is remembered in this browser. Browsers start an audio context
 * only after the person has interacted with the page: the workspace primes it on the first click
 * or key press.
 */
@Injectable({ providedIn: 'root' })
export class RingTone {
  private readonly createContext = inject(AUDIO_CONTEXT_FACTORY);
  private readonly storage = inject(RING_STORAGE);
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** True when the agent silenced the ring. */
  readonly muted = signal(this.storage.getItem(RING_MUTED_KEY) === 'true');

  setMuted(muted: boolean): void {
    this.muted.set(muted);
    this.storage.setItem(RING_MUTED_KEY, String(muted));
    if (muted) {
      this.stop();
    }
  }

  /**
   * Makes (or wakes) the audio context; call from a click or a key press. Browsers let a page
   * play sound only after such a gesture: a ring right after a reload would otherwise be silent.
   */
  prime(): void {
    this.context ??= this.createContext();
    this.context?.resume().catch(() => undefined);
  }

  /** Rings now and every few seconds until `stop()`; nothing when muted or already ringing. */
  start(): void {
    if (this.muted() || this.timer !== null) {
      return;
    }
    this.context ??= this.createContext();
    if (this.context === null) {
      return;
    }
    // A context made before any gesture starts suspended; resuming may be refused: then silence.
    this.context.resume().catch(() => undefined);
    this.ringOnce(this.context);
    const context = this.context;
    this.timer = setInterval(() => this.ringOnce(context), RING_PERIOD_MS);
  }

  stop(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  get ringing(): boolean {
    return this.timer !== null;
  }

  private ringOnce(context: AudioContext): void {
    const start = context.currentTime;
    const gain = context.createGain();
    // A short fade in and out: no click at either end.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(RING_VOLUME, start + 0.05);
    gain.gain.setValueAtTime(RING_VOLUME, start + RING_ON_SECONDS - 0.05);
    gain.gain.linearRampToValueAtTime(0, start + RING_ON_SECONDS);
    gain.connect(context.destination);
    for (const frequency of RING_TONES_HZ) {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start(start);
      oscillator.stop(start + RING_ON_SECONDS);
    }
  }
}
