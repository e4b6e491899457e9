import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';

interface Connection {
  /** Requests received on the connection and not answered yet. */
  inFlight: number;
  /** When the connection last started or finished a request (or opened). */
  activeAt: number;
}

/**
 * A connection that has been idle this long while draining is closed: long enough that a client
 * which just got an answer has sent its next request (which is then answered, with
 * `Connection: close`), short enough not to wait for clients that went quiet.
 */
const IDLE_GRACE_MS = 1_000;
const SWEEP_INTERVAL_MS = 50;

/**
 * Drains an HTTP server for a graceful shutdown. Node's `server.close()` destroys the connections
 * that look idle at that instant, which loses a request a kept-alive client has just sent but the
 * server has not read yet; and connections busy at that instant stay open for as long as their
 * clients keep them busy. Instead, while draining: the listener stops accepting, every answer
 * carries `Connection: close` (so each kept-alive connection ends after its current request),
 * connections idle for `IDLE_GRACE_MS` are closed, and at the deadline whatever is left is.
 */
export class ConnectionDrainer {
  private readonly connections = new Map<Socket, Connection>();
  private draining = false;

  /** Attach before the server listens, so that every connection is tracked. */
  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { inFlight: 0, activeAt: Date.now() });
      socket.once('close', () => this.connections.delete(socket));
    });
    // First of the request listeners: the header must be set before any handler answers.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      const connection = this.connections.get(request.socket);
      if (connection) {
        connection.inFlight += 1;
        connection.activeAt = Date.now();
        response.once('close', () => {
          connection.inFlight -= 1;
          connection.activeAt = Date.now();
        });
      }
      if (this.draining) response.setHeader('Connection', 'close');
    });
  }

  /**
   * Stops accepting connections and waits until every connection has ended, at most `timeoutMs`.
   * Resolves true when all ended by themselves, false when some were cut at the deadline.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.draining = true;
    const deadline = Date.now() + timeoutMs;
    // net.Server's close: stop listening, without http.Server's closing of "idle" connections.
    NetServer.prototype.close.call(this.server);
    while (this.connections.size > 0) {
      if (Date.now() >= deadline) {
        for (const socket of this.connections.keys()) socket.destroy();
        return false;
      }
      const idleSince = Date.now() - IDLE_GRACE_MS;
      for (const [socket, connection] of this.connections) {
        if (connection.inFlight === 0 && connection.activeAt <= idleSince) socket.destroy();
      }
      await new Promise((resolve) => setTimeout(resolve, SWEEP_INTERVAL_MS));
    }
    return true;
  }
}
