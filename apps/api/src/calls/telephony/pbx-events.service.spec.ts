import { HttpStatus } from '@nestjs/common';

import { PbxCallEvent } from '@poscalls4u/contracts';
import { Database } from '@poscalls4u/server-database';

import { AppException } from '../../platform/http';
import { MAX_WAITING_EVENTS, MAX_WAITING_MS, PbxEventsService } from './pbx-events.service';

/**
 * Scheduling and load shedding of PBX ingestion. The database is the one faked collaborator: its transactions
 * hang until the test releases them, as under a burst the database is slower than the PBX. The
 * service never reaches its other collaborators here (they run inside a transaction).
 */
describe('PbxEventsService scheduling and load shedding', () => {
  const INTEGRATION = '4f8e2a36-9c1d-4b7e-8a5f-2d3c4b5a6e7f';
  let release: (() => void)[];
  let service: PbxEventsService;

  beforeEach(() => {
    release = [];
    const database = {
      // Each transaction waits for the test, then fails as a bug would (not retried, not an outage).
      transaction: () =>
        new Promise((_resolve, reject) => release.push(() => reject(new Error('released')))),
    } as unknown as Database;
    const unused = {} as never;
    service = new PbxEventsService(
      database,
      unused,
      unused,
      unused,
      unused,
      unused,
      unused,
      unused,
      unused,
    );
  });

  function batch(size: number, from = 0): PbxCallEvent[] {
    return Array.from({ length: size }, (_, index) => ({
      id: `event-${from + index}`,
      type: 'call.queued',
      occurredAt: '2026-12-07T09:00:00.000Z',
      callId: `call-${from + index}`,
    }));
  }

  async function releaseAll(): Promise<void> {
    while (release.length > 0) {
      for (const next of release.splice(0)) next();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('refuses a request at once with 503 and Retry-After once too many events wait, and takes requests again when they are applied', async () => {
    const size = 500;
    const accepted: Promise<unknown>[] = [];
    // Two requests run (one transaction each), then MAX_WAITING_EVENTS worth of them wait.
    const fits = 2 + MAX_WAITING_EVENTS / size;
    for (let index = 0; index < fits; index += 1) {
      accepted.push(service.ingest(INTEGRATION, batch(size, index * size)).catch((e) => e));
    }

    const refused = await service.ingest(INTEGRATION, batch(1, 99_000)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppException);
    expect((refused as AppException).getStatus()).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    expect((refused as AppException).retryAfterSeconds).toBeGreaterThan(0);

    // Every accepted request gets its own answer (here the released transactions' failure).
    await releaseAll();
    for (const outcome of await Promise.all(accepted)) {
      expect(outcome).toEqual(new Error('released'));
    }

    // With nothing waiting, a request is taken again.
    const next = service.ingest(INTEGRATION, batch(1, 99_001)).catch((e: unknown) => e);
    await releaseAll();
    expect(await next).toEqual(new Error('released'));
  });

  it('refuses a request at once when the oldest waiting one has waited too long, however few wait', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const running = [
        service.ingest(INTEGRATION, batch(1, 0)).catch((e: unknown) => e),
        service.ingest(INTEGRATION, batch(1, 1)).catch((e: unknown) => e),
      ];
      const waiting = service.ingest(INTEGRATION, batch(1, 2)).catch((e: unknown) => e);
      jest.advanceTimersByTime(MAX_WAITING_MS - 1);
      const taken = service.ingest(INTEGRATION, batch(1, 3)).catch((e: unknown) => e);
      jest.advanceTimersByTime(2);

      const refused = await service.ingest(INTEGRATION, batch(1, 4)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppException);
      expect((refused as AppException).getStatus()).toBe(HttpStatus.SERVICE_UNAVAILABLE);
      expect((refused as AppException).retryAfterSeconds).toBeGreaterThan(0);

      await releaseAll();
      for (const outcome of await Promise.all([...running, waiting, taken]))
        expect(outcome).toEqual(new Error('released'));
      const next = service.ingest(INTEGRATION, batch(1, 5)).catch((e: unknown) => e);
      await releaseAll();
      expect(await next).toEqual(new Error('released'));
    } finally {
      jest.useRealTimers();
    }
  });

  it('holds a request that names a call a running transaction holds until it commits, keeping the order they came in', async () => {
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const call1Queued = service.ingest(INTEGRATION, batch(1, 1)).catch((e: unknown) => e);
    await settle();
    expect(release).toHaveLength(1);

    // The hang-up of the call being created must not run beside its queueing (it would not see
    // the call), and a later request waits behind it rather than overtaking it.
    const call1Abandoned = service
      .ingest(INTEGRATION, [
        { ...(batch(1, 1)[0] as PbxCallEvent), id: 'hang-up', type: 'call.abandoned' },
      ])
      .catch((e: unknown) => e);
    const call2Queued = service.ingest(INTEGRATION, batch(1, 2)).catch((e: unknown) => e);
    await settle();
    expect(release).toHaveLength(1);

    // Requests naming other calls run two at a time as before.
    await releaseAll();
    await Promise.all([call1Queued, call1Abandoned, call2Queued]);
    const a = service.ingest(INTEGRATION, batch(1, 10)).catch((e: unknown) => e);
    const b = service.ingest(INTEGRATION, batch(1, 11)).catch((e: unknown) => e);
    await settle();
    expect(release).toHaveLength(2);
    await releaseAll();
    await Promise.all([a, b]);
  });

  it('always takes a request when nothing waits, even one larger than the limit allows beside others', async () => {
    const running = service.ingest(INTEGRATION, batch(500)).catch((e: unknown) => e);
    const alone = service.ingest(INTEGRATION, batch(500, 500)).catch((e: unknown) => e);
    await releaseAll();
    expect(await running).toEqual(new Error('released'));
    expect(await alone).toEqual(new Error('released'));
  });
});
