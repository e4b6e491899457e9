// The simulated PBX: callers arrive per team as a Poisson process, wait in the team's queue, and
// hang up (call.abandoned) when their patience runs out before an agent answers. It learns that a
// call was answered the way a real PBX would from its own bridge, here from the platform's
// `call:updated` events (a monitor socket signed in as the admin), so calls answered by people in
// the agent console count too. It also takes the platform's signed commands on its webhook and
// carries out transfers and consults: it confirms each `call.transfer` with `call.transferred`
// and rings each consult's target, reporting `call.consult.answered` or `call.consult.failed`;
// a party added to a conference is confirmed on the line (`conference.party_joined`).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { io } from 'socket.io-client';

import { SIGNATURE_HEADER, postCallEvents } from './client.mjs';
import { callerChoice } from './skills.mjs';

const ANSWERED_STATES = ['connected', 'on_hold', 'wrap_up', 'completed'];

export class Pbx {
  /**
   * @param teams [{ id, name }]: the queues callers arrive at
   * @param random the run's Random (one stream per team is forked from it)
   * @param options { rate, teamRates, patience, patienceDist, patienceSigma, skillShare,
   *   skillMaxLevel }; teamRates maps a team name or id to its own rate (calls per minute),
   *   overriding `rate`
   * @param skills the names of the skills callers may choose in the IVR
   */
  constructor({ admin, integration, teams, random, options, log, skills = [] }) {
    this.admin = admin;
    this.baseUrl = admin.baseUrl;
    this.integration = integration;
    this.teams = teams;
    this.random = random;
    this.options = options;
    this.log = log;
    this.skills = skills;
    // Event ids must never repeat for an integration (a repeat is a duplicate), even when a run
    // replays a seed, so the run id is not drawn from the seeded stream.
    this.runId = randomBytes(4).toString('hex');
    this.sequence = 0;
    /**
     * externalId -> { externalId, teamId, state, patienceTimer, agentId, id, skill, waitingAgain }
     * (`waitingAgain`: answered, then transferred to a queue or an agent, not yet answered again)
     */
    this.calls = new Map();
    this.arrivalTimers = new Map();
    this.counts = { queued: 0, answered: 0, abandoned: 0, completed: 0, failed: 0 };
    /** Commands carried out: transfers by target type, consults by outcome. */
    this.transfers = { queue: 0, agent: 0, number: 0 };
    this.consults = { started: 0, answered: 0, failed: 0, completed: 0, cancelled: 0 };
    /** Conferences: consults merged, left by the call's agent, ended with the call. */
    this.conferences = { merged: 0, left: 0, ended: 0 };
    /** Callers who hung up while waiting again after a transfer (not abandons: they were answered). */
    this.hungUpAfterTransfer = 0;
    /** consultId -> the timer of its ringing leg. */
    this.consultLegs = new Map();
    /** Webhook action ids carried out: a delivery repeated by the platform is done once. */
    this.actionsDone = new Set();
    this.consultRandom = random.fork('consults');
    this.waitsMs = [];
    this.abandonedWaitsMs = [];
  }

  /** Calls waiting for an agent: not answered yet, or waiting again after a transfer. */
  get waiting() {
    return [...this.calls.values()].filter((call) => call.state === 'waiting' || call.waitingAgain)
      .length;
  }

  /** The calls being talked now, by the platform's id (what a supervisor may assist). */
  get live() {
    return [...this.calls.values()]
      .filter((call) => call.state === 'answered' && call.talking && call.id)
      .map((call) => ({ id: call.id, teamId: call.teamId }));
  }

  /** Calls answered and not yet completed (talking or in wrap-up). */
  get inProgress() {
    return [...this.calls.values()].filter(
      (call) => call.state === 'answered' && !call.waitingAgain,
    ).length;
  }

  /**
   * Listens for the platform's commands (the integration's webhook) on `host:port` (0: any free
   * port); answers the URL to register. Every command is checked against the integration's
   * secret, acknowledged at once (204) and carried out after.
   */
  async startWebhooks({ host = '127.0.0.1', port = 0 } = {}) {
    this.webhookServer = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (!this.signedByPlatform(String(request.headers[SIGNATURE_HEADER] ?? ''), body)) {
          response.statusCode = 401;
          response.end();
          return;
        }
        response.statusCode = 204;
        response.end();
        let action;
        try {
          action = JSON.parse(body);
        } catch {
          return;
        }
        this.command(action).catch((error) =>
          this.log(`${action.type} for ${action.externalId} failed: ${error.message}`),
        );
      });
    });
    await new Promise((resolve, reject) => {
      this.webhookServer.once('error', reject);
      this.webhookServer.listen(port, host, resolve);
    });
    const address = this.webhookServer.address();
    const shown = host.includes(':') ? `[${host}]` : host;
    return `http://${shown}:${address.port}/webhook`;
  }

  /** `t=<unix seconds>,v1=<hex>` over "<t>.<body>" with the integration's secret, within 300 s. */
  signedByPlatform(header, body) {
    const parts = header.split(',').map((part) => part.trim().split('='));
    const t = Number(parts.find(([key]) => key === 't')?.[1]);
    if (!Number.isFinite(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
    const expected = createHmac('sha256', this.integration.secret).update(`${t}.${body}`).digest();
    return parts
      .filter(([key]) => key === 'v1')
      .some(([, value]) => {
        const given = Buffer.from(value ?? '', 'hex');
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
  }

  /** Carries out one command of the platform, once per action id. */
  async command(action) {
    if (this.actionsDone.has(action.id)) return;
    this.actionsDone.add(action.id);
    const call = this.calls.get(action.externalId);
    if (!call) return; // a call this run did not place (another run's, or a person's test call)
    switch (action.type) {
      case 'call.transfer':
        return this.transfer(call, action);
      case 'call.consult':
        return this.consult(call, action);
      case 'call.consult_complete':
      case 'call.consult_cancel':
        // The consult leg is bridged to the caller, or dropped: it rings no more.
        clearTimeout(this.consultLegs.get(action.consultId));
        this.consultLegs.delete(action.consultId);
        this.consults[action.type === 'call.consult_complete' ? 'completed' : 'cancelled'] += 1;
        return;
      case 'call.conference':
        this.conferences.merged += 1;
        return;
      case 'call.conference_add':
        return this.joinParty(call, action);
      case 'call.conference_leave':
        this.conferences.left += 1;
        return;
      case 'call.conference_end':
        this.conferences.ended += 1;
        return;
      default:
        // Answer, hold, hang up, offers...: a real PBX bridges them; nothing to report here.
        return;
    }
  }

  /**
   * `call.conference_add`: the bridge rings the new party, who picks up a moment later; the PBX
   * says so (`conference.party_joined`). A merged consult's parties are on the line already.
   */
  async joinParty(call, action) {
    if (!action.party?.id) return;
    await this.send(
      { type: 'conference.party_joined', callId: call.externalId, partyId: action.party.id },
      `party-joined:${action.party.id}`,
    ).catch((error) => this.log(`conference.party_joined failed: ${error.message}`));
  }

  /**
   * `call.transfer`: the caller is handed on, and the PBX says so (`call.transferred`; the
   * platform recorded the transfer already and acknowledges it). To a queue or an agent the
   * caller waits again, with a new patience.
   */
  async transfer(call, action) {
    const target = action.target ?? {};
    if (!(target.type in this.transfers)) return;
    this.transfers[target.type] += 1;
    const fields =
      target.type === 'number'
        ? { transferTo: target.to }
        : { transferTeamId: target.teamId ?? call.teamId };
    await this.send(
      { type: 'call.transferred', callId: call.externalId, ...fields },
      `transfer:${action.id}`,
    );
    if (target.type === 'number') return;
    call.teamId = fields.transferTeamId;
    call.waitingAgain = true;
    this.waitAgain(call);
  }

  /** A caller waiting again after a transfer hangs up when their patience runs out. */
  waitAgain(call) {
    clearTimeout(call.patienceTimer);
    call.transfers = (call.transfers ?? 0) + 1;
    const random = this.random.fork(`again:${call.externalId}:${call.transfers}`);
    call.patienceTimer = setTimeout(
      () => {
        if (!call.waitingAgain) return;
        this.send(
          { type: 'call.abandoned', callId: call.externalId },
          `abandoned-again:${Date.now()}`,
        )
          .then(([result]) => {
            if (result?.outcome === 'applied') this.endedWaitingAgain(call);
          })
          .catch((error) =>
            this.log(`call.abandoned for ${call.externalId} failed: ${error.message}`),
          );
      },
      random.exponential(this.options.patience) * 1000,
    );
  }

  endedWaitingAgain(call) {
    if (!call.waitingAgain) return;
    call.waitingAgain = false;
    call.state = 'ended';
    this.hungUpAfterTransfer += 1;
  }

  /**
   * `call.consult`: the PBX holds the caller and rings the target. After a few seconds the
   * target picks up (`--consult-answer` of the time) or the leg fails (no answer after a long
   * ring, busy or unreachable at once), reported with the consult's id.
   */
  async consult(call, action) {
    if (!action.consultId) return;
    this.consults.started += 1;
    const random = this.consultRandom;
    const answers = random.uniform() < (this.options.consultAnswer ?? 0.75);
    const reason = answers ? null : random.pick(['no_answer', 'no_answer', 'busy', 'unreachable']);
    const ringSeconds =
      reason === 'busy' || reason === 'unreachable'
        ? random.logNormal(1.5, 0.3)
        : reason === 'no_answer'
          ? random.logNormal(12, 0.2)
          : random.logNormal(4, 0.4);
    this.consultLegs.set(
      action.consultId,
      setTimeout(() => {
        this.consultLegs.delete(action.consultId);
        const fields = answers
          ? { type: 'call.consult.answered' }
          : { type: 'call.consult.failed', failureReason: reason };
        this.send(
          { ...fields, callId: call.externalId, consultId: action.consultId },
          action.consultId,
        )
          .then(([result]) => {
            if (result?.outcome === 'applied') this.consults[answers ? 'answered' : 'failed'] += 1;
          })
          .catch((error) =>
            this.log(`${fields.type} for ${call.externalId} failed: ${error.message}`),
          );
      }, ringSeconds * 1000),
    );
  }

  async connectMonitor() {
    this.monitor = io(this.baseUrl, {
      auth: (send) => send({ token: this.admin.token }),
      transports: ['websocket'],
      forceNew: true,
    });
    this.admin.onTokenRenewed((token) => this.monitor.emit('auth:renew', token, () => undefined));
    this.monitor.on('call:updated', ({ call }) => this.followed(call));
    await new Promise((resolve, reject) => {
      this.monitor.once('connect', resolve);
      this.monitor.once('connect_error', (error) =>
        reject(new Error(`the monitor socket was refused: ${error.message}`)),
      );
    });
  }

  /** Starts the arrivals; `maxCalls` (0 = unlimited) bounds the total over all teams. */
  startArrivals(maxCalls = 0) {
    this.maxCalls = maxCalls;
    for (const team of this.teams) {
      const random = this.random.fork(`team:${team.id}`);
      const rate = this.rateOf(team);
      if (rate <= 0) continue;
      const next = () => {
        const gapSeconds = random.exponential(60 / rate);
        this.arrivalTimers.set(
          team.id,
          setTimeout(() => {
            if (this.maxCalls && this.sequence >= this.maxCalls) return this.stopArrivals();
            this.arrive(team, random).catch((error) =>
              this.log(`call.queued for ${team.name} failed: ${error.message}`),
            );
            next();
          }, gapSeconds * 1000),
        );
      };
      next();
    }
  }

  /** Calls per minute at this team: its own rate from --team-rate, else --rate. */
  rateOf(team) {
    const rates = this.options.teamRates ?? {};
    return rates[team.name] ?? rates[team.id] ?? this.options.rate;
  }

  stopArrivals() {
    for (const timer of this.arrivalTimers.values()) clearTimeout(timer);
    this.arrivalTimers.clear();
    this.arrivalsStopped = true;
  }

  get allArrived() {
    return this.arrivalsStopped || (this.maxCalls > 0 && this.sequence >= this.maxCalls);
  }

  async arrive(team, random) {
    this.sequence += 1;
    const externalId = `sim-${this.runId}-${this.sequence}`;
    const call = { externalId, teamId: team.id, state: 'waiting', queuedAtMs: Date.now() };
    this.calls.set(externalId, call);
    const from = `+1555${String(random.int(1e7)).padStart(7, '0')}`;
    // What the caller chose in the IVR (a language, a product): the call requires that skill.
    const requiredSkills = callerChoice(
      random,
      this.skills,
      this.options.skillShare ?? 0,
      this.options.skillMaxLevel ?? 3,
    );
    call.skill = requiredSkills?.[0]?.skill;
    await this.send({
      type: 'call.queued',
      callId: externalId,
      teamId: team.id,
      direction: 'inbound',
      from,
      to: '+15550199',
      ...(requiredSkills ? { requiredSkills } : {}),
    });
    this.counts.queued += 1;
    const patience =
      this.options.patienceDist === 'lognormal'
        ? random.logNormal(this.options.patience, this.options.patienceSigma)
        : random.exponential(this.options.patience);
    call.patienceTimer = setTimeout(() => {
      this.hangUp(call).catch((error) =>
        this.log(`call.abandoned for ${externalId} failed: ${error.message}`),
      );
    }, patience * 1000);
  }

  /** The caller gives up. If an agent answered in the meantime the platform ignores the event. */
  async hangUp(call) {
    if (call.state !== 'waiting') return;
    const [result] = await this.send({ type: 'call.abandoned', callId: call.externalId });
    if (result?.outcome === 'applied') this.markAbandoned(call);
  }

  /** Every caller still waiting hangs up now (used on shutdown, so no call is left queued). */
  async hangUpAll() {
    const waiting = [...this.calls.values()].filter(
      (call) => call.state === 'waiting' || call.waitingAgain,
    );
    for (const call of waiting) clearTimeout(call.patienceTimer);
    // The API takes at most 500 events a request.
    for (let start = 0; start < waiting.length; start += 500) {
      const chunk = waiting.slice(start, start + 500);
      const events = chunk.map((call) =>
        this.event({ type: 'call.abandoned', callId: call.externalId }, 'stop'),
      );
      const { results } = await postCallEvents(this.baseUrl, this.integration, events);
      results.forEach((result, index) => {
        if (result.outcome !== 'applied') return;
        const call = chunk[index];
        if (call.waitingAgain) this.endedWaitingAgain(call);
        else this.markAbandoned(call);
      });
    }
  }

  markAbandoned(call) {
    if (call.state !== 'waiting') return;
    call.state = 'abandoned';
    this.counts.abandoned += 1;
    this.abandonedWaitsMs.push(Date.now() - call.queuedAtMs);
  }

  /** A `call:updated` seen by the monitor: the PBX's view of the bridge. */
  followed(view) {
    if (view.integrationId !== this.integration.id) return;
    const call = this.calls.get(view.externalId);
    if (!call) return;
    call.id = view.id;
    call.talking = view.state === 'connected' || view.state === 'on_hold';
    if (call.waitingAgain && (call.talking || view.state === 'wrap_up')) {
      // Answered again after a transfer (or handed to a consulted agent at once).
      call.waitingAgain = false;
      clearTimeout(call.patienceTimer);
    }
    if (call.waitingAgain && view.state === 'abandoned') this.endedWaitingAgain(call);
    if (call.state === 'waiting' && ANSWERED_STATES.includes(view.state)) {
      clearTimeout(call.patienceTimer);
      call.state = 'answered';
      call.agentId = view.agent?.id;
      this.counts.answered += 1;
      if (view.answeredAt && view.queuedAt) {
        const waitMs = Date.parse(view.answeredAt) - Date.parse(view.queuedAt);
        this.waitsMs.push(waitMs);
        call.waitMs = waitMs;
      }
    }
    if (view.state === 'abandoned') {
      clearTimeout(call.patienceTimer);
      this.markAbandoned(call);
    }
    if (call.state === 'answered' && view.state === 'completed') {
      call.state = 'completed';
      this.counts.completed += 1;
    }
  }

  /** An event; `key` tells apart events of one type that a call may have several of. */
  event(fields, key) {
    return {
      id: `${fields.callId}:${fields.type}${key ? `:${key}` : ''}`,
      occurredAt: new Date().toISOString(),
      ...fields,
    };
  }

  async send(fields, key) {
    const { results } = await postCallEvents(this.baseUrl, this.integration, [
      this.event(fields, key),
    ]);
    return results;
  }

  close() {
    this.stopArrivals();
    for (const call of this.calls.values()) clearTimeout(call.patienceTimer);
    for (const timer of this.consultLegs.values()) clearTimeout(timer);
    this.consultLegs.clear();
    this.monitor?.disconnect();
    this.webhookServer?.closeAllConnections?.();
    this.webhookServer?.close();
  }
}
