// The baseline of the delivery measure (issue 17): one of two bare Socket.IO servers on the Redis
// adapter package the API uses (@socket.io/redis-streams-adapter), run as its own process (as an
// API instance is), on a free loopback port. A socket joins a room with `join`; a POST /post with
// `{ room, calls }` emits each call as `call:updated` to that room on every server, and nothing else: no
// authentication, no storage, no signature check. Started by realtime-bench.mjs with REDIS_URL and
// RELAY_PREFIX (a scratch key prefix) in its environment.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const prefix = process.env.RELAY_PREFIX;
const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
const http = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/post') {
    response.writeHead(404).end();
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const { room, calls } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    for (const call of calls) io.to(room).emit('call:updated', { call });
    response.writeHead(202, { 'content-type': 'application/json' }).end('{}');
  });
});
const io = new Server(http, { transports: ['websocket'], serveClient: false });
// The same adapter options as the API's (apps/api/src/realtime/realtime-io.adapter.ts).
io.adapter(
  createAdapter(redis, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:socket.io:session:`,
    blockTimeInMs: 1_000,
  }),
);
io.on('connection', (socket) => {
  socket.on('join', (room, done) => {
    void socket.join(String(room));
    if (typeof done === 'function') done();
  });
});
http.listen(0, '127.0.0.1', () => process.send?.({ port: http.address().port }));
process.on('disconnect', () => process.exit(0));
