import { Namespace, Socket } from 'socket.io';

/**
 * The disconnections after which Socket.IO itself keeps a session for recovery (socket.io 4.8,
 * `RECOVERABLE_DISCONNECT_REASONS`): after any other (the server ended the socket, the client
 * left), the session must not outlive the socket.
 */
const RECOVERABLE_REASONS: ReadonlySet<string> = new Set([
  'transport error',
  'transport close',
  'forced close',
  'ping timeout',
  'server shutting down',
  'forced server close',
]);

/** How soon a room change reaches the stored session (room changes come in bursts). */
const ROOM_CHANGE_DELAY_MS = 50;

/** A held replay the handshake never claimed (the connection dropped first) is let go then. */
const HELD_REPLAY_MS = 30_000;

/** One missed event as Socket.IO replays it: `[event, ...args, offset]`. */
type MissedPacket = unknown[];

/** What the sessions need of Redis: the key prefix, the stream, and the client. */
interface SessionStore {
  sessionKeyPrefix: string;
  streamName: string;
  redis: {
    /** ioredis's connection state: sessions are not queued up while Redis is away. */
    status: string;
    del(key: string): Promise<number>;
    xrange(key: string, start: string, end: string): Promise<[string, string[]][]>;
  };
  /** How long a stored session lives (Socket.IO's `maxDisconnectionDuration`). */
  windowMs: number;
}

/**
 * A restored session's replay, held until the handshake: from `recent` after the client's
 * offset, or (when `recent` does not reach back that far) the packets Socket.IO read for it.
 */
type HeldReplay = { after: string } | { missed: MissedPacket[] };

interface Replays {
  store: SessionStore;
  held: Map<string, HeldReplay>;
  recent: RecentBroadcasts;
  /** This adapter's id: its own broadcasts are delivered locally, never by the stream reader. */
  uid: string;
  /** The last stream entry the adapter's reader delivered (to connected sockets only). */
  lastRead: string;
}

/** A broadcast this instance delivered to its connected sockets, with its stream offset. */
interface Delivered {
  id: string;
  data: unknown[];
  rooms: string[];
  except: string[];
}

/** As many as the stream keeps (the adapter's `maxLen`): about 10 MB of recent events. */
const RECENT_BROADCASTS = 10_000;

/**
 * The broadcasts this instance delivered lately, in memory: a herd of recovering sockets (500
 * after a crash) gets its replays from here rather than each reading the Redis stream since its
 * offset and decoding every entry again (the adapter's restore does that, per socket: with 500
 * sockets, hundreds of thousands of entries while the handshakes wait). Complete from its oldest
 * entry on: the stream reader delivers foreign entries in order, and this instance's own are
 * recorded when Redis gave them their offset, just before they are delivered locally.
 */
class RecentBroadcasts {
  private entries: Delivered[] = [];

  add(entry: Delivered): void {
    this.entries.push(entry);
    if (this.entries.length > RECENT_BROADCASTS * 1.1) {
      this.entries = this.entries.slice(-RECENT_BROADCASTS);
    }
  }

  newest(): string | undefined {
    let newest: string | undefined;
    for (let i = this.entries.length - 1; i >= 0 && i >= this.entries.length - 100; i--) {
      const id = (this.entries[i] as Delivered).id;
      if (newest === undefined || newer(id, newest)) newest = id;
    }
    return newest;
  }

  /** Whether every broadcast after `offset` that this instance delivered is here. */
  covers(offset: string): boolean {
    const oldest = this.entries[0];
    return oldest !== undefined && !newer(oldest.id, offset);
  }

  /** The broadcasts after `offset`, in stream order. */
  after(offset: string): Delivered[] {
    return this.entries
      .filter((entry) => newer(entry.id, offset))
      .sort((a, b) => (newer(a.id, b.id) ? 1 : -1));
  }
}

/** The replays held per namespace until the handshake has checked who is back. */
const replaysOf = new WeakMap<Namespace, Replays>();

/**
 * Connection-state recovery that survives a crash of the instance (issue 17).
 *
 * Socket.IO stores a socket's session (its id, rooms and data, under its private id) only when
 * its own instance sees the connection drop: an instance killed with SIGKILL, or whose machine
 * dies, stores nothing, so none of its sockets could be recovered elsewhere and every console had
 * to read its state again through the API. Here each instance stores the session of every socket
 * while it is connected — when it connects, when its rooms change, and again before the stored
 * copy expires — through the same adapter call Socket.IO uses on a drop. Another instance then
 * restores it from Redis and replays the events the socket missed (from the Redis stream), as
 * after a clean drop.
 *
 * A socket the server ends (revoked session, expired token, removed wallboard) or whose client
 * leaves has its stored session deleted at once: only a socket that could have come back keeps
 * one. And the replay waits for the handshake (`releaseReplay`): Socket.IO would send it before
 * the authentication middleware runs, and chose it by the rooms the socket had when it dropped.
 */
export function keepSessionsCrashSafe(nsp: Namespace, store: SessionStore): () => void {
  const live = new Set<Socket>();
  const changed = new Set<Socket>();
  let flushTimer: NodeJS.Timeout | undefined;
  const pidOf = (socket: Socket) => (socket as unknown as { pid?: string }).pid;

  const persist = (socket: Socket) => {
    // `pid` is private in Socket.IO's typings; it is the key of the stored session.
    const pid = pidOf(socket);
    // While Redis is away, ioredis would queue every store (and the refreshes) until it is back;
    // the next refresh stores them once it is.
    if (!pid || store.redis.status !== 'ready') return;
    nsp.adapter.persistSession({
      sid: socket.id,
      pid,
      rooms: [...socket.rooms],
      data: socket.data as unknown,
    });
  };
  const flush = () => {
    flushTimer = undefined;
    for (const socket of changed) if (live.has(socket)) persist(socket);
    changed.clear();
  };
  const roomChanged = (_room: string, id: string) => {
    const socket = nsp.sockets.get(id);
    if (!socket || !live.has(socket)) return;
    changed.add(socket);
    flushTimer ??= setTimeout(flush, ROOM_CHANGE_DELAY_MS);
  };

  nsp.on('connection', (socket: Socket) => {
    replayFromMemory(socket, replays);
    live.add(socket);
    persist(socket);
    // Before Socket.IO's own persistence on a drop and before the rooms are left: from here on
    // the session is Socket.IO's (stored on a recoverable drop) or nobody's.
    socket.on('disconnecting', (reason: string) => {
      live.delete(socket);
      changed.delete(socket);
      const pid = pidOf(socket);
      if (pid && !RECOVERABLE_REASONS.has(reason)) {
        store.redis.del(`${store.sessionKeyPrefix}${pid}`).catch(() => undefined);
      }
    });
  });
  nsp.adapter.on('join-room', roomChanged);
  nsp.adapter.on('leave-room', roomChanged);

  // A stored session lives `windowMs`: store every live one again well before that.
  const refresh = setInterval(() => {
    for (const socket of live) persist(socket);
  }, store.windowMs / 2);
  refresh.unref();

  // The replay of a restored session is held back from the Socket constructor (which would send
  // it at once) until the handshake middleware calls `releaseReplay`.
  const adapter = nsp.adapter as unknown as {
    uid: string;
    onRawMessage(message: unknown, offset: string): void;
    addOffsetIfNecessary(packet: Packet, opts: BroadcastOptions, offset: string): void;
  };
  const replays: Replays = {
    store,
    held: new Map(),
    recent: new RecentBroadcasts(),
    uid: adapter.uid,
    lastRead: '0-0',
  };
  replaysOf.set(nsp, replays);
  const onRawMessage = adapter.onRawMessage.bind(adapter);
  adapter.onRawMessage = (message, offset) => {
    replays.lastRead = offset;
    onRawMessage(message, offset);
  };
  // Every broadcast this instance delivers with an offset — its own once Redis gave them one,
  // other instances' as the stream reader brings them — passes here right before its local
  // delivery, in the same synchronous step: what is recorded has been delivered.
  const addOffset = adapter.addOffsetIfNecessary.bind(adapter);
  adapter.addOffsetIfNecessary = (packet, opts, offset) => {
    const data = broadcastData(packet, opts);
    if (data && offset) replays.recent.add({ id: offset, ...data });
    addOffset(packet, opts, offset);
  };

  const restore = nsp.adapter.restoreSession.bind(nsp.adapter);
  nsp.adapter.restoreSession = async (pid, offset) => {
    // When the recent broadcasts reach back to the client's offset, the adapter only restores the
    // session (from the newest offset, so it reads no backlog) and the replay comes from memory.
    const newest = replays.recent.newest();
    const fromMemory =
      /^[0-9]+-[0-9]+$/.test(offset) && newest !== undefined && replays.recent.covers(offset);
    const session = await restore(pid, fromMemory ? newest : offset);
    if (session) {
      replays.held.set(
        session.sid,
        fromMemory ? { after: offset } : { missed: session.missedPackets },
      );
      setTimeout(() => replays.held.delete(session.sid), HELD_REPLAY_MS).unref();
      session.missedPackets = [];
    }
    return session;
  };

  return () => {
    clearInterval(refresh);
    clearTimeout(flushTimer);
    nsp.adapter.off('join-room', roomChanged);
    nsp.adapter.off('leave-room', roomChanged);
    nsp.adapter.restoreSession = restore;
    adapter.onRawMessage = onRawMessage;
    adapter.addOffsetIfNecessary = addOffset;
    replaysOf.delete(nsp);
    live.clear();
    changed.clear();
  };
}

/**
 * Sends a recovered socket the events it missed, once its handshake has authenticated it and
 * set its rooms (`rooms`, what its user may hear now): those Socket.IO chose when it restored the
 * session, and those broadcast while the handshake ran (a socket not yet connected hears no
 * broadcast, and the restore read the stream before). When it dropped rooms it had (`dropped`: a
 * team left, a permission lost while it was away), the events sent only to those are left out.
 */
export async function releaseReplay(
  socket: Socket,
  rooms: readonly string[],
  dropped: readonly string[],
): Promise<void> {
  const replays = replaysOf.get(socket.nsp);
  const held = replays?.held.get(socket.id);
  // A replay from memory goes out when the socket is connected (`replayFromMemory`).
  if (!replays || !held || 'after' in held) return;
  replays.held.delete(socket.id);
  let replay: MissedPacket[];
  try {
    replay = await replayFor(socket, replays, held.missed, rooms, dropped);
  } catch {
    // Redis failed between the restore and now: what Socket.IO chose, unless rooms were dropped.
    replay = dropped.length === 0 ? held.missed : [];
  }
  const emit = socket.emit.bind(socket) as (...packet: unknown[]) => boolean;
  for (const packet of replay) emit(...packet);
}

/**
 * A recovered socket's replay from memory, sent as it connects (from the `connection` event, in
 * the same synchronous step that made it a recipient of broadcasts): every broadcast delivered
 * here since the client's offset, to the rooms its handshake left it in — what it missed, and what
 * was broadcast while its handshake ran — with no gap and no event twice.
 */
function replayFromMemory(socket: Socket, replays: Replays): void {
  const held = replays.held.get(socket.id);
  if (!held || !('after' in held)) return;
  replays.held.delete(socket.id);
  const emit = socket.emit.bind(socket) as (...packet: unknown[]) => boolean;
  for (const entry of replays.recent.after(held.after)) {
    if (heardBy(entry, socket.rooms)) emit(...entry.data, entry.id);
  }
}

/** The events to replay to `socket` (see `releaseReplay`). */
async function replayFor(
  socket: Socket,
  replays: Replays,
  missed: MissedPacket[],
  rooms: readonly string[],
  dropped: readonly string[],
): Promise<MissedPacket[]> {
  const hears = new Set([...rooms, socket.id]);
  const clientOffset = String((socket.handshake.auth as { offset?: unknown }).offset);
  const lastOffset = missed.length > 0 ? offsetOf(missed[missed.length - 1]) : clientOffset;
  // The stream from the first missed event (to check each one's targets again) when rooms were
  // dropped, else only from after the last one.
  const from =
    dropped.length > 0 && missed.length > 0 ? offsetOf(missed[0]) : nextOffset(lastOffset);
  const { redis, streamName } = replays.store;
  const entries = await redis.xrange(streamName, from, '+');
  // The reader may have delivered entries newer than this read (to connected sockets only, which
  // this one is not yet): read on until they are included.
  for (let last = entries.at(-1)?.[0] ?? lastOffset; newer(replays.lastRead, last);) {
    const more = await redis.xrange(streamName, nextOffset(last), '+');
    if (more.length === 0) break;
    entries.push(...more);
    last = more.at(-1)?.[0] ?? last;
  }
  // Entries the reader has not reached yet reach this socket through it, once connected.
  const lastRead = replays.lastRead;
  const broadcasts = new Map(entries.map(([id, fields]) => [id, broadcastOf(fields)] as const));
  const replay =
    dropped.length === 0
      ? [...missed]
      : missed.filter((packet) => heardBy(broadcasts.get(offsetOf(packet)), hears));
  const seen = new Set(missed.map(offsetOf));
  for (const [id] of entries) {
    const broadcast = broadcasts.get(id);
    if (seen.has(id) || !broadcast || broadcast.nsp !== socket.nsp.name) continue;
    const delivered = broadcast.uid === replays.uid || !newer(id, lastRead);
    if (delivered && heardBy(broadcast, hears)) replay.push([...broadcast.data, id]);
  }
  return replay;
}

/** What the adapter hands `addOffsetIfNecessary` (socket.io-parser's packet, decoded options). */
interface Packet {
  type: number;
  id?: number;
  data?: unknown[];
}
interface BroadcastOptions {
  rooms: Set<string>;
  except?: Set<string>;
  flags?: { volatile?: boolean };
}

/** A broadcast's event and targets, copied (the adapter appends the offset to the packet next). */
function broadcastData(packet: Packet, opts: BroadcastOptions): Omit<Delivered, 'id'> | undefined {
  // What Socket.IO replays: events (type 2) without an acknowledgement, not volatile.
  if (packet.type !== 2 || packet.id !== undefined || !Array.isArray(packet.data)) return undefined;
  if (opts.flags?.volatile !== undefined) return undefined;
  return { data: [...packet.data], rooms: [...opts.rooms], except: [...(opts.except ?? [])] };
}

interface Broadcast {
  uid: string;
  nsp: string;
  data: unknown[];
  rooms: string[];
  except: string[];
}

/** A missed packet's last element is its stream offset (the client keeps it to recover). */
const offsetOf = (packet: MissedPacket | undefined) => String(packet?.[packet.length - 1]);

/** The stream entry right after `offset` (an exclusive range start, as the adapter does it). */
function nextOffset(offset: string): string {
  const [time, sequence] = offset.split('-');
  return `${time}-${Number(sequence) + 1}`;
}

/** Whether stream entry id `a` comes after `b` (`<milliseconds>-<sequence>`). */
function newer(a: string, b: string): boolean {
  const [aTime = 0, aSequence = 0] = a.split('-').map(Number);
  const [bTime = 0, bSequence = 0] = b.split('-').map(Number);
  return aTime > bTime || (aTime === bTime && aSequence > bSequence);
}

function heardBy(
  broadcast: Omit<Delivered, 'id' | 'data'> | undefined,
  rooms: ReadonlySet<string>,
): boolean {
  // Unreadable: not replayed (the console reads its state again when it has a gap).
  if (!broadcast) return false;
  const included = broadcast.rooms.length === 0 || broadcast.rooms.some((room) => rooms.has(room));
  return included && !broadcast.except.some((room) => rooms.has(room));
}

/**
 * An event broadcast in a stream entry of the Redis Streams adapter (fields `nsp`, `type` "3"
 * for a broadcast, and `data`, JSON of `{ packet, opts }`), or undefined for anything else.
 */
function broadcastOf(fields: string[]): Broadcast | undefined {
  const entry = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2)
    entry.set(fields[i] as string, fields[i + 1] as string);
  const data = entry.get('data');
  if (entry.get('type') !== '3' || !data?.startsWith('{')) return undefined;
  try {
    const { packet, opts } = JSON.parse(data) as {
      packet?: { type?: number; data?: unknown[] };
      opts?: { rooms?: string[]; except?: string[]; flags?: { volatile?: boolean } };
    };
    // Events only (type 2), as Socket.IO replays them; not volatile ones.
    if (packet?.type !== 2 || !Array.isArray(packet.data) || opts?.flags?.volatile)
      return undefined;
    return {
      uid: entry.get('uid') ?? '',
      nsp: entry.get('nsp') ?? '',
      data: packet.data,
      rooms: opts?.rooms ?? [],
      except: opts?.except ?? [],
    };
  } catch {
    return undefined;
  }
}
