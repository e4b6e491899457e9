import { TestBed } from '@angular/core/testing';

import { MemoryTokenStorage, TokenStorage } from '@poscalls4u/web-auth';

import { RealtimeClient, RealtimeMessage, SOCKET_FACTORY } from './realtime-client';

/** Just enough of a Socket.IO client socket to drive the client. */
class FakeSocket {
  readonly handlers = new Map<string, (payload?: unknown) => void>();
  readonly emitted: unknown[][] = [];
  connected = false;
  disconnected = false;
  recovered = false;
  connects = 0;
  on(event: string, handler: (payload?: unknown) => void) {
    this.handlers.set(event, handler);
    return this;
  }
  fire(event: string, payload?: unknown) {
    this.handlers.get(event)?.(payload);
  }
  emit(...args: unknown[]) {
    this.emitted.push(args);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  disconnect() {
    this.disconnected = true;
    return this;
  }
  connect() {
    this.connects += 1;
    return this;
  }
}

describe('RealtimeClient', () => {
  let socket: FakeSocket;
  let factory: jest.Mock;

  beforeEach(() => {
    socket = new FakeSocket();
    factory = jest.fn(() => socket);
    TestBed.configureTestingModule({
      providers: [
        { provide: TokenStorage, useClass: MemoryTokenStorage },
        { provide: SOCKET_FACTORY, useValue: factory },
      ],
    });
  });

  it('connects to this origin over WebSocket with the token of the moment', () => {
    const tokens = TestBed.inject(TokenStorage);
    tokens.write('jwt-1');
    TestBed.inject(RealtimeClient).connect().subscribe();

    const [url, options] = factory.mock.calls[0] as [
      string,
      { transports: string[]; auth: (cb: (data: object) => void) => void },
    ];
    expect(url).toBe(window.location.origin);
    expect(options.transports).toEqual(['websocket']);

    tokens.write('jwt-2');
    const auth = jest.fn();
    options.auth(auth);
    expect(auth).toHaveBeenCalledWith({ token: 'jwt-2' });
  });

  it('turns socket events into messages and disconnects on unsubscribe', () => {
    const seen: RealtimeMessage[] = [];
    const subscription = TestBed.inject(RealtimeClient)
      .connect()
      .subscribe((message) => seen.push(message));

    socket.fire('connect');
    socket.fire('session:ended', { reason: 'logout' });
    socket.fire('disconnect', 'io server disconnect');
    expect(seen).toEqual([
      { type: 'connected', recovered: false },
      { type: 'session:ended', payload: { reason: 'logout' } },
      { type: 'disconnected', reason: 'io server disconnect' },
    ]);

    subscription.unsubscribe();
    expect(socket.disconnected).toBe(true);
    expect(socket.handlers.size).toBe(0);
  });

  it('says when a reconnection recovered the session, and retries soon, spread over a second', () => {
    const seen: RealtimeMessage[] = [];
    TestBed.inject(RealtimeClient)
      .connect()
      .subscribe((message) => seen.push(message));
    socket.recovered = true;
    socket.fire('connect');
    expect(seen).toEqual([{ type: 'connected', recovered: true }]);

    const [, options] = factory.mock.calls[0] as [
      string,
      { reconnectionDelay: number; randomizationFactor: number },
    ];
    // Socket.IO waits reconnectionDelay ± randomizationFactor of it: here 0-1 s.
    expect(options.reconnectionDelay * (1 + options.randomizationFactor)).toBe(1000);
    expect(options.reconnectionDelay * (1 - options.randomizationFactor)).toBe(0);
  });

  it('renews the token on the live socket and reconnects a closed one', () => {
    const client = TestBed.inject(RealtimeClient);
    client.renew('ignored: not connected');
    expect(socket.emitted).toEqual([]);

    client.connect().subscribe();
    client.renew('jwt-2');
    expect(socket.emitted[0]?.slice(0, 2)).toEqual(['auth:renew', 'jwt-2']);

    client.reconnect();
    expect(socket.connects).toBe(1);
    socket.connected = true;
    client.reconnect();
    expect(socket.connects).toBe(1);
  });

  it('shares one connection between subscribers and closes it with the last', () => {
    const client = TestBed.inject(RealtimeClient);
    const first: RealtimeMessage[] = [];
    const second: RealtimeMessage[] = [];
    const a = client.connect().subscribe((message) => first.push(message));
    const b = client.connect().subscribe((message) => second.push(message));
    expect(factory).toHaveBeenCalledTimes(1);

    const update = { scope: { kind: 'center' }, at: '2026-11-25T09:00:00.000Z' };
    socket.fire('dashboard:update', update);
    socket.fire('notification', { id: 'n1' });
    expect(second).toEqual([
      { type: 'dashboard:update', payload: update },
      { type: 'notification', payload: { id: 'n1' } },
    ]);
    expect(first).toEqual(second);

    a.unsubscribe();
    expect(socket.disconnected).toBe(false);
    b.unsubscribe();
    expect(socket.disconnected).toBe(true);
  });
});
