import { callFloor } from './support/call-floor';
import { waitFor } from './support/calls';
import { DATABASES } from './support/test-api';

/**
 * Where a call transferred to a queue takes its place: its original arrival (`keep`, the
 * default) or the back of the queue, by the receiving team's setting or the transfer's own
 * `queuePosition`. Front's agent1 transfers to Back office, whose only agent (agent2) stays
 * offline until the queue holds both the transferred call and a caller who arrived after it.
 */
describe.each(DATABASES)('the place of a call transferred to a queue, on %s', (kind) => {
  const floor = callFloor();
  const { call, tokens, ids, teams, externalIds } = floor;
  const { presence, act, detailOf, pbx, settle, endAndWrapUp } = floor;
  const setTransferredCalls = (value: unknown) =>
    call('PUT', `/api/skills/teams/${teams['Back office']}`, {
      token: tokens.supervisor1,
      body: { requiredSkills: [], transferredCalls: value },
    });
  const transferSent = (callId: string) =>
    floor.sent(callId, 'call.transfer').map(({ action }) => action);

  /** A caller joins a team's queue through the PBX. */
  const arrive = async (teamId: string) => (await floor.queued(teamId)).callId;
  /** A call of Front that agent1 answers. */
  const answeredByAgent1 = async () => (await floor.answered('agent1', teams.Front)).callId;
  /** agent2 comes in: answers which of the two calls rings at them first. */
  const firstOfferedToAgent2 = async (callIds: string[]): Promise<string> => {
    await presence('agent2', 'available');
    const views = await waitFor(
      () => Promise.all(callIds.map(detailOf)),
      (list) => list.some((view) => view.state === 'offered'),
      10_000,
      'an offer to agent2',
    );
    const offered = views.filter((view) => view.state === 'offered');
    expect(offered).toHaveLength(1);
    expect(offered[0].agent?.id).toBe(ids.agent2);
    return offered[0].id as string;
  };
  /** The caller at agent2 is served; the other one hangs up in the queue. */
  const finish = async (servedId: string, otherId: string) => {
    expect(await pbx({ type: 'call.abandoned', callId: externalIds.get(otherId) })).toMatchObject({
      outcome: 'applied',
    });
    expect((await act('agent2', servedId, 'answer')).status).toBe(200);
    await endAndWrapUp('agent2', servedId);
  };

  beforeAll(() =>
    floor.open(kind, {
      users: ['admin', 'supervisor1', 'agent1', 'agent2'],
      teams: { Front: ['agent1'], 'Back office': ['agent2'] },
      pbx: 'Queue PBX',
    }),
  );
  afterEach(() => floor.offline(['agent1', 'agent2']));
  afterAll(() => floor.close());

  it('keeps its place by default: served before a caller who arrived after it', async () => {
    const routing = await call('GET', `/api/skills/teams/${teams['Back office']}`, {
      token: tokens.supervisor1,
    });
    expect(routing.body.data.routing.transferredCalls).toBe('keep');
    const transferred = await answeredByAgent1();
    const arrival = (await detailOf(transferred)).queuedAt;
    const later = await arrive(teams['Back office']);

    const moved = await act('agent1', transferred, 'transfer', {
      target: { type: 'queue', teamId: teams['Back office'] },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.call).toMatchObject({
      state: 'queued',
      teamId: teams['Back office'],
      queuedAt: arrival,
      requeuedAt: null,
    });

    expect(await firstOfferedToAgent2([transferred, later])).toBe(transferred);
    await finish(transferred, later);
    const detail = await detailOf(transferred);
    expect(
      detail.timeline.find((event: { type: string }) => event.type === 'transferred'),
    ).toMatchObject({ details: { queuePosition: 'keep' } });
    await settle();
    expect(transferSent(transferred)[0]).toMatchObject({
      target: { type: 'queue', teamId: teams['Back office'] },
      queuePosition: 'keep',
    });
  });

  it("goes to the back by the team's setting: behind the callers waiting, with its arrival and wait unchanged", async () => {
    const set = await setTransferredCalls('back');
    expect(set.status).toBe(200);
    expect(set.body.data.routing).toMatchObject({
      teamId: teams['Back office'],
      transferredCalls: 'back',
    });

    const transferred = await answeredByAgent1();
    const before = await detailOf(transferred);
    const waiting = await arrive(teams['Back office']);
    const waitingSince = (await detailOf(waiting)).queuedAt as string;

    const moved = await act('agent1', transferred, 'transfer', {
      target: { type: 'queue', teamId: teams['Back office'] },
    });
    expect(moved.status).toBe(200);
    const after = moved.body.data.call;
    // Its place in line is now; its arrival (the statistics' bucket) and its wait stay.
    expect(Date.parse(after.requeuedAt)).toBeGreaterThanOrEqual(Date.parse(waitingSince));
    expect(after.queuedAt).toBe(before.queuedAt);
    expect(after.answeredAt).toBe(before.answeredAt);
    expect(after.durations.waitSeconds).toBe(before.durations.waitSeconds);

    expect(await firstOfferedToAgent2([transferred, waiting])).toBe(waiting);
    // The caller ahead hangs up while it rings: the transferred one is next.
    expect(await pbx({ type: 'call.abandoned', callId: externalIds.get(waiting) })).toMatchObject({
      outcome: 'applied',
    });
    await waitFor(
      () => detailOf(transferred),
      (view) => view.state === 'offered' && view.agent?.id === ids.agent2,
      10_000,
      'the offer of the transferred call',
    );
    expect((await act('agent2', transferred, 'answer')).status).toBe(200);
    await endAndWrapUp('agent2', transferred);
    const done = await detailOf(transferred);
    expect(done).toMatchObject({ queuedAt: before.queuedAt, answeredAt: before.answeredAt });
    expect(done.durations.waitSeconds).toBe(before.durations.waitSeconds);
    await settle();
    expect(transferSent(transferred)[0]).toMatchObject({ queuePosition: 'back' });

    // A transfer at the phone to the team follows its setting too.
    const atPhone = await answeredByAgent1();
    expect(
      await pbx({
        type: 'call.transferred',
        callId: externalIds.get(atPhone),
        transferTeamId: teams['Back office'],
      }),
    ).toMatchObject({ outcome: 'applied' });
    expect((await detailOf(atPhone)).requeuedAt).not.toBeNull();
    expect(await pbx({ type: 'call.abandoned', callId: externalIds.get(atPhone) })).toMatchObject({
      outcome: 'applied',
    });
  });

  it("lets a transfer choose its place over the team's, and refuses a bad choice", async () => {
    expect((await setTransferredCalls('back')).status).toBe(200);
    const transferred = await answeredByAgent1();
    const later = await arrive(teams['Back office']);

    for (const [body, field] of [
      [
        { target: { type: 'queue', teamId: teams['Back office'] }, queuePosition: 'front' },
        'queuePosition',
      ],
      [{ target: { type: 'number', to: '+15550177' }, queuePosition: 'back' }, 'queuePosition'],
    ] as const) {
      const refused = await act('agent1', transferred, 'transfer', body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
      expect(refused.body.error.details.map((detail: { field: string }) => detail.field)).toContain(
        field,
      );
    }
    const badSetting = await setTransferredCalls('sideways');
    expect(badSetting.status).toBe(400);
    expect(badSetting.body.error.code).toBe('VALIDATION_ERROR');

    const moved = await act('agent1', transferred, 'transfer', {
      target: { type: 'queue', teamId: teams['Back office'] },
      queuePosition: 'keep',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.call.requeuedAt).toBeNull();
    expect(await firstOfferedToAgent2([transferred, later])).toBe(transferred);
    await finish(transferred, later);

    // Back to the default; a PUT without it leaves the setting as it is.
    expect((await setTransferredCalls('keep')).status).toBe(200);
    const unchanged = await call('PUT', `/api/skills/teams/${teams['Back office']}`, {
      token: tokens.supervisor1,
      body: { requiredSkills: [] },
    });
    expect(unchanged.body.data.routing.transferredCalls).toBe('keep');
  });
});
