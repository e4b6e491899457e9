import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { ErrorCode, ErrorEnvelope } from '@poscalls4u/contracts';

interface Answer {
  status: number;
  reason: string;
  code: ErrorCode;
  message: string;
}

/** Node's statuses for what it cannot parse; anything not listed is a 400. */
const ANSWERS: Record<string, Answer> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: ErrorCode.PayloadTooLarge,
    message: 'The request line or headers are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: ErrorCode.ValidationError,
    message: 'The request took too long to arrive.',
  },
};

/** How long the rest of a refused request is read and dropped before the connection closes. */
const LINGER_MS = 2_000;

const BAD_REQUEST: Answer = {
  status: 400,
  reason: 'Bad Request',
  code: ErrorCode.ValidationError,
  message: 'The request could not be parsed.',
};

/**
 * Node refuses a request it cannot parse (a request line or headers over its 16 KiB limit, such
 * as a 100 KB query string; a malformed request line) before Express sees it, with a bare status
 * and no body. This answers those in the error envelope too, with the statuses Node would use.
 */
export function answerUnparsableRequests(server: Server): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The rest of a request already answered: Node's parser reports each further chunk, which
    // is dropped; closing now would reset the connection before the client reads the answer.
    if (answered.has(socket)) return;
    // As Node's own handler does: answer only when no response on this connection is halfway
    // out (its `_httpMessage`); a kept-alive connection has had earlier answers, and that is fine.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent: boolean } })._httpMessage;
    if (!socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
    const answer = ANSWERS[error.code ?? ''] ?? BAD_REQUEST;
    const body: ErrorEnvelope = {
      success: false,
      error: { code: answer.code, message: answer.message },
    };
    const json = JSON.stringify(body);
    socket.end(
      [
        `HTTP/1.1 ${answer.status} ${answer.reason}`,
        'Connection: close',
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(json)}`,
        '',
        json,
      ].join('\r\n'),
    );
  });
}
