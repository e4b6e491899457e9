// Synthetic contact-center history for the stats bench: seeded, chronological, and consistent
// with the call state machine (apps/api/src/calls/call-state-machine.ts): every timestamp and
// millisecond column of a call agrees with the others, so rollups rebuilt from these rows are
// what the live path would have written.
//
// Rows come out as lines of PostgreSQL's COPY text format (tab-separated, \N for null).

const MINUTE = 60_000;
const BUCKET = 15 * MINUTE;
const DAY = 24 * 60 * MINUTE;

/** Relative call arrivals by hour of the day (UTC, the bench's organisation zone). */
const HOURLY = [
  0.08, 0.05, 0.04, 0.04, 0.05, 0.1, 0.25, 0.55, 0.9, 1.0, 1.0, 0.95, 0.8, 0.85, 0.95, 0.95, 0.85,
  0.7, 0.5, 0.38, 0.3, 0.22, 0.16, 0.11,
];
const WEEKEND_FACTOR = 0.45;

const INBOUND_DISPOSITIONS = [
  ['resolved', 0.48],
  ['sale', 0.1],
  ['callback', 0.12],
  ['escalated', 0.08],
  ['not_resolved', 0.14],
  ['wrong_number', 0.08],
];
const OUTBOUND_DISPOSITIONS = [
  ['sale', 0.3],
  ['resolved', 0.2],
  ['callback', 0.3],
  ['not_resolved', 0.2],
];
const BREAK_REASONS = ['short_break', 'training', 'meeting', 'coaching', 'admin_work'];

/** mulberry32: small, fast and good enough for synthetic data; seeded for repeatable runs. */
export function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare = null;
  const normal = () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = next() || Number.MIN_VALUE;
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    /** Log-normal with the given median and shape (sigma of the underlying normal). */
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    between: (low, high) => low + (high - low) * next(),
    int: (n) => Math.floor(next() * n),
    pick: (weighted) => {
      let r = next();
      for (const [value, weight] of weighted) {
        r -= weight;
        if (r < 0) return value;
      }
      return weighted[weighted.length - 1][0];
    },
    /** Random 128 bits as a UUIDv7: the time prefix keeps primary-key inserts at the index's end. */
    uuid7: (ms) => {
      const hex = ms.toString(16).padStart(12, '0');
      const r1 = ((next() * 0x1000) | 0).toString(16).padStart(3, '0');
      const r2 = (0x8000 | ((next() * 0x4000) | 0)).toString(16);
      const r3 = ((next() * 0x1000000) | 0).toString(16).padStart(6, '0');
      const r4 = ((next() * 0x1000000) | 0).toString(16).padStart(6, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8)}-7${r1}-${r2}-${r3}${r4}`;
    },
  };
}

const iso = (ms) => new Date(ms).toISOString();
const col = (value) => (value === null || value === undefined ? '\\N' : String(value));
const line = (values) => `${values.map(col).join('\t')}\n`;

/**
 * Calls per 15-minute slot over `days` days ending at `now`: the hourly curve, quieter weekends,
 * the last slot cut at `now`. Integer counts that add up to exactly `total`.
 */
export function arrivalSlots(total, days, now) {
  const first = Math.floor((now - days * DAY) / BUCKET) * BUCKET;
  const slots = [];
  let weightSum = 0;
  for (let start = first; start < now; start += BUCKET) {
    const date = new Date(start);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const length = Math.min(BUCKET, now - start);
    const weight = HOURLY[date.getUTCHours()] * (weekend ? WEEKEND_FACTOR : 1) * (length / BUCKET);
    slots.push({ start, length, weight });
    weightSum += weight;
  }
  let carry = 0;
  let given = 0;
  for (const slot of slots) {
    carry += (total * slot.weight) / weightSum;
    slot.count = Math.floor(carry) - given;
    given += slot.count;
  }
  slots[slots.length - 1].count += total - given;
  return slots;
}

export const CALL_COLUMNS = [
  'id',
  'team_id',
  'direction',
  'state',
  'from_number',
  'to_number',
  'agent_id',
  'queued_at',
  'offered_at',
  'offer_expires_at',
  'answered_at',
  'hold_started_at',
  'ended_at',
  'completed_at',
  'wait_ms',
  'ring_ms',
  'talk_ms',
  'hold_ms',
  'hold_count',
  'after_call_work_ms',
  'disposition_code',
  'created_at',
  'updated_at',
];
export const EVENT_COLUMNS = [
  'id',
  'call_id',
  'type',
  'from_state',
  'to_state',
  'agent_id',
  'actor_id',
  'source',
  'occurred_at',
];
export const QA_COLUMNS = ['id', 'call_id', 'reviewer_id', 'score', 'created_at'];
export const PRESENCE_COLUMNS = [
  'id',
  'user_id',
  'status',
  'reason_code',
  'started_at',
  'ended_at',
];

/**
 * Draws one call's whole life: direction, outcome and durations. Times are epoch milliseconds.
 * Outbound (12 %): dialing, then failed (18 %) or connected. Inbound: 8 % abandon (a quarter of
 * them within the 5 s short-abandon threshold); the others wait (log-normal, median 11 s; the
 * offer rings 2-8 s of it; 3 % first rang at an agent who missed it), talk (log-normal, median
 * 170 s), 15 % hold once or twice, then after-call work (median 28 s) and a disposition.
 */
function drawCall(rng, at, team, offerTimeoutMs) {
  const agentId = team.agents[rng.int(team.agents.length)];
  const call = { at, agentId, outbound: false, outcome: 'completed', holds: [], ringMs: 0 };
  if (rng.next() < 0.12) {
    call.outbound = true;
    call.answeredAt = at + Math.round(rng.between(4_000, 25_000));
    if (rng.next() < 0.18) {
      call.outcome = 'failed';
      call.completedAt = call.answeredAt;
      call.answeredAt = null;
      return call;
    }
  } else if (rng.next() < 0.08) {
    call.outcome = 'abandoned';
    call.waitMs =
      rng.next() < 0.25
        ? Math.round(rng.between(500, 4_900))
        : Math.round(Math.min(rng.logNormal(55_000, 0.8), 900_000));
    call.completedAt = at + call.waitMs;
    return call;
  } else {
    const ringMs = Math.round(rng.between(2_000, 8_000));
    const missed = rng.next() < 0.03;
    const waitMs = Math.round(Math.min(rng.logNormal(11_000, 1.0), 600_000));
    call.waitMs = Math.max(waitMs, ringMs + (missed ? offerTimeoutMs + 500 : 0));
    call.answeredAt = at + call.waitMs;
    call.offeredAt = call.answeredAt - ringMs;
    call.ringMs = ringMs;
    if (missed) {
      call.missed = {
        agentId: team.agents[rng.int(team.agents.length)],
        at: call.offeredAt - offerTimeoutMs - 500,
      };
      call.ringMs += offerTimeoutMs;
    }
  }
  call.talkMs = Math.round(Math.min(rng.logNormal(170_000, 0.65), 5_400_000));
  call.holdMs = 0;
  if (rng.next() < 0.15) {
    let cursor = call.answeredAt + Math.round(call.talkMs * 0.3);
    for (let n = rng.next() < 0.8 ? 1 : 2; n > 0; n -= 1) {
      const length = Math.round(Math.min(rng.logNormal(40_000, 0.7), 900_000));
      call.holds.push([cursor, length]);
      call.holdMs += length;
      cursor += length + Math.round(call.talkMs * 0.2);
    }
  }
  call.endedAt = call.answeredAt + call.talkMs + call.holdMs;
  call.acwMs = Math.round(Math.min(rng.logNormal(28_000, 0.7), 1_800_000));
  call.completedAt = call.endedAt + call.acwMs;
  call.disposition = rng.pick(call.outbound ? OUTBOUND_DISPOSITIONS : INBOUND_DISPOSITIONS);
  return call;
}

/** The call's events as the API records them: [type, from, to, at, source, agent, actor]. */
function timeline(call, offerTimeoutMs) {
  const { agentId } = call;
  const events = [];
  if (call.outbound) {
    events.push(['dialing', null, 'dialing', call.at, 'agent', agentId, agentId]);
    if (call.outcome === 'failed') {
      events.push(['failed', 'dialing', 'failed', call.completedAt, 'agent', agentId, agentId]);
      return events;
    }
  } else {
    events.push(['queued', null, 'queued', call.at, 'pbx', null, null]);
    if (call.outcome === 'abandoned') {
      events.push(['abandoned', 'queued', 'abandoned', call.completedAt, 'pbx', null, null]);
      return events;
    }
    if (call.missed) {
      const { agentId: other, at } = call.missed;
      events.push(['offered', 'queued', 'offered', at, 'system', other, null]);
      events.push(['missed', 'offered', 'queued', at + offerTimeoutMs, 'system', other, null]);
    }
    events.push(['offered', 'queued', 'offered', call.offeredAt, 'system', agentId, null]);
  }
  const from = call.outbound ? 'dialing' : 'offered';
  events.push(['connected', from, 'connected', call.answeredAt, 'agent', agentId, agentId]);
  for (const [start, length] of call.holds) {
    events.push(['held', 'connected', 'on_hold', start, 'agent', agentId, agentId]);
    events.push(['resumed', 'on_hold', 'connected', start + length, 'agent', agentId, agentId]);
  }
  events.push(['ended', 'connected', 'wrap_up', call.endedAt, 'pbx', agentId, null]);
  events.push(['wrapped_up', 'wrap_up', 'completed', call.completedAt, 'agent', agentId, agentId]);
  return events;
}

/**
 * Only the events `npm run stats:rebuild` reads (docs/metrics.md): the offers (`offered`,
 * `missed`, `rejected`, by agent) and the `dialing` that started an outbound call.
 */
function rollupEvents(call, offerTimeoutMs) {
  const { agentId } = call;
  if (call.outbound) return [['dialing', null, 'dialing', call.at, 'agent', agentId, agentId]];
  if (call.outcome === 'abandoned') return [];
  const events = [];
  if (call.missed) {
    const { agentId: other, at } = call.missed;
    events.push(['offered', 'queued', 'offered', at, 'system', other, null]);
    events.push(['missed', 'offered', 'queued', at + offerTimeoutMs, 'system', other, null]);
  }
  events.push(['offered', 'queued', 'offered', call.offeredAt, 'system', agentId, null]);
  return events;
}

/**
 * The `calls` columns of a call still in progress at `now`, as far as its events got: queued,
 * ringing, dialing, talking, on hold or in wrap-up.
 */
function inProgressColumns(call, events, offerTimeoutMs) {
  const last = events[events.length - 1];
  const state = last[2];
  const type = last[0];
  const answered = events.find((event) => event[0] === 'connected');
  const ended = events.find((event) => event[0] === 'ended');
  const holds = events.filter((event) => event[0] === 'held').length;
  const closedHoldMs = call.holds
    .slice(0, events.filter((event) => event[0] === 'resumed').length)
    .reduce((sum, [, length]) => sum + length, 0);
  const missedDone = events.some((event) => event[0] === 'missed');
  return {
    state,
    agentId: state === 'queued' ? null : call.agentId,
    offeredAt: type === 'offered' ? last[3] : null,
    offerExpiresAt: type === 'offered' ? last[3] + offerTimeoutMs : null,
    answeredAt: answered ? answered[3] : null,
    holdStartedAt: state === 'on_hold' ? last[3] : null,
    endedAt: ended ? ended[3] : null,
    completedAt: null,
    waitMs: answered && !call.outbound ? call.waitMs : null,
    ringMs: answered ? call.ringMs : missedDone ? offerTimeoutMs : 0,
    talkMs: ended ? call.talkMs : null,
    holdMs: ended ? call.holdMs : closedHoldMs,
    holdCount: holds,
    acwMs: null,
    disposition: null,
    updatedAt: last[3],
  };
}

/**
 * Generates calls one at a time, in arrival order. `teams` are `{ id, weight, agents: [ids],
 * supervisorId, did }`. A call still in progress at `now` is written in the state it has reached
 * and listed in `out.inProgress`. Calls that arrived at or after `timelineFrom` (and calls in
 * progress) get their whole timeline in `call_events`, older ones only the events the rollup
 * rebuild reads (about one per call instead of five or six). QA reviews for 2 % of completed calls.
 */
export function createCallFactory({ rng, teams, now, timelineFrom, offerTimeoutMs = 15_000 }) {
  const teamWeights = teams.map((team) => [team, team.weight]);
  const weightSum = teams.reduce((sum, team) => sum + team.weight, 0);
  for (const entry of teamWeights) entry[1] /= weightSum;
  const stats = { calls: 0, events: 0, reviews: 0, abandoned: 0, outbound: 0, inProgress: 0 };

  return {
    stats,
    /** Appends the call arriving at `at` (its row, events and review) to `out`'s arrays. */
    call(at, out) {
      const team = rng.pick(teamWeights);
      const call = drawCall(rng, at, team, offerTimeoutMs);
      const id = rng.uuid7(at);
      const phone = `+1555${1_000_000 + rng.int(9_000_000)}`;
      stats.calls += 1;
      if (call.outbound) stats.outbound += 1;
      if (call.outcome === 'abandoned') stats.abandoned += 1;

      let columns;
      let events = null;
      if (call.completedAt > now) {
        stats.inProgress += 1;
        events = timeline(call, offerTimeoutMs).filter((event) => event[3] <= now);
        columns = inProgressColumns(call, events, offerTimeoutMs);
        out.inProgress.push({ id, teamId: team.id, ...columns });
      } else {
        events =
          at >= timelineFrom ? timeline(call, offerTimeoutMs) : rollupEvents(call, offerTimeoutMs);
        columns = {
          state: call.outcome,
          agentId: call.outcome === 'abandoned' ? null : call.agentId,
          offeredAt: null,
          offerExpiresAt: null,
          answeredAt: call.answeredAt ?? null,
          holdStartedAt: null,
          endedAt: call.endedAt ?? null,
          completedAt: call.completedAt,
          waitMs: call.outbound ? null : call.waitMs,
          ringMs: call.ringMs,
          talkMs: call.talkMs ?? null,
          holdMs: call.holdMs ?? 0,
          holdCount: call.holds.length,
          acwMs: call.acwMs ?? null,
          disposition: call.disposition ?? null,
          updatedAt: call.completedAt,
        };
        if (call.outcome === 'completed' && rng.next() < 0.02) {
          stats.reviews += 1;
          const reviewedAt = Math.min(now, call.completedAt + Math.round(rng.between(MINUTE, DAY)));
          const score = Math.round(Math.min(100, 62 + 30 * (rng.next() + rng.next() - 1)));
          out.reviews.push(
            line([rng.uuid7(reviewedAt), id, team.supervisorId, score, iso(reviewedAt)]),
          );
        }
      }
      const time = (ms) => (ms === null ? null : iso(ms));
      out.calls.push(
        line([
          id,
          team.id,
          call.outbound ? 'outbound' : 'inbound',
          columns.state,
          call.outbound ? team.did : phone,
          call.outbound ? phone : team.did,
          columns.agentId,
          call.outbound ? null : iso(at),
          time(columns.offeredAt),
          time(columns.offerExpiresAt),
          time(columns.answeredAt),
          time(columns.holdStartedAt),
          time(columns.endedAt),
          time(columns.completedAt),
          columns.waitMs,
          columns.ringMs,
          columns.talkMs,
          columns.holdMs,
          columns.holdCount,
          columns.acwMs,
          columns.disposition,
          iso(at),
          iso(columns.updatedAt),
        ]),
      );
      if (events) {
        stats.events += events.length;
        for (const [type, from, to, when, source, agent, actor] of events)
          out.events.push(
            line([rng.uuid7(when), id, type, from, to, agent, actor, source, iso(when)]),
          );
      }
    },
  };
}

/**
 * Each agent's presence: shifts of 8 hours (start 06-14 h UTC by agent, five days in seven)
 * made of available / on call / wrap-up cycles, two short breaks and a lunch, offline between
 * shifts. The interval in progress at `now` stays open. Answers the agent's state at `now`.
 */
export function agentPresence({ rng, agentId, agentIndex, from, now, push }) {
  const shiftStartHour = 6 + (agentIndex % 5) * 2;
  let cursor = from;
  let status = 'offline';
  let reason = null;
  let since = from;
  const emit = (nextStatus, nextReason, until) => {
    const end = Math.min(until, now);
    if (end <= cursor) return;
    push(
      line([
        rng.uuid7(cursor),
        agentId,
        nextStatus,
        nextReason,
        iso(cursor),
        end >= now ? null : iso(end),
      ]),
    );
    status = nextStatus;
    reason = nextReason;
    since = cursor;
    cursor = end;
  };
  for (let day = Math.floor(from / DAY) * DAY; day < now && cursor < now; day += DAY) {
    const dayIndex = Math.floor(day / DAY);
    if ((dayIndex + agentIndex) % 7 >= 5) continue;
    const shiftStart = day + shiftStartHour * 60 * MINUTE + rng.int(10) * MINUTE;
    const shiftEnd = shiftStart + 8 * 60 * MINUTE;
    if (shiftEnd <= cursor) continue;
    emit('offline', null, shiftStart);
    const breaks = [
      [shiftStart + 2 * 60 * MINUTE, 15 * MINUTE, 'short_break'],
      [shiftStart + 4 * 60 * MINUTE, 30 * MINUTE, 'lunch'],
      [shiftStart + 6 * 60 * MINUTE, 15 * MINUTE, BREAK_REASONS[rng.int(BREAK_REASONS.length)]],
    ];
    while (cursor < shiftEnd && cursor < now) {
      const pending = breaks[0];
      if (pending && cursor >= pending[0]) {
        breaks.shift();
        emit('break', pending[2], cursor + pending[1]);
        continue;
      }
      const limit = Math.min(shiftEnd, pending ? pending[0] : shiftEnd);
      emit('available', null, Math.min(limit, cursor + Math.round(rng.between(1, 8) * MINUTE)));
      emit('on_call', null, Math.min(limit, cursor + Math.round(rng.logNormal(8, 0.5) * MINUTE)));
      emit('wrap_up', null, Math.min(limit, cursor + Math.round(rng.between(0.5, 2.5) * MINUTE)));
    }
  }
  emit('offline', null, now + 1);
  return { status, reason, since };
}
