import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request being served, carried across `await`s: the API sets it for each HTTP
 * request, the outbox copies it into the jobs the request causes, and the worker sets it again
 * while it runs such a job. Every log line written meanwhile carries it (`requestId`, see
 * pinoOptions), so one PBX call event can be followed from the API through the queue and the
 * worker into the webhook it triggers (`X-Request-Id`).
 */
const storage = new AsyncLocalStorage<string>();

/** Runs `work` with `requestId` as the current request id (or as is, without one). */
export function runWithRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId ? storage.run(requestId, work) : work();
}

/** The current request id, if the code runs on behalf of a request or of a job it caused. */
export function currentRequestId(): string | undefined {
  return storage.getStore();
}

/**
 * Runs `work` on behalf of no request: for work a request only started, that serves more than
 * that request (a room's unread counts after a burst of messages), so its log lines and its
 * queries are not counted as that request's.
 */
export function runOutsideRequest<T>(work: () => T): T {
  return storage.exit(work);
}
