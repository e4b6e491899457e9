// The simulated PBX: callers arrive per team as a Poisson process, wait in the team's queue, and
// hang up (call.abandoned) when their patience runs out before an agent answers. It learns that a
// call was answered the way a real PBX would from its own bridge, here from the platform's
// `call:updated` events (a monitor socket signed in as the admin), so calls answered by people in
// the agent console count too.
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';

import { postCallEvents } from './client.mjs';
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
    /** externalId -> { externalId, teamId, state, patienceTimer, agentId, id, skill } */
    this.calls = new Map();
    this.arrivalTimers = new Map();
    this.counts = { queued: 0, answered: 0, abandoned: 0, completed: 0, failed: 0 };
    this.waitsMs = [];
    this.abandonedWaitsMs = [];
  }

  /** Calls that have neither been answered nor abandoned yet. */
  get waiting() {
    return [...this.calls.values()].filter((call) => call.state === 'waiting').length;
  }

  /** The calls being talked now, by the platform's id (what a supervisor may assist). */
  get live() {
    return [...this.calls.values()]
      .filter((call) => call.state === 'answered' && call.talking && call.id)
      .map((call) => ({ id: call.id, teamId: call.teamId }));
  }

  /** Calls answered and not yet completed (talking or in wrap-up). */
  get inProgress() {
    return [...this.calls.values()].filter((call) => call.state === 'answered').length;
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
    const waiting = [...this.calls.values()].filter((call) => call.state === 'waiting');
    for (const call of waiting) clearTimeout(call.patienceTimer);
    // The API takes at most 500 events a request.
    for (let start = 0; start < waiting.length; start += 500) {
      const chunk = waiting.slice(start, start + 500);
      const events = chunk.map((call) =>
        this.event({ type: 'call.abandoned', callId: call.externalId }),
      );
      const { results } = await postCallEvents(this.baseUrl, this.integration, events);
      results.forEach((result, index) => {
        if (result.outcome === 'applied') this.markAbandoned(chunk[index]);
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

  event(fields) {
    return {
      id: `${fields.callId}:${fields.type}`,
      occurredAt: new Date().toISOString(),
      ...fields,
    };
  }

  async send(fields) {
    const { results } = await postCallEvents(this.baseUrl, this.integration, [this.event(fields)]);
    return results;
  }

  close() {
    this.stopArrivals();
    for (const call of this.calls.values()) clearTimeout(call.patienceTimer);
    this.monitor?.disconnect();
  }
}
