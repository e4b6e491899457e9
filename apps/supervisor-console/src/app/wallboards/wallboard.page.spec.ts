import { TestBed } from '@angular/core/testing';

import {
  DashboardUpdateEvent,
  KpiFigures,
  LiveFigures,
  LiveStaffing,
  WallboardView,
} from '@poscalls4u/contracts';
import { SOCKET_FACTORY } from '@poscalls4u/web-realtime';

import { WallboardPage } from './wallboard.page';

// Only the figures the board shows: the rest of each shape does not matter here.
const aFigures = (figures: Partial<KpiFigures>) => figures as KpiFigures;
const aLive = (live: Partial<LiveFigures>): LiveFigures => ({
  callsWaiting: 0,
  longestCurrentWaitSeconds: 0,
  agents: { available: 1, onCall: 1, wrapUp: 0, break: 0, offline: 2 },
  ...live,
});
const aStaffing = (staffing: Partial<LiveStaffing>) => staffing as LiveStaffing;

interface FakeSocket {
  connected: boolean;
  active: boolean;
  on: jest.Mock;
  emit: jest.Mock;
  connect: jest.Mock;
  removeAllListeners: jest.Mock;
  disconnect: jest.Mock;
  fire(event: string, payload?: unknown): void;
}

/** A Socket.IO client double: the page's handlers, called by the test. */
function fakeSocket(): FakeSocket {
  const handlers = new Map<string, (payload?: unknown) => void>();
  const socket: FakeSocket = {
    connected: false,
    active: true,
    on: jest.fn((event: string, handler: (payload?: unknown) => void) => {
      handlers.set(event, handler);
      return socket;
    }),
    emit: jest.fn(),
    connect: jest.fn(),
    removeAllListeners: jest.fn(),
    disconnect: jest.fn(),
    fire(event: string, payload?: unknown) {
      if (event === 'connect') socket.connected = true;
      handlers.get(event)?.(payload);
    },
  };
  return socket;
}

const BOARD: WallboardView = {
  name: 'Floor TV',
  rotationSeconds: 15,
  generatedAt: '2026-12-07T09:00:00.000Z',
  teams: [
    {
      teamId: 'team-1',
      name: 'Support',
      serviceLevelTargetPercent: 80,
      serviceLevelThresholdSeconds: 20,
      thresholds: {
        serviceLevelBelowPercent: 80,
        callWaitingLongerThanSeconds: 60,
        agentOnBreakLongerThanMinutes: 15,
      },
      today: aFigures({ answered: 7, abandoned: 1, serviceLevelPercent: 90 }),
      live: aLive({ callsWaiting: 0 }),
      staffing: aStaffing({ agentsNeeded: 2, agentsStaffed: 3, understaffed: false }),
    },
  ],
};

function answer(data: unknown, status = 200): Response {
  return {
    ok: status < 400,
    status,
    json: () =>
      Promise.resolve(
        status < 400
          ? { success: true, data }
          : { success: false, error: { code: 'UNAUTHORIZED', message: 'Revoked.' } },
      ),
  } as Response;
}

describe('WallboardPage', () => {
  let socket: ReturnType<typeof fakeSocket>;
  let fetchMock: jest.Mock;

  beforeEach(() => {
    socket = fakeSocket();
    fetchMock = jest.fn((url: string) =>
      Promise.resolve(
        url.endsWith('/wallboard/session')
          ? answer({ token: 'wallboard-token', expiresInSeconds: 900 })
          : answer({ wallboard: BOARD }),
      ),
    );
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    TestBed.configureTestingModule({
      providers: [{ provide: SOCKET_FACTORY, useValue: () => socket }],
    });
  });
  afterEach(() => {
    window.location.hash = '';
  });

  const text = (root: HTMLElement, id: string) =>
    root.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();

  async function open(hash: string) {
    window.location.hash = hash;
    const fixture = TestBed.createComponent(WallboardPage);
    await fixture.whenStable();
    return fixture;
  }

  it('says how to open it without a link', async () => {
    const fixture = await open('');
    expect(text(fixture.nativeElement, 'wallboard-no-link')).toContain('wallboard link');
    expect(fetchMock).not.toHaveBeenCalled();
    fixture.destroy();
  });

  it("exchanges the fragment's secret, shows the figures and applies the pushes", async () => {
    const fixture = await open('#the-secret');
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/wallboard/session');
    expect(JSON.parse(init.body as string)).toEqual({ secret: 'the-secret' });
    const read = fetchMock.mock.calls[1] as [string, RequestInit];
    expect(read[1].headers).toEqual({ authorization: 'Bearer wallboard-token' });

    const root = fixture.nativeElement as HTMLElement;
    expect(text(root, 'wallboard-team')).toBe('Support');
    expect(text(root, 'wb-answered')).toBe('7');
    expect(text(root, 'wb-agents-needed')).toBe('2');

    socket.fire('connect');
    const update: DashboardUpdateEvent = {
      scope: { kind: 'team', teamId: 'team-1' },
      today: aFigures({ answered: 8 }),
      live: aLive({ callsWaiting: 3, longestCurrentWaitSeconds: 75 }),
      staffing: aStaffing({ agentsNeeded: 5, agentsStaffed: 3, understaffed: true }),
      at: '2026-12-07T09:00:05.000Z', // newer than the board's read (and its re-read on connect)
    };
    socket.fire('dashboard:update', update);
    await fixture.whenStable();
    expect(text(root, 'wb-calls-waiting')).toBe('3');
    expect(text(root, 'wb-longest-wait')).toBe('1:15');
    expect(text(root, 'wb-agents-needed')).toBe('5');
    expect(text(root, 'wallboard-connection')).toBe('● Live');
    fixture.destroy();
  });

  it('stops for good when the link is revoked', async () => {
    const fixture = await open('#the-secret');
    await new Promise((resolve) => setTimeout(resolve));
    socket.fire('connect');
    socket.fire('session:ended', { reason: 'wallboard_revoked' });
    await fixture.whenStable();
    expect(text(fixture.nativeElement, 'wallboard-revoked-notice')).toContain('revoked');
    expect(socket.disconnect).toHaveBeenCalled();
    fixture.destroy();
  });
});
