import { TestBed } from '@angular/core/testing';

import { AUDIO_CONTEXT_FACTORY, RING_MUTED_KEY, RING_STORAGE, RingTone } from './ring-tone';

/** Just enough of Web Audio to count the tones the ring plays. */
function fakeAudioContext() {
  const param = () => ({ value: 0, setValueAtTime: jest.fn(), linearRampToValueAtTime: jest.fn() });
  const context = {
    currentTime: 0,
    destination: {},
    resume: jest.fn(() => Promise.resolve()),
    createGain: jest.fn(() => ({ gain: param(), connect: jest.fn() })),
    createOscillator: jest.fn(() => ({
      frequency: param(),
      connect: jest.fn(),
      start: jest.fn(),
      stop: jest.fn(),
    })),
  };
  return context;
}

describe('RingTone', () => {
  let context: ReturnType<typeof fakeAudioContext>;
  let stored: Record<string, string>;

  function ringTone(): RingTone {
    TestBed.configureTestingModule({
      providers: [
        { provide: AUDIO_CONTEXT_FACTORY, useValue: () => context },
        {
          provide: RING_STORAGE,
          useValue: {
            getItem: (key: string) => stored[key] ?? null,
            setItem: (key: string, value: string) => (stored[key] = value),
          },
        },
      ],
    });
    return TestBed.inject(RingTone);
  }

  beforeEach(() => {
    jest.useFakeTimers();
    context = fakeAudioContext();
    stored = {};
  });

  afterEach(() => jest.useRealTimers());

  it('rings two tones at once, again every four seconds, until stopped', () => {
    const ring = ringTone();
    ring.start();
    ring.start();
    expect(context.createOscillator).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(4000);
    expect(context.createOscillator).toHaveBeenCalledTimes(4);
    ring.stop();
    jest.advanceTimersByTime(8000);
    expect(context.createOscillator).toHaveBeenCalledTimes(4);
    expect(ring.ringing).toBe(false);
  });

  it('makes and wakes the audio context once, on a gesture, before any ring', () => {
    const factory = jest.fn(() => context);
    TestBed.configureTestingModule({
      providers: [
        { provide: AUDIO_CONTEXT_FACTORY, useValue: factory },
        { provide: RING_STORAGE, useValue: { getItem: () => null, setItem: () => undefined } },
      ],
    });
    const ring = TestBed.inject(RingTone);
    ring.prime();
    ring.prime();
    ring.start();
    ring.stop();
    expect(factory).toHaveBeenCalledTimes(1);
    expect(context.resume).toHaveBeenCalledTimes(3);
  });

  it('stays silent when muted, stops at once on mute, and remembers the choice', () => {
    const ring = ringTone();
    ring.start();
    ring.setMuted(true);
    expect(ring.ringing).toBe(false);
    expect(stored[RING_MUTED_KEY]).toBe('true');
    ring.start();
    expect(context.createOscillator).toHaveBeenCalledTimes(2);

    TestBed.resetTestingModule();
    const later = ringTone();
    expect(later.muted()).toBe(true);
    later.setMuted(false);
    later.start();
    expect(later.ringing).toBe(true);
    later.stop();
  });
});
