// The receiving side of tools/bench/chat, run as a child process of ./chat-bench.mjs (two by
// default): it holds the Socket.IO connections of its share of the simulated clients, and each of
// its clients verifies and decrypts what reaches it with its own device keys and its own inbound
// session store (libs/shared/e2ee, loaded unchanged), as that person's browser would. Spreading the
// clients over processes models 500 separate browsers better than one Node thread for all of them;
// the processes still share the machine's cores with the API, the relay and everything else.
//
// Protocol with the parent (IPC): `init` hands over the clients (token, device keys, inbound
// sessions) and the room members' verified devices; `connect` opens one socket per client to the
// chat API or to the relay; `close` closes them; `cpu` answers this process's CPU time. Arrivals go
// back batched once per event-loop turn as [id, time] pairs, the time on the wall clock shared by
// the processes (performance.timeOrigin + performance.now()), so batching adds nothing to a delay.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

import { loadE2ee } from '../lib/e2ee.mjs';

const e2ee = await loadE2ee({ compile: false });
const now = () => performance.timeOrigin + performance.now();

let chars = 0;
let clients = [];
let roomDevices = [];
let pending = [];
let failures = [];
let flushing = false;
/** What reached this process's sockets: Socket.IO events by name and the bytes of their packets. */
let traffic = { events: {}, bytes: 0 };

function flush() {
  flushing = false;
  if (pending.length) process.send({ type: 'arrived', items: pending });
  if (failures.length) process.send({ type: 'failed', messages: failures });
  pending = [];
  failures = [];
}

function arrived(id) {
  pending.push(id, now());
  if (!flushing) {
    flushing = true;
    setImmediate(flush);
  }
}

function failed(error) {
  failures.push(error.message);
  if (!flushing) {
    flushing = true;
    setImmediate(flush);
  }
}

function decryptFor(client, message, id) {
  const senderDevice = roomDevices[client.room].get(message.senderDeviceId);
  client.inbound
    .decrypt(message, { senderDevice, senderIsMember: true })
    .then((read) => {
      if (read.plaintext.text.length !== chars) throw new Error('another text came out');
      arrived(id);
    })
    .catch(failed);
}

function open(url, auth) {
  const socket = io(url, {
    ...(auth ? { auth } : {}),
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  socket.onAny((event) => {
    traffic.events[event] = (traffic.events[event] ?? 0) + 1;
  });
  socket.io.on('open', () =>
    socket.io.engine.on('packet', (packet) => {
      if (typeof packet.data === 'string') traffic.bytes += packet.data.length;
    }),
  );
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

const connectors = {
  async api(client, url) {
    client.socket = await open(url, { token: client.token });
    client.socket.on('chat:message', ({ message }) => {
      if (message.senderUserId === client.userId) return;
      decryptFor(client, message, message.clientMessageId);
    });
  },
  async relay(client, url) {
    client.socket = await open(url);
    await client.socket.emitWithAck('join', client.roomId);
    client.socket.on('message', (payload) => {
      // The sender's own socket is in the room too; a browser ignores its own messages.
      if (payload.senderUserId === client.userId) return;
      if (payload.text !== undefined) {
        if (payload.text.length !== chars) failed(new Error('another text came'));
        else arrived(payload.id);
      } else decryptFor(client, payload, payload.id);
    });
  },
};

const handlers = {
  init(message) {
    chars = message.chars;
    roomDevices = message.roomDevices.map((entries) => new Map(entries));
    clients = message.clients.map((client) => ({
      ...client,
      inbound: e2ee.InboundSessionStore.fromJSON(client.inbound),
    }));
  },
  async connect({ path, url }) {
    for (let i = 0; i < clients.length; i += 50)
      await Promise.all(clients.slice(i, i + 50).map((client) => connectors[path](client, url)));
  },
  close() {
    for (const client of clients) client.socket?.disconnect();
  },
  cpu() {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  },
  /** The traffic since the last call (events by name, bytes), and starts counting afresh. */
  traffic() {
    const result = traffic;
    traffic = { events: {}, bytes: 0 };
    return result;
  },
};

process.on('message', async ({ call, type, ...args }) => {
  try {
    const result = await handlers[type](args);
    process.send({ type: 'done', call, result });
  } catch (error) {
    process.send({ type: 'done', call, error: error.message });
  }
});
process.on('disconnect', () => process.exit(0));
// An orderly exit on the bench's SIGTERM, so that `--cpu-prof` (inherited) writes its profile.
process.on('SIGTERM', () => process.exit(0));
process.send({ type: 'ready' });
