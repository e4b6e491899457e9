// The traffic the fault suite keeps up while it breaks things: a PBX posting signed call events
// (each retried until acknowledged, as a PBX does), agent actions that make webhooks, password
// resets that make emails, and a supervisor's socket. It records what was acknowledged, so the
// invariants can be checked against the database afterwards.
import { createHmac } from 'node:crypto';
import { io } from 'socket.io-client';

import { sleep } from './topology.mjs';

export function sign(secret, rawBody, now = Date.now()) {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`;
}

/** One request through the balancer; answers { status, body }, or { status: 0 } when cut. */
export async function call(baseUrl, method, path, { token, body, headers = {}, timeoutMs } = {}) {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, body: json, headers: response.headers };
  } catch (error) {
    return { status: 0, error };
  }
}

export async function signIn(baseUrl, email, password) {
  const answer = await call(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  if (answer.status !== 200) throw new Error(`sign-in of ${email}: ${answer.status}`);
  return { token: answer.body.data.token, user: answer.body.data.user };
}

export async function must(baseUrl, method, path, options) {
  const answer = await call(baseUrl, method, path, options);
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(
      `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body ?? answer.error?.message)}`,
    );
  return answer.body?.data;
}

/**
 * A PBX posting call events at `rate` per second: each call is queued, then abandoned a little
 * later. A post that is not answered 2xx is sent again (same event ids) until it is; the ids of
 * every event acknowledged are kept. `skewMs` moves the PBX's clock (signature and occurredAt).
 */
export class PbxStream {
  constructor({ baseUrl, integration, teamId, rate, prefix, skewMs = 0, maxInFlight = Infinity }) {
    Object.assign(this, { baseUrl, integration, teamId, rate, prefix, skewMs, maxInFlight });
    /** Calls not started because `maxInFlight` calls were still under way (a capped generator). */
    this.skipped = 0;
    this.acknowledged = new Set();
    this.calls = new Set();
    this.posts = 0;
    this.failedPosts = 0;
    this.statuses = {};
    this.latenciesMs = [];
    /** Every answer: when it came, its status, how long it took, its Retry-After. */
    this.answers = [];
    this.sequence = 0;
    this.pending = new Set();
  }

  event(type, callId) {
    return {
      id: `${callId}:${type}`,
      type,
      occurredAt: new Date(Date.now() + this.skewMs).toISOString(),
      callId,
      ...(type === 'call.queued'
        ? { teamId: this.teamId, direction: 'inbound', from: '+15550100', to: '+15550199' }
        : {}),
    };
  }

  /** Posts until acknowledged (2xx); records the latency of the acknowledged post. */
  async deliver(events) {
    const rawBody = JSON.stringify(events);
    for (let attempt = 0; attempt < 200 && !this.stopped; attempt++) {
      const started = performance.now();
      const answer = await call(
        this.baseUrl,
        'POST',
        `/api/integrations/${this.integration.id}/call-events`,
        {
          body: rawBody,
          headers: {
            'x-poscalls-signature': sign(
              this.integration.secret,
              rawBody,
              Date.now() + this.skewMs,
            ),
          },
        },
      );
      this.posts += 1;
      this.statuses[answer.status] = (this.statuses[answer.status] ?? 0) + 1;
      this.answers.push({
        at: Date.now(),
        status: answer.status,
        ms: performance.now() - started,
        retryAfter: answer.headers?.get('retry-after') ?? undefined,
      });
      if (answer.status >= 200 && answer.status < 300) {
        this.latenciesMs.push(performance.now() - started);
        for (const event of events) this.acknowledged.add(event.id);
        return true;
      }
      this.failedPosts += 1;
      await sleep(Math.min(100 * 2 ** attempt, 1_000));
    }
    return false;
  }

  /** One call: queued now, abandoned `holdMs` later. */
  async oneCall(holdMs) {
    const callId = `${this.prefix}-${(this.sequence += 1)}`;
    this.calls.add(callId);
    await this.deliver([this.event('call.queued', callId)]);
    await sleep(holdMs);
    await this.deliver([this.event('call.abandoned', callId)]);
  }

  /** Starts `rate` calls a second (two events each) until stop(). */
  start(holdMs = 300) {
    this.stopped = false;
    const gap = 1000 / this.rate;
    let due = performance.now();
    const tick = () => {
      if (this.stopped) return;
      // A capped generator does not pile up calls behind a slow API: it skips the start and
      // counts it, so a long run keeps a steady shape instead of stalling on its own backlog.
      if (this.pending.size >= this.maxInFlight) this.skipped += 1;
      else {
        const work = this.oneCall(holdMs).finally(() => this.pending.delete(work));
        this.pending.add(work);
      }
      due += gap;
      this.timer = setTimeout(tick, Math.max(0, due - performance.now()));
    };
    tick();
  }

  /** Stops starting calls and waits for the ones under way (their events get acknowledged). */
  async stop() {
    clearTimeout(this.timer);
    this.stopping = true;
    while (this.pending.size) await Promise.all([...this.pending]);
    this.stopped = true;
  }
}

/**
 * A supervisor's dashboard, as the console keeps it: a socket through the balancer, and a fresh
 * read of `GET /api/stats/dashboard` whenever the socket (re)connects. Records disconnections
 * and how long each took to come back.
 */
export class SupervisorScreen {
  constructor(baseUrl, token) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.disconnects = [];
    this.reconnectMs = [];
    this.updates = 0;
  }

  async open() {
    this.socket = io(this.baseUrl, {
      auth: { token: this.token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    this.socket.on('disconnect', () => this.disconnects.push(Date.now()));
    this.socket.on('connect', () => {
      const lost = this.disconnects.at(-1);
      if (lost && this.reconnectMs.length < this.disconnects.length)
        this.reconnectMs.push(Date.now() - lost);
      this.refresh().catch(() => undefined);
    });
    this.socket.on('dashboard:update', () => (this.updates += 1));
    await new Promise((done, fail) => {
      this.socket.once('connect', done);
      this.socket.once('connect_error', fail);
    });
  }

  async refresh() {
    const { dashboard } = await must(this.baseUrl, 'GET', '/api/stats/dashboard', {
      token: this.token,
    });
    this.dashboard = dashboard;
    return dashboard;
  }

  close() {
    this.socket?.close();
  }
}

export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
