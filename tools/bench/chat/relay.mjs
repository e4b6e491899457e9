// The plaintext baseline of tools/bench/chat: a bare Socket.IO relay, run as its own process (as
// the API is), on a free loopback port. A client joins a room with `join` and sends with `send`;
// the relay hands the payload as `message` to every other socket in the room, and nothing else:
// no authentication, no storage, no membership check. What the chat adds on top of this (the API's
// checks, PostgreSQL, Redis, the encryption) is what the benchmark measures against it.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false });
io.on('connection', (socket) => {
  socket.on('join', (roomId, done) => {
    void socket.join(String(roomId));
    if (typeof done === 'function') done();
  });
  socket.on('send', (payload) => {
    socket.to(String(payload.roomId)).emit('message', payload);
  });
});
http.listen(0, '127.0.0.1', () => process.send?.({ port: http.address().port }));
process.on('disconnect', () => process.exit(0));
// An orderly exit on the bench's SIGTERM, so that `--cpu-prof` (inherited) writes its profile.
process.on('SIGTERM', () => process.exit(0));
