// A simulated agent: signs in, goes available, and works every call the platform offers it the
// way a person in the agent console would — answer after a short human delay, talk, end the call,
// then wrap up with a disposition and a note.
import { io } from 'socket.io-client';

const NOTES = [
  'Customer asked about an invoice; explained the charges.',
  'Updated the delivery address.',
  'Reset the customer portal password.',
  'Customer will call back with the order number.',
  'Escalated to billing.',
  'Booked a technician visit.',
  'Answered questions about the new plan.',
];

export class SimulatedAgent {
  /**
   * @param session a signed-in Session (lib/client.mjs)
   * @param random this agent's own Random stream
   * @param timing { answerDelay, talk, talkSigma, wrap, wrapSigma } in seconds
   * @param dispositions the active disposition codes
   */
  constructor({ session, random, timing, dispositions, log }) {
    this.session = session;
    this.random = random;
    this.timing = timing;
    this.dispositions = dispositions;
    this.log = log;
    this.name = session.user.name;
    this.id = session.user.id;
    /** The call in hand: { id, phase: 'ringing' | 'talking' | 'ending' | 'wrapping', timer }. */
    this.current = null;
    this.handled = 0;
  }

  get phase() {
    return this.current?.phase ?? 'idle';
  }

  async start() {
    this.socket = io(this.session.baseUrl, {
      // A function, so that a reconnect after a token refresh presents the fresh token.
      auth: (send) => send({ token: this.session.token }),
      transports: ['websocket'],
      forceNew: true,
    });
    this.session.onTokenRenewed((token) => this.socket.emit('auth:renew', token, () => undefined));
    this.socket.on('call:offered', (offer) => this.offered(offer));
    this.socket.on('call:updated', (update) => this.updated(update));
    await new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('connect_error', (error) =>
        reject(new Error(`${this.name}: socket refused: ${error.message}`)),
      );
    });
    await this.session.call('PUT', '/api/presence/me', { status: 'available' });
  }

  offered({ call, timeoutSeconds }) {
    if (this.current || this.stopping) return;
    // People take a moment to click "Answer"; never longer than the offer lasts.
    const delay = Math.min(
      this.random.logNormal(this.timing.answerDelay, 0.5),
      Math.max(0.5, timeoutSeconds - 1),
    );
    this.current = { id: call.id, phase: 'ringing' };
    this.schedule(delay, () => this.answer(call.id));
  }

  /** Follows changes made by others: the caller hung up while ringing, the offer timed out, ... */
  updated({ call }) {
    if (!this.current || call.id !== this.current.id) return;
    if (['queued', 'abandoned', 'completed', 'failed'].includes(call.state)) {
      clearTimeout(this.current.timer);
      this.current = null;
    } else if (call.state === 'wrap_up' && this.current.phase === 'talking') {
      clearTimeout(this.current.timer);
      this.current.phase = 'wrapping';
      this.schedule(this.wrapSeconds(), () => this.wrapUp(call.id));
    }
  }

  async answer(callId) {
    try {
      await this.session.call('POST', `/api/calls/${callId}/answer`);
    } catch (error) {
      // The caller hung up, or the offer ran out, between the offer and the click.
      this.log(`${this.name}: could not answer: ${error.message}`);
      if (this.current?.id === callId) this.current = null;
      return;
    }
    if (this.current?.id !== callId) return;
    this.current.phase = 'talking';
    this.schedule(this.random.logNormal(this.timing.talk, this.timing.talkSigma), () =>
      this.end(callId),
    );
  }

  async end(callId) {
    // 'ending' while the request is out: its own call:updated (state wrap_up) may arrive first
    // and must not start a second wrap-up.
    if (this.current?.id === callId) this.current.phase = 'ending';
    try {
      await this.session.call('POST', `/api/calls/${callId}/end`);
    } catch (error) {
      this.log(`${this.name}: could not end the call: ${error.message}`);
    }
    if (this.current?.id !== callId || this.current.phase !== 'ending') return;
    this.current.phase = 'wrapping';
    this.schedule(this.wrapSeconds(), () => this.wrapUp(callId));
  }

  async wrapUp(callId) {
    try {
      await this.session.call('POST', `/api/calls/${callId}/wrap-up`, {
        disposition: this.random.pick(this.dispositions),
        notes: this.random.pick(NOTES),
      });
      this.handled += 1;
    } catch (error) {
      this.log(`${this.name}: could not wrap up: ${error.message}`);
    }
    if (this.current?.id === callId) this.current = null;
  }

  wrapSeconds() {
    return this.random.logNormal(this.timing.wrap, this.timing.wrapSigma);
  }

  schedule(seconds, action) {
    const current = this.current;
    clearTimeout(current.timer);
    current.timer = setTimeout(() => {
      action().catch((error) => this.log(`${this.name}: ${error.message}`));
    }, seconds * 1000);
  }

  /** Leaves the floor tidy: the call in hand is finished at once, then offline and signed out. */
  async stop() {
    if (this.stopping) return;
    this.stopping = true;
    const current = this.current;
    // Dropped first, so that end() and wrapUp() below schedule nothing more.
    this.current = null;
    if (current) {
      clearTimeout(current.timer);
      if (current.phase === 'ringing') {
        await this.session.call('POST', `/api/calls/${current.id}/reject`).catch(() => undefined);
      } else {
        if (current.phase === 'talking' || current.phase === 'ending') await this.end(current.id);
        await this.wrapUp(current.id);
      }
    }
    await this.session
      .call('PUT', '/api/presence/me', { status: 'offline' })
      .catch(() => undefined);
    this.socket?.disconnect();
    await this.session.signOut();
  }
}
