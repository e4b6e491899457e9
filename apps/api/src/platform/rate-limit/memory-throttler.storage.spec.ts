import { MemoryThrottlerStorage } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  let storage: MemoryThrottlerStorage;
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    storage = new MemoryThrottlerStorage();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('counts hits in a fixed window and blocks over the limit', async () => {
    for (let hit = 1; hit <= 3; hit++) {
      const record = await storage.increment('1.2.3.4', 60_000, 3, 30_000, 'global');
      expect(record).toMatchObject({ totalHits: hit, isBlocked: false, timeToExpire: 60 });
    }
    const over = await storage.increment('1.2.3.4', 60_000, 3, 30_000, 'global');
    expect(over).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 30 });
  });

  it('keeps keys and throttlers apart', async () => {
    await storage.increment('a', 60_000, 1, 1_000, 'global');
    expect((await storage.increment('b', 60_000, 1, 1_000, 'global')).isBlocked).toBe(false);
    expect((await storage.increment('a', 60_000, 1, 1_000, 'auth')).isBlocked).toBe(false);
  });

  it('starts a new window when the old one and its block have ended', async () => {
    await storage.increment('a', 60_000, 1, 10_000, 'global');
    expect((await storage.increment('a', 60_000, 1, 10_000, 'global')).isBlocked).toBe(true);
    jest.advanceTimersByTime(10_001);
    // Still inside the minute: the block ended, but the window's count stands.
    expect((await storage.increment('a', 60_000, 1, 10_000, 'global')).isBlocked).toBe(true);
    jest.advanceTimersByTime(60_000);
    expect(await storage.increment('a', 60_000, 1, 10_000, 'global')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });
});
