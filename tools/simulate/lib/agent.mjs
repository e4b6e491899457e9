// A simulated agent: signs in, goes available, and works every call the platform offers it the
// way a person in the agent console would — answer after a short human delay, talk, end the call,
// then wrap up with a disposition and a note. Now and then, part-way through the talk, it hands
// the caller on instead (a blind transfer to another team's queue, a colleague or a number), or
// first consults a colleague or a number and then completes, cancels, or merges the three of them
// into a conference; a colleague it consults takes the call over when it completes. In a
// conference the agent later leaves (the call passes to the colleague, or stays with the outside
// party) or ends the call; whoever's part of a conference ends finishes their after-call work
// and sets themselves available, as a person does in the console.
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
   * @param handOn { transferShare, consultShare, consultComplete, conferenceShare }: the share of
   *   answered calls transferred, and consulted on (then merged into a conference
   *   `conferenceShare` of the time, else completed `consultComplete` of the time, else cancelled)
   */
  constructor({ session, random, timing, dispositions, log, handOn = {} }) {
    this.session = session;
    this.random = random;
    this.timing = timing;
    this.dispositions = dispositions;
    this.log = log;
    this.handOn = {
      transferShare: 0,
      consultShare: 0,
      consultComplete: 0.6,
      conferenceShare: 0,
      ...handOn,
    };
    this.name = session.user.name;
    this.id = session.user.id;
    /**
     * The call in hand: { id, phase, timer }, phase one of 'ringing', 'talking', 'ending',
     * 'wrapping', 'consulting' (the consult leg rings), 'consult-talk' (talking to the
     * consulted party), 'consulted' (a colleague consults this agent), 'conference' (this
     * agent's call is a conference), 'guest' (on a colleague's conference).
     */
    this.current = null;
    this.handled = 0;
    this.counts = { transfers: 0, consults: 0, transferRefused: 0, conferences: 0 };
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
    // A colleague consults this agent: reserved for that call until the consult ends.
    if (!this.current && !this.stopping && call.consult?.agent?.id === this.id) {
      this.current = { id: call.id, phase: 'consulted' };
      return;
    }
    if (!this.current || call.id !== this.current.id) return;
    const mine = call.agent?.id === this.id;
    const conference = call.conference && !call.conference.endedAt ? call.conference : null;
    const onConference = conference?.parties.some(
      (party) => party.user?.id === this.id && party.state !== 'left',
    );
    if (this.current.phase === 'consulted' && onConference && !mine) {
      // The colleague merged the consult: this agent is a party until it leaves or ends.
      this.current.phase = 'guest';
      return;
    }
    if (this.current.phase === 'guest') {
      if (mine && call.state === 'connected') {
        // The call's agent left: the call is this agent's now.
        this.current.phase = 'talking';
        this.schedule(this.talkSeconds() / 2, () => this.end(call.id));
      } else if (!onConference) {
        // This agent's part ended (removed, or the call ended): after-call work, then free.
        this.partEnded();
      }
      return;
    }
    if (['queued', 'abandoned', 'completed', 'failed'].includes(call.state)) {
      clearTimeout(this.current.timer);
      this.current = null;
    } else if (this.current.phase === 'consulted') {
      if (mine && call.state === 'connected') {
        // The consult completed: the caller is this agent's now.
        this.current.phase = 'talking';
        this.schedule(this.talkSeconds(), () => this.end(call.id));
      } else if (call.consult?.agent?.id !== this.id) {
        this.current = null; // cancelled, or failed
      }
    } else if (!mine && call.agent !== null) {
      // Handed on (a transfer to a colleague, a completed consult): no longer this agent's.
      clearTimeout(this.current.timer);
      this.current = null;
    } else if (call.state === 'wrap_up' && this.current.phase === 'talking') {
      clearTimeout(this.current.timer);
      this.current.phase = 'wrapping';
      this.schedule(this.wrapSeconds(), () => this.wrapUp(call.id));
    } else if (this.current.phase === 'consulting' && call.consult?.answeredAt) {
      // The consulted party picked up: talk to them, then hand the caller over or take them back.
      this.current.phase = 'consult-talk';
      this.schedule(this.random.logNormal(6, 0.5), () => this.finishConsult(call.id));
    } else if (
      (this.current.phase === 'consulting' || this.current.phase === 'consult-talk') &&
      call.consult === null &&
      !conference
    ) {
      // The PBX reported the consult leg failed: the caller is back; the talk goes on.
      this.current.phase = 'talking';
      this.schedule(this.talkSeconds() / 2, () => this.end(call.id));
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
    // Most calls are finished here; some are handed on part-way through the talk.
    const draw = this.random.uniform();
    const { consultShare, transferShare } = this.handOn;
    if (draw <= consultShare) {
      this.schedule(this.talkSeconds() / 2, () => this.consult(callId));
    } else if (draw <= consultShare + transferShare) {
      this.schedule(this.talkSeconds() / 2, () => this.transfer(callId));
    } else {
      this.schedule(this.talkSeconds(), () => this.end(callId));
    }
  }

  talkSeconds() {
    return this.random.logNormal(this.timing.talk, this.timing.talkSigma);
  }

  /**
   * Where to hand a call on: another team's queue (half the time), an available colleague, or an
   * outside number, as the transfer targets allow; null when there is nowhere (the call is ended).
   */
  async handOnTarget(call, kinds) {
    const targets = await this.session.call('GET', '/api/calls/transfer-targets');
    const teams = targets.teams.filter((team) => team.id !== call.teamId);
    const colleagues = targets.agents.filter((agent) => agent.status === 'available');
    const choices = [];
    for (const kind of kinds) {
      if (kind === 'queue' && teams.length > 0) {
        const team = this.random.pick(teams);
        choices.push({ weight: 0.5, target: { type: 'queue', teamId: team.id } });
      }
      if (kind === 'agent' && colleagues.length > 0) {
        const colleague = this.random.pick(colleagues);
        choices.push({
          weight: 0.3,
          target: { type: 'agent', agentId: colleague.id, teamId: colleague.teamId },
        });
      }
      if (kind === 'number') {
        choices.push({ weight: 0.2, target: { type: 'number', to: '+15550177' } });
      }
    }
    if (choices.length === 0) return null;
    let draw = this.random.uniform() * choices.reduce((sum, choice) => sum + choice.weight, 0);
    for (const choice of choices) {
      draw -= choice.weight;
      if (draw <= 0) return choice.target;
    }
    return choices.at(-1).target;
  }

  /** A blind transfer; when refused (the colleague got busy, no permission) the talk ends as usual. */
  async transfer(callId) {
    if (this.current?.id !== callId) return;
    try {
      const { call } = await this.session.call('GET', `/api/calls/${callId}`);
      const target = await this.handOnTarget(call, ['queue', 'agent', 'number']);
      if (!target) return this.end(callId);
      await this.session.call('POST', `/api/calls/${callId}/transfer`, { target });
      this.counts.transfers += 1;
      if (this.current?.id === callId) this.current = null;
    } catch (error) {
      this.counts.transferRefused += 1;
      this.log(`${this.name}: transfer refused: ${error.message}`);
      if (this.current?.id === callId && this.current.phase === 'talking') await this.end(callId);
    }
  }

  /**
   * Holds the caller and consults a colleague or a number; the PBX reports whether the leg is
   * answered (`updated` follows it). Should it say nothing, the consult is cancelled after a while.
   */
  async consult(callId) {
    if (this.current?.id !== callId) return;
    try {
      const { call } = await this.session.call('GET', `/api/calls/${callId}`);
      const target = await this.handOnTarget(call, ['agent', 'number']);
      if (!target) return this.end(callId);
      if (this.current?.id !== callId) return;
      this.current.phase = 'consulting';
      await this.session.call('POST', `/api/calls/${callId}/consult`, { target });
      this.counts.consults += 1;
      if (this.current?.id === callId && this.current.phase === 'consulting') {
        this.schedule(30, () => this.finishConsult(callId, 'cancel'));
      }
    } catch (error) {
      this.log(`${this.name}: consult refused: ${error.message}`);
      if (this.current?.id === callId) {
        this.current.phase = 'talking';
        this.schedule(this.talkSeconds() / 2, () => this.end(callId));
      }
    }
  }

  /**
   * Merges the consult into a conference, completes it (the caller goes over), or cancels it and
   * finishes the call itself.
   */
  async finishConsult(callId, outcome) {
    if (this.current?.id !== callId) return;
    if (!outcome && this.random.uniform() <= this.handOn.conferenceShare) {
      return this.conference(callId);
    }
    const choice =
      outcome ?? (this.random.uniform() <= this.handOn.consultComplete ? 'complete' : 'cancel');
    try {
      await this.session.call('POST', `/api/calls/${callId}/consult/${choice}`);
    } catch (error) {
      // The PBX closed it first (the leg failed), or the caller hung up: `updated` follows.
      this.log(`${this.name}: could not ${choice} the consult: ${error.message}`);
      return;
    }
    if (this.current?.id !== callId) return;
    if (choice === 'complete') {
      this.current = null;
    } else {
      this.current.phase = 'talking';
      this.schedule(this.talkSeconds() / 2, () => this.end(callId));
    }
  }

  /**
   * The caller, this agent and the consulted party talk together; after a while the agent leaves
   * (half the time: the call passes to a consulted colleague, or stays with the outside party) or
   * ends the call for everyone.
   */
  async conference(callId) {
    try {
      await this.session.call('POST', `/api/calls/${callId}/conference`);
    } catch (error) {
      // The leg failed or the caller hung up meanwhile: `updated` follows; else finish as usual.
      this.log(`${this.name}: could not merge the consult: ${error.message}`);
      if (this.current?.id === callId && this.current.phase === 'consult-talk') {
        return this.finishConsult(callId, 'cancel');
      }
      return;
    }
    this.counts.conferences += 1;
    if (this.current?.id !== callId) return;
    this.current.phase = 'conference';
    this.schedule(this.talkSeconds() / 2, () =>
      this.random.uniform() < 0.5 ? this.leaveConference(callId) : this.end(callId),
    );
  }

  async leaveConference(callId) {
    if (this.current?.id !== callId) return;
    try {
      await this.session.call('POST', `/api/calls/${callId}/conference/leave`);
    } catch (error) {
      // Nobody else has joined (409), or the call ended meanwhile: end it as usual.
      this.log(`${this.name}: could not leave the conference: ${error.message}`);
      return this.end(callId);
    }
    this.partEnded();
  }

  /**
   * This agent's part of a conference is over: its presence is in after-call work without a call
   * (there is no wrap-up form for a part), so it sets itself available after the usual time.
   */
  partEnded() {
    if (this.current) clearTimeout(this.current.timer);
    this.current = null;
    const timer = setTimeout(() => {
      if (this.stopping || this.current) return;
      this.session
        .call('PUT', '/api/presence/me', { status: 'available' })
        .catch((error) => this.log(`${this.name}: could not become available: ${error.message}`));
    }, this.wrapSeconds() * 1000);
    this.partTimers = [...(this.partTimers ?? []), timer];
  }

  async end(callId) {
    if (this.current?.id !== callId) return;
    // 'ending' while the request is out: its own call:updated (state wrap_up) may arrive first
    // and must not start a second wrap-up.
    this.current.phase = 'ending';
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
    for (const timer of this.partTimers ?? []) clearTimeout(timer);
    const current = this.current;
    // Dropped first, so that end() and wrapUp() below schedule nothing more.
    this.current = null;
    if (current && current.phase === 'guest') {
      await this.session
        .call('POST', `/api/calls/${current.id}/conference/leave`)
        .catch(() => undefined);
    } else if (current && current.phase !== 'consulted') {
      clearTimeout(current.timer);
      const call = (path) =>
        this.session.call('POST', `/api/calls/${current.id}/${path}`).catch(() => undefined);
      if (current.phase === 'ringing') {
        await call('reject');
      } else {
        if (current.phase === 'consulting' || current.phase === 'consult-talk') {
          await call('consult/cancel');
        }
        if (current.phase !== 'wrapping') await call('end');
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
