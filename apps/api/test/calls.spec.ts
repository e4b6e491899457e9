import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';

import { PbxCallEvent } from '@poscalls4u/contracts';

import { PbxEventsService } from '../src/calls/telephony/pbx-events.service';
import { Call, createTeam, query, signInAll, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const AGENTS = ['agent1', 'agent2', 'agent3', 'agent4', 'agent5'];

describe.each(DATABASES)('calls on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let teamA: string;
  let teamB: string;

  const presence = (name: string, status: string, reason?: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status, reason } });
  const presenceOf = async (name: string) =>
    (await call('GET', '/api/presence', { token: tokens.admin })).body.data.items.find(
      (view: { userId: string }) => view.userId === ids[name],
    );
  const current = async (name: string) =>
    (await call('GET', '/api/calls/current', { token: tokens[name] })).body.data.call;
  const act = (name: string, callId: string, action: string, body?: unknown) =>
    call('POST', `/api/calls/${callId}/${action}`, { token: tokens[name], body });
  const queue = (teamId: string, options: { priority?: number; token?: string } = {}) =>
    call('POST', '/api/calls', {
      token: options.token ?? tokens.supervisor1,
      body: { teamId, from: '+15550100', to: '+15550199', priority: options.priority },
    });
  const getCall = (callId: string, token = tokens.admin) =>
    call('GET', `/api/calls/${callId}`, { token });
  /** Answers, ends and wraps up the call ringing at `name`. */
  const work = async (name: string, callId: string, disposition = 'resolved', notes?: string) => {
    expect((await act(name, callId, 'answer')).status).toBe(200);
    expect((await act(name, callId, 'end')).status).toBe(200);
    const done = await act(name, callId, 'wrap-up', { disposition, notes });
    expect(done.status).toBe(200);
    return done.body.data.call;
  };
  const everyoneOffline = async () => {
    for (const name of AGENTS) await presence(name, 'offline');
  };

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true', CALL_OFFER_TIMEOUT: '2s' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'supervisor2', ...AGENTS]));
    teamA = await createTeam(call, tokens.supervisor1, 'Calls A', [
      ids.agent1,
      ids.agent2,
      ids.agent3,
    ]);
    teamB = await createTeam(call, tokens.supervisor2, 'Calls B', [ids.agent4]);
  });
  afterEach(() => everyoneOffline());
  afterAll(() => api.close());

  it('takes a call through its whole life, with a timeline, durations and agent states', async () => {
    await presence('agent1', 'available');
    const queued = await queue(teamA);
    expect(queued.status).toBe(201);
    const callId = queued.body.data.call.id;
    // Queuing routes at once: agent1 is the only available agent of the team.
    expect(queued.body.data.call).toMatchObject({
      state: 'offered',
      agent: { id: ids.agent1 },
      direction: 'inbound',
    });
    expect(queued.body.data.call.offerExpiresAt).not.toBeNull();
    expect((await current('agent1')).id).toBe(callId);

    expect((await act('agent1', callId, 'answer')).body.data.call.state).toBe('connected');
    expect((await presenceOf('agent1')).status).toBe('on_call');
    expect((await act('agent1', callId, 'hold')).body.data.call.state).toBe('on_hold');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await act('agent1', callId, 'resume')).body.data.call.state).toBe('connected');
    expect((await act('agent1', callId, 'end')).body.data.call.state).toBe('wrap_up');
    expect((await presenceOf('agent1')).status).toBe('wrap_up');
    expect((await current('agent1')).state).toBe('wrap_up');
    const done = await act('agent1', callId, 'wrap-up', {
      disposition: 'resolved',
      notes: 'Refund issued',
    });
    expect(done.status).toBe(200);
    expect(done.body.data.call).toMatchObject({
      state: 'completed',
      disposition: { code: 'resolved', isSuccess: true },
      notes: 'Refund issued',
    });
    expect((await presenceOf('agent1')).status).toBe('available');
    expect(await current('agent1')).toBeNull();

    const detail = (await getCall(callId)).body.data.call;
    expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual([
      'queued',
      'offered',
      'connected',
      'held',
      'resumed',
      'ended',
      'wrapped_up',
    ]);
    expect(
      detail.timeline.map((event: { fromState: string | null; toState: string | null }) => [
        event.fromState,
        event.toState,
      ]),
    ).toEqual([
      [null, 'queued'],
      ['queued', 'offered'],
      ['offered', 'connected'],
      ['connected', 'on_hold'],
      ['on_hold', 'connected'],
      ['connected', 'wrap_up'],
      ['wrap_up', 'completed'],
    ]);
    expect(detail.timeline[1].agent).toMatchObject({ id: ids.agent1, name: 'Amara Okafor' });
    expect(detail.durations.holdSeconds).toBeGreaterThanOrEqual(1);
    expect(detail.durations.waitSeconds).toBeGreaterThanOrEqual(0);
    expect(detail.durations.talkSeconds).toBeGreaterThanOrEqual(0);
    expect(detail.durations.afterCallWorkSeconds).toBeGreaterThanOrEqual(0);
    expect(detail.durations.handleSeconds).toBeGreaterThanOrEqual(1);
    expect(detail.answeredAt).not.toBeNull();
    expect(detail.completedAt).not.toBeNull();
    const [row] = await query<{ hold_ms: string; hold_count: number }>(
      api,
      sql`select hold_ms, hold_count from calls where id = ${callId}`,
    );
    expect(Number(row?.hold_ms)).toBeGreaterThanOrEqual(1000);
    expect(row?.hold_count).toBe(1);
  });

  it('refuses illegal moves with 409 INVALID_STATE and bad input with 400', async () => {
    await presence('agent1', 'available');
    const callId = (await queue(teamA)).body.data.call.id;
    for (const action of ['hold', 'resume', 'end', 'connected', 'failed']) {
      const refused = await act('agent1', callId, action);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('INVALID_STATE');
    }
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'resolved' })).status).toBe(409);
    await act('agent1', callId, 'answer');
    expect((await act('agent1', callId, 'answer')).status).toBe(409);
    expect((await act('agent1', callId, 'resume')).status).toBe(409);
    await act('agent1', callId, 'end');
    expect(
      (await act('agent1', callId, 'wrap-up', { disposition: 'no_such_code' })).body.error,
    ).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((await act('agent1', callId, 'wrap-up', {})).status).toBe(400);
    expect(
      (await act('agent1', callId, 'wrap-up', { disposition: 'resolved', extra: 1 })).status,
    ).toBe(400);
    await act('agent1', callId, 'wrap-up', { disposition: 'resolved' });
    const late = await act('agent1', callId, 'hold');
    expect(late.status).toBe(409);
    expect((await getCall(callId)).body.data.call.state).toBe('completed');

    expect((await act('agent1', 'not-a-uuid', 'answer')).status).toBe(400);
    expect((await act('agent1', randomUUID(), 'answer')).status).toBe(404);
    expect((await queue(teamA, { priority: 101 })).status).toBe(400);
    expect(
      (
        await call('POST', '/api/calls', {
          token: tokens.supervisor1,
          body: { teamId: teamA, from: 'call me', to: '+1555' },
        })
      ).status,
    ).toBe(400);
    expect((await queue(teamA, { token: tokens.agent1 })).status).toBe(403);
    // supervisor2 does not supervise team A; admins may queue anywhere.
    expect((await queue(teamA, { token: tokens.supervisor2 })).status).toBe(404);
    const byAdmin = await queue(teamB, { token: tokens.admin });
    expect(byAdmin.status).toBe(201);
    await call('PUT', `/api/presence/me`, { token: tokens.agent4, body: { status: 'available' } });
    const offered = await waitFor(
      () => current('agent4'),
      (value) => value?.id === byAdmin.body.data.call.id,
      5_000,
      'the team B call to ring at agent4',
    );
    await work('agent4', offered.id);
  });

  it("keeps calls to those who may see them and actions to the call's agent", async () => {
    await presence('agent1', 'available');
    const callId = (await queue(teamA)).body.data.call.id;
    // agent2 never had the call: it does not exist for them; supervisor2 is not in team A.
    expect((await act('agent2', callId, 'answer')).status).toBe(404);
    expect((await getCall(callId, tokens.agent2)).status).toBe(404);
    expect((await getCall(callId, tokens.supervisor2)).status).toBe(404);
    expect((await getCall(callId, tokens.supervisor1)).status).toBe(200);
    expect((await getCall(callId, tokens.agent1)).status).toBe(200);
    // supervisor1 sees it but it is not theirs to answer.
    expect((await act('supervisor1', callId, 'answer')).status).toBe(403);
    expect(
      (await call('GET', '/api/calls?pageSize=100', { token: tokens.supervisor2 })).body.data.items
        .map((item: { id: string }) => item.id)
        .includes(callId),
    ).toBe(false);
    await work('agent1', callId);
    // An agent on a call cannot walk away from it.
    const second = (await queue(teamA)).body.data.call.id;
    await act('agent1', second, 'answer');
    const walkAway = await presence('agent1', 'offline');
    expect(walkAway.status).toBe(409);
    expect(walkAway.body.error.code).toBe('INVALID_STATE');
    await act('agent1', second, 'end');
    expect((await presence('agent1', 'break', 'lunch')).status).toBe(409);
    await act('agent1', second, 'wrap-up', { disposition: 'resolved' });
  });

  it('gives an unanswered offer back to the queue after the timeout and puts the agent on a break', async () => {
    await presence('agent2', 'available');
    const callId = (await queue(teamA)).body.data.call.id;
    expect((await current('agent2')).id).toBe(callId);
    const missed = await waitFor(
      () => getCall(callId).then((response) => response.body.data.call),
      (value) => value.state === 'queued',
      8_000,
      'the offer to expire',
    );
    expect(missed.agent).toBeNull();
    expect(missed.timeline.at(-1)).toMatchObject({
      type: 'missed',
      fromState: 'offered',
      toState: 'queued',
      agent: { id: ids.agent2 },
      source: 'system',
      details: { reason: 'timeout' },
    });
    expect(missed.durations.ringSeconds).toBeGreaterThanOrEqual(2);
    const tooLate = await act('agent2', callId, 'answer');
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.error.code).toBe('INVALID_STATE');
    expect(await presenceOf('agent2')).toMatchObject({
      status: 'break',
      reason: { code: 'missed' },
    });
    expect(await current('agent2')).toBeNull();
    // The next agent who comes along gets it.
    await presence('agent3', 'available');
    const offered = await waitFor(
      () => current('agent3'),
      (value) => value?.id === callId,
      5_000,
      'the call to ring at agent3',
    );
    await work('agent3', offered.id);
  });

  it('serves the highest priority, then the longest waiting call, to the longest idle agent', async () => {
    const low = (await queue(teamA, { priority: 0 })).body.data.call.id;
    const high = (await queue(teamA, { priority: 50 })).body.data.call.id;
    const lowLater = (await queue(teamA, { priority: 0 })).body.data.call.id;
    await presence('agent1', 'available');
    expect(
      (
        await waitFor(
          () => current('agent1'),
          (found) => Boolean(found),
        )
      ).id,
    ).toBe(high);
    await presence('agent2', 'available');
    expect(
      (
        await waitFor(
          () => current('agent2'),
          (found) => Boolean(found),
        )
      ).id,
    ).toBe(low);
    await presence('agent3', 'available');
    expect(
      (
        await waitFor(
          () => current('agent3'),
          (found) => Boolean(found),
        )
      ).id,
    ).toBe(lowLater);
    await work('agent1', high);
    await work('agent2', low);
    await work('agent3', lowLater);

    // All three idle now: agent1 finished first, so has been idle longest.
    const next = (await queue(teamA)).body.data.call;
    expect(next.agent.id).toBe(ids.agent1);
    // Rejected: back to the queue and on to the next longest-idle agent, not to agent1 again.
    const rejected = await act('agent1', next.id, 'reject');
    expect(rejected.status).toBe(200);
    const reoffered = await waitFor(
      () => getCall(next.id).then((response) => response.body.data.call),
      (value) => value.state === 'offered',
    );
    expect(reoffered.agent.id).toBe(ids.agent2);
    expect(reoffered.timeline.map((event: { type: string }) => event.type).slice(-3)).toEqual([
      'offered',
      'rejected',
      'offered',
    ]);
    expect((await presenceOf('agent1')).status).toBe('available');
    // Going on a break while it rings gives it back to the queue at once.
    await presence('agent2', 'break', 'lunch');
    const third = await waitFor(
      () => getCall(next.id).then((response) => response.body.data.call),
      (value) => value.state === 'offered' && value.agent?.id === ids.agent3,
    );
    expect(third.timeline.find((event: { type: string }) => event.type === 'missed')).toMatchObject(
      { agent: { id: ids.agent2 }, details: { reason: 'agent_unavailable' } },
    );
    await work('agent3', next.id);
  });

  it('lets admins keep the dispositions, validated', async () => {
    const list = await call('GET', '/api/dispositions', { token: tokens.agent1 });
    expect(list.status).toBe(200);
    expect(list.body.data.items.map((item: { code: string }) => item.code)).toContain('resolved');
    const create = (token: string, body: unknown) =>
      call('POST', '/api/dispositions', { token, body });
    expect((await create(tokens.supervisor1, { code: 'upsell', label: 'Upsell' })).status).toBe(
      403,
    );
    expect((await create(tokens.admin, { code: 'Bad Code', label: 'X' })).status).toBe(400);
    expect((await create(tokens.admin, { code: 'upsell', label: '' })).status).toBe(400);
    const created = await create(tokens.admin, {
      code: 'upsell',
      label: 'Upsell',
      isSuccess: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.data.disposition).toEqual({
      code: 'upsell',
      label: 'Upsell',
      isSuccess: true,
      isActive: true,
    });
    expect((await create(tokens.admin, { code: 'upsell', label: 'Again' })).status).toBe(409);
    const patch = (code: string, body: unknown, token = tokens.admin) =>
      call('PATCH', `/api/dispositions/${code}`, { token, body });
    expect((await patch('upsell', {})).status).toBe(400);
    expect((await patch('upsell', { isActive: 'no' })).status).toBe(400);
    expect((await patch('nothing_here', { label: 'X' })).status).toBe(404);
    expect((await patch('upsell', { isActive: false }, tokens.agent1)).status).toBe(403);
    expect((await patch('upsell', { isActive: false })).body.data.disposition.isActive).toBe(false);
    const codes = async (token: string, query = '') =>
      (await call('GET', `/api/dispositions${query}`, { token })).body.data.items.map(
        (item: { code: string }) => item.code,
      );
    expect(await codes(tokens.agent1)).not.toContain('upsell');
    expect(await codes(tokens.agent1, '?includeInactive=true')).not.toContain('upsell');
    expect(await codes(tokens.admin, '?includeInactive=true')).toContain('upsell');

    // A retired disposition cannot close a call.
    await presence('agent1', 'available');
    const callId = (await queue(teamA)).body.data.call.id;
    await act('agent1', callId, 'answer');
    await act('agent1', callId, 'end');
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'upsell' })).status).toBe(400);
    await patch('upsell', { isActive: true });
    expect((await act('agent1', callId, 'wrap-up', { disposition: 'upsell' })).status).toBe(200);
  });

  it("lets the team's supervisors and admins review completed calls", async () => {
    await presence('agent1', 'available');
    const callId = (await queue(teamA)).body.data.call.id;
    const review = (token: string, body: unknown) =>
      call('POST', `/api/calls/${callId}/qa-reviews`, { token, body });
    await act('agent1', callId, 'answer');
    expect((await review(tokens.supervisor1, { score: 90 })).status).toBe(409);
    await act('agent1', callId, 'end');
    await act('agent1', callId, 'wrap-up', { disposition: 'sale' });

    expect((await review(tokens.supervisor1, { score: 101 })).status).toBe(400);
    expect((await review(tokens.supervisor1, { score: 5.5 })).status).toBe(400);
    expect((await review(tokens.supervisor1, {})).status).toBe(400);
    expect((await review(tokens.agent1, { score: 90 })).status).toBe(403);
    expect((await review(tokens.supervisor2, { score: 90 })).status).toBe(404);
    const made = await review(tokens.supervisor1, { score: 85, comments: 'Good call' });
    expect(made.status).toBe(201);
    expect(made.body.data.review).toMatchObject({
      callId,
      score: 85,
      comments: 'Good call',
      reviewer: { id: ids.supervisor1, name: 'Sam Rivera' },
    });
    expect((await review(tokens.admin, { score: 70 })).status).toBe(201);
    const detail = (await getCall(callId, tokens.agent1)).body.data.call;
    expect(detail.qaReviews.map((item: { score: number }) => item.score)).toEqual([85, 70]);
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'reviewed', fromState: null });
    expect(detail.state).toBe('completed');
  });

  it('lets an agent dial out and report the outcome without a PBX', async () => {
    const dial = (body: unknown, token = tokens.agent1) =>
      call('POST', '/api/calls/outbound', { token, body });
    expect((await dial({ teamId: teamB, to: '+15550142' })).status).toBe(404);
    expect((await dial({ teamId: teamA, to: 'x' })).status).toBe(400);
    const started = await dial({ teamId: teamA, to: '+15550142', from: '+15550199' });
    expect(started.status).toBe(201);
    expect(started.body.data.call).toMatchObject({
      state: 'dialing',
      direction: 'outbound',
      agent: { id: ids.agent1 },
      to: '+15550142',
    });
    expect((await presenceOf('agent1')).status).toBe('on_call');
    expect((await dial({ teamId: teamA, to: '+15550143' })).status).toBe(409);
    const callId = started.body.data.call.id;
    expect((await act('agent1', callId, 'connected')).body.data.call.state).toBe('connected');
    expect((await act('agent1', callId, 'answer')).status).toBe(409);
    await act('agent1', callId, 'end');
    expect(
      (await act('agent1', callId, 'wrap-up', { disposition: 'callback' })).body.data.call.state,
    ).toBe('completed');

    const unanswered = (await dial({ teamId: teamA, to: '+15550144' })).body.data.call.id;
    expect((await act('agent1', unanswered, 'failed')).body.data.call.state).toBe('failed');
    // The agent dialled while offline (their state before the call): back to it afterwards.
    expect((await presenceOf('agent1')).status).toBe('offline');
  });

  it('lists calls with filters and pages', async () => {
    await presence('agent5', 'offline');
    const list = (token: string, query = '') => call('GET', `/api/calls${query}`, { token });
    const all = await list(tokens.admin, '?pageSize=100');
    expect(all.status).toBe(200);
    expect(all.body.data.total).toBeGreaterThanOrEqual(10);
    const mine = (await list(tokens.agent1, '?pageSize=100')).body.data.items;
    expect(mine.length).toBeGreaterThan(0);
    // Agents see the calls that rang at them: none of team B's, where agent1 is no member.
    expect(mine.every((item: { teamId: string }) => item.teamId === teamA)).toBe(true);
    expect(mine.length).toBeLessThan(all.body.data.total);
    // agent5 has had no call at all.
    expect((await list(tokens.agent5)).body.data).toMatchObject({ items: [], total: 0 });

    const completed = (await list(tokens.admin, '?state=completed&pageSize=100')).body.data;
    expect(completed.items.every((item: { state: string }) => item.state === 'completed')).toBe(
      true,
    );
    const several = (await list(tokens.admin, '?state=completed,failed&pageSize=100')).body.data;
    expect(several.total).toBeGreaterThan(completed.total);
    expect((await list(tokens.admin, '?direction=outbound')).body.data.total).toBe(2);
    expect((await list(tokens.admin, '?disposition=sale')).body.data.total).toBe(1);
    expect((await list(tokens.admin, '?q=REFUND')).body.data.total).toBe(1);
    expect((await list(tokens.admin, '?q=100%25')).body.data.total).toBe(0);
    expect((await list(tokens.admin, `?teamId=${teamB}`)).body.data.total).toBe(1);
    expect((await list(tokens.admin, `?agentId=${ids.agent4}`)).body.data.total).toBe(1);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list(tokens.admin, `?from=${future}`)).body.data.total).toBe(0);

    const first = (await list(tokens.admin, '?pageSize=2&page=1')).body.data;
    const second = (await list(tokens.admin, '?pageSize=2&page=2')).body.data;
    expect(first).toMatchObject({ page: 1, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(second.total).toBe(first.total);

    // Cursor paging: the same order as pages, `nextCursor` null on the last page.
    const idsOf = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
    expect(first.nextCursor).toEqual(expect.any(String));
    const afterFirst = (await list(tokens.admin, `?pageSize=2&cursor=${first.nextCursor}`)).body
      .data;
    expect(afterFirst).toMatchObject({ page: 2, pageSize: 2, total: first.total });
    expect(idsOf(afterFirst)).toEqual(idsOf(second));
    // With a cursor, `page` is ignored.
    expect(
      idsOf((await list(tokens.admin, `?pageSize=2&page=5&cursor=${first.nextCursor}`)).body.data),
    ).toEqual(idsOf(second));
    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?pageSize=3&cursor=${cursor}` : '?pageSize=3';
      const page = (await list(tokens.admin, query)).body.data;
      walked.push(...idsOf(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(walked).toEqual(idsOf(all.body.data));
    expect(pages).toBe(Math.ceil(all.body.data.total / 3));
    expect(all.body.data.nextCursor).toBeNull();
    // The filters still apply with a cursor.
    const outbound = (await list(tokens.admin, '?direction=outbound&pageSize=1')).body.data;
    const outboundNext = (
      await list(tokens.admin, `?direction=outbound&pageSize=1&cursor=${outbound.nextCursor}`)
    ).body.data;
    expect([...outbound.items, ...outboundNext.items].map((item) => item.direction)).toEqual([
      'outbound',
      'outbound',
    ]);
    expect(outboundNext.nextCursor).toBeNull();
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const lastItem = first.items[1] as { id: string };
    for (const bad of [
      'not-a-cursor!',
      'bm9wZQ',
      cursorOf(['audit', 2, '2026-11-25T09:30:00.123456Z', lastItem.id]),
      cursorOf(['calls', 2, '2026-02-30T09:30:00.123456Z', lastItem.id]),
      cursorOf(['calls', 2, '2026-11-25T09:30:00.123456Z', 'nope']),
      cursorOf(['calls', 0, '2026-11-25T09:30:00.123456Z', lastItem.id]),
      cursorOf({ page: 2 }),
    ]) {
      const refused = await list(tokens.admin, `?cursor=${bad}`);
      expect([bad, refused.status, refused.body.error?.code]).toEqual([
        bad,
        400,
        'VALIDATION_ERROR',
      ]);
    }

    for (const bad of [
      '?state=ringing',
      '?pageSize=1000',
      '?page=0',
      '?teamId=nope',
      '?from=yesterday',
      `?from=${future}&to=2020-01-01T00:00:00Z`,
      '?unknown=1',
    ]) {
      const refused = await list(tokens.admin, bad);
      expect([bad, refused.status]).toEqual([bad, 400]);
    }
  });

  describe('PBX events', () => {
    let integrationId: string;
    let calls: PbxEventsService;
    /** One event posted alone, as a PBX without batching does. */
    const ingest = async (pbxEvent: PbxCallEvent) => {
      const [result] = await calls.ingest(integrationId, [pbxEvent]);
      if (!result) throw new Error('no result');
      return result;
    };
    const event = (fields: Partial<PbxCallEvent> & Pick<PbxCallEvent, 'type' | 'callId'>) =>
      ingest({ id: randomUUID(), occurredAt: new Date().toISOString(), ...fields });

    beforeAll(async () => {
      calls = api.app.get(PbxEventsService);
      const [row] = await query<{ id: string }>(
        api,
        sql`insert into integrations (name, secret_encrypted) values ('Test PBX', 'x') returning id`,
      );
      integrationId = row?.id as string;
    });

    it('applies each event once, creates calls, and routes them', async () => {
      const pbxCall = `pbx-${randomUUID()}`;
      const first: PbxCallEvent = {
        id: randomUUID(),
        type: 'call.queued',
        occurredAt: new Date(Date.now() - 5_000).toISOString(),
        callId: pbxCall,
        teamId: teamA,
        from: '+15550123',
        to: '+15550199',
      };
      const queued = await ingest(first);
      expect(queued).toMatchObject({ id: first.id, outcome: 'applied' });
      const callId = queued.callId as string;
      expect(await ingest(first)).toEqual({
        id: first.id,
        outcome: 'duplicate',
        callId,
      });
      expect(await event({ type: 'call.queued', callId: pbxCall, teamId: teamA })).toMatchObject({
        outcome: 'ignored',
        reason: 'the call is already known',
      });
      const view = (await getCall(callId)).body.data.call;
      expect(view).toMatchObject({
        state: 'queued',
        externalId: pbxCall,
        integrationId,
        from: '+15550123',
        queuedAt: first.occurredAt,
      });

      // An agent comes along: the call rings at them, and the PBX hears about the offer.
      await presence('agent2', 'available');
      await waitFor(
        () => current('agent2'),
        (value) => value?.id === callId,
      );
      await act('agent2', callId, 'answer');
      await api.settle();
      const jobs = await query<{ payload: { integrationId: string; action: { type: string } } }>(
        api,
        sql`select payload from job_outbox where job_name = 'deliver-webhook' and payload->'action'->>'callId' = ${callId} order by created_at`,
      );
      expect(jobs.map((job) => job.payload.action.type)).toEqual(['call.offered', 'agent.answer']);
      expect(jobs[0]?.payload.integrationId).toBe(integrationId);

      expect(await event({ type: 'call.hold', callId: pbxCall })).toMatchObject({
        outcome: 'applied',
        callId,
      });
      expect(await event({ type: 'call.hold', callId: pbxCall })).toMatchObject({
        outcome: 'ignored',
      });
      expect((await event({ type: 'call.resumed', callId: pbxCall })).outcome).toBe('applied');
      expect((await event({ type: 'call.ended', callId: pbxCall })).outcome).toBe('applied');
      // The agent who handled it wraps it up.
      expect((await getCall(callId)).body.data.call.state).toBe('wrap_up');
      expect((await presenceOf('agent2')).status).toBe('wrap_up');
      await act('agent2', callId, 'wrap-up', { disposition: 'resolved' });
      // Late events never reopen a finished call.
      expect(await event({ type: 'call.connected', callId: pbxCall })).toMatchObject({
        outcome: 'ignored',
        callId,
        reason: 'the call is already completed',
      });
      expect((await getCall(callId)).body.data.call.state).toBe('completed');
      const ledger = await query<{ outcome: string; call_id: string }>(
        api,
        sql`select outcome, call_id from integration_events where event_id = ${first.id}`,
      );
      expect(ledger).toEqual([{ outcome: 'applied', call_id: callId }]);
    });

    it('handles abandonment, direct connections, out-of-order and unknown calls', async () => {
      // Abandoned while waiting; a late connect is ignored.
      const gone = `pbx-${randomUUID()}`;
      const queued = await event({ type: 'call.queued', callId: gone, teamId: teamA });
      expect((await event({ type: 'call.abandoned', callId: gone })).outcome).toBe('applied');
      expect((await event({ type: 'call.connected', callId: gone })).outcome).toBe('ignored');
      const abandoned = (await getCall(queued.callId as string)).body.data.call;
      expect(abandoned.state).toBe('abandoned');
      expect(abandoned.durations.waitSeconds).toBeGreaterThanOrEqual(0);

      // First heard of when connected, to an agent named by email; ended without wrap-up by us.
      const direct = `pbx-${randomUUID()}`;
      const connected = await event({
        type: 'call.connected',
        callId: direct,
        teamId: teamB,
        agentEmail: 'AGENT4@poscalls4u.test',
      });
      expect(connected.outcome).toBe('applied');
      expect((await presenceOf('agent4')).status).toBe('on_call');
      expect((await current('agent4')).id).toBe(connected.callId);
      // Out of order: an end stamped before the connection still ends it, with no negative time.
      const ended = await event({
        type: 'call.ended',
        callId: direct,
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
      });
      expect(ended.outcome).toBe('applied');
      const view = (await getCall(connected.callId as string)).body.data.call;
      expect(view.state).toBe('wrap_up');
      expect(view.durations.talkSeconds).toBe(0);
      await act('agent4', view.id, 'wrap-up', { disposition: 'resolved' });

      // Without a team, an unknown call cannot be created; an archived or unknown team neither.
      expect(await event({ type: 'call.connected', callId: `pbx-${randomUUID()}` })).toMatchObject({
        outcome: 'ignored',
        callId: null,
      });
      expect(
        await event({ type: 'call.queued', callId: `pbx-${randomUUID()}`, teamId: randomUUID() }),
      ).toMatchObject({ outcome: 'ignored', reason: 'no such team, or the team is archived' });
      expect(
        await event({ type: 'call.queued', callId: `pbx-${randomUUID()}`, teamId: 'nope' }),
      ).toMatchObject({ outcome: 'ignored' });
      expect(
        await event({ type: 'call.queued', callId: `pbx-${randomUUID()}`, occurredAt: 'soon' }),
      ).toMatchObject({ outcome: 'ignored', reason: 'occurredAt is not an ISO 8601 time' });

      // A PBX-only call (no agent of ours) completes when it ends.
      const pbxOnly = `pbx-${randomUUID()}`;
      const held = await event({ type: 'call.hold', callId: pbxOnly, teamId: teamB });
      expect(held.outcome).toBe('applied');
      expect((await getCall(held.callId as string)).body.data.call.state).toBe('on_hold');
      expect((await event({ type: 'call.ended', callId: pbxOnly })).outcome).toBe('applied');
      expect((await getCall(held.callId as string)).body.data.call.state).toBe('completed');
    });

    it('applies concurrent duplicates once', async () => {
      const pbxCall = `pbx-${randomUUID()}`;
      const same: PbxCallEvent = {
        id: randomUUID(),
        type: 'call.queued',
        occurredAt: new Date().toISOString(),
        callId: pbxCall,
        teamId: teamB,
      };
      const results = await Promise.all(Array.from({ length: 5 }, () => ingest(same)));
      expect(results.filter((result) => result.outcome === 'applied')).toHaveLength(1);
      expect(results.filter((result) => result.outcome === 'duplicate')).toHaveLength(4);
      expect(new Set(results.map((result) => result.callId)).size).toBe(1);
      const rows = await query<{ n: number }>(
        api,
        sql`select count(*)::int as n from calls where external_id = ${pbxCall}`,
      );
      expect(rows[0]?.n).toBe(1);
      await event({ type: 'call.abandoned', callId: pbxCall });
    });
  });
});
