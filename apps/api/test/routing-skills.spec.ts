import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, createTeam, query, signInAll, waitFor } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

describe.each(DATABASES)('skills-based routing, on %s', (kind) => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let integration: { id: string; secret: string };

  const presence = (name: string, status: string) =>
    call('PUT', '/api/presence/me', { token: tokens[name], body: { status } });
  const newSkill = async (name: string): Promise<string> => {
    const created = await call('POST', '/api/skills', {
      token: tokens.supervisor1,
      body: { name },
    });
    expect(created.status).toBe(201);
    return created.body.data.skill.id;
  };
  const setSkills = async (agent: string, skills: { skillId: string; level: number }[]) => {
    const set = await call('PUT', `/api/skills/agents/${ids[agent]}`, {
      token: tokens.supervisor1,
      body: { skills },
    });
    expect(set.status).toBe(200);
  };
  /** The PBX posts events in one signed request; answers the results, in order. */
  const post = async (events: unknown[]) => {
    const body = JSON.stringify(events);
    const answer = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });
    expect(answer.status).toBe(200);
    return answer.body.data.results as { outcome: string; callId: string }[];
  };
  /** The PBX queues a call `secondsAgo`, requiring these skills; answers our call id. */
  const queue = async (
    teamId: string,
    requiredSkills?: { skill: string; minLevel: number }[],
    secondsAgo = 0,
  ) => {
    const externalId = `pbx-${randomUUID()}`;
    const body = JSON.stringify({
      id: `${externalId}-queued`,
      type: 'call.queued',
      occurredAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
      callId: externalId,
      teamId,
      from: '+15550100',
      to: '+15550199',
      ...(requiredSkills ? { requiredSkills } : {}),
    });
    const answer = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });
    expect(answer.status).toBe(200);
    return answer.body.data.results[0].callId as string;
  };
  const state = async (callId: string) =>
    (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data.call;
  const offeredTo = (callId: string) =>
    waitFor(
      () => state(callId),
      (view) => view.state === 'offered',
      10_000,
      `the offer of ${callId}`,
    ).then((view) => view.agent.id as string);
  /** Routing has had its say: a kick runs after the call was queued (the sweep runs every second). */
  const settleRouting = () => new Promise((resolve) => setTimeout(resolve, 1_500));
  const finish = async (agent: string, callId: string) => {
    const act = (action: string, body?: unknown) =>
      call('POST', `/api/calls/${callId}/${action}`, { token: tokens[agent], body });
    expect((await act('answer')).status).toBe(200);
    expect((await act('end')).status).toBe(200);
    expect((await act('wrap-up', { disposition: 'resolved' })).status).toBe(200);
  };

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'supervisor2',
      'agent1',
      'agent2',
    ]));
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: 'Skills PBX' },
    });
    integration = created.body.data.integration;
  });
  afterEach(async () => {
    for (const name of ['agent1', 'agent2']) await presence(name, 'offline');
  });
  afterAll(() => api.close());

  it('keeps a catalogue (admins and supervisors), agents’ skills (their supervisors) and team defaults', async () => {
    const spanish = await newSkill('Spanish');
    const duplicate = await call('POST', '/api/skills', {
      token: tokens.admin,
      body: { name: 'spanish' },
    });
    expect(duplicate.status).toBe(409);
    expect(
      (await call('POST', '/api/skills', { token: tokens.agent1, body: { name: 'X' } })).status,
    ).toBe(403);
    expect(
      (await call('POST', '/api/skills', { token: tokens.admin, body: { name: ' ' } })).status,
    ).toBe(400);
    const list = await call('GET', '/api/skills', { token: tokens.agent1 });
    expect(list.body.data.items.map((skill: { name: string }) => skill.name)).toContain('Spanish');

    const teamId = await createTeam(call, tokens.supervisor1, 'Skills catalogue', [ids.agent1]);
    // The team's supervisor sets the agent's skills; the agent reads them, but cannot set them.
    await setSkills('agent1', [{ skillId: spanish, level: 4 }]);
    const mine = await call('GET', `/api/skills/agents/${ids.agent1}`, { token: tokens.agent1 });
    expect(mine.body.data.agent).toEqual({
      userId: ids.agent1,
      skills: [{ skillId: spanish, name: 'Spanish', level: 4 }],
    });
    // The grid's list: the agents of the supervisor's teams, with their skills.
    const grid = await call('GET', '/api/skills/agents', { token: tokens.supervisor1 });
    expect(grid.body.data.items).toContainEqual({
      userId: ids.agent1,
      skills: [{ skillId: spanish, name: 'Spanish', level: 4 }],
    });
    expect((await call('GET', '/api/skills/agents', { token: tokens.agent1 })).status).toBe(403);
    const self = await call('PUT', `/api/skills/agents/${ids.agent1}`, {
      token: tokens.agent1,
      body: { skills: [] },
    });
    expect(self.status).toBe(403);
    // Another team's supervisor and another agent: not theirs to see.
    expect(
      (await call('GET', `/api/skills/agents/${ids.agent1}`, { token: tokens.supervisor2 })).status,
    ).toBe(404);
    expect(
      (await call('GET', `/api/skills/agents/${ids.agent1}`, { token: tokens.agent2 })).status,
    ).toBe(404);
    for (const skills of [
      [{ skillId: spanish, level: 6 }],
      [{ skillId: spanish, level: 0 }],
      [{ skillId: randomUUID(), level: 3 }],
      [
        { skillId: spanish, level: 2 },
        { skillId: spanish, level: 3 },
      ],
      'Spanish',
    ]) {
      const refused = await call('PUT', `/api/skills/agents/${ids.agent1}`, {
        token: tokens.supervisor1,
        body: { skills },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect(
      (
        await call('PUT', `/api/skills/agents/${randomUUID()}`, {
          token: tokens.admin,
          body: { skills: [] },
        })
      ).status,
    ).toBe(404);

    // Team defaults.
    const routing = await call('PUT', `/api/skills/teams/${teamId}`, {
      token: tokens.supervisor1,
      body: { requiredSkills: [{ skillId: spanish, minLevel: 3 }], widenAfterSeconds: 20 },
    });
    expect(routing.status).toBe(200);
    expect(routing.body.data.routing).toEqual({
      teamId,
      requiredSkills: [{ skillId: spanish, minLevel: 3, name: 'Spanish' }],
      widenAfterSeconds: 20,
      transferredCalls: 'keep',
    });
    for (const body of [
      { requiredSkills: [{ skillId: spanish, minLevel: 3 }], widenAfterSeconds: 1 },
      { requiredSkills: [{ skillId: randomUUID(), minLevel: 3 }] },
      {},
    ]) {
      expect(
        (await call('PUT', `/api/skills/teams/${teamId}`, { token: tokens.supervisor1, body }))
          .status,
      ).toBe(400);
    }
    expect(
      (await call('GET', `/api/skills/teams/${teamId}`, { token: tokens.agent1 })).status,
    ).toBe(403);
    expect(
      (await call('GET', `/api/skills/teams/${teamId}`, { token: tokens.supervisor2 })).status,
    ).toBe(404);

    // Removing a skill: agents lose it, teams stop requiring it.
    expect((await call('DELETE', `/api/skills/${spanish}`, { token: tokens.agent1 })).status).toBe(
      403,
    );
    expect(
      (await call('DELETE', `/api/skills/${spanish}`, { token: tokens.supervisor1 })).status,
    ).toBe(204);
    expect(
      (await call('DELETE', `/api/skills/${spanish}`, { token: tokens.supervisor1 })).status,
    ).toBe(404);
    expect(
      (await call('GET', `/api/skills/agents/${ids.agent1}`, { token: tokens.agent1 })).body.data
        .agent.skills,
    ).toEqual([]);
    expect(
      (await call('GET', `/api/skills/teams/${teamId}`, { token: tokens.supervisor1 })).body.data
        .routing,
    ).toMatchObject({ requiredSkills: [], widenAfterSeconds: 20 });
  });

  it('offers a call to the longest-idle agent who has the skills at the level, not to one who lacks them', async () => {
    const french = await newSkill('French');
    const teamId = await createTeam(call, tokens.supervisor1, 'Skills eligibility', [
      ids.agent1,
      ids.agent2,
    ]);
    await setSkills('agent1', [{ skillId: french, level: 2 }]);
    await setSkills('agent2', [{ skillId: french, level: 4 }]);
    // agent1 is the longest idle, but below the level the call needs.
    await presence('agent1', 'available');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await presence('agent2', 'available');

    const needsFrench = await queue(teamId, [{ skill: 'french', minLevel: 3 }]);
    expect(await offeredTo(needsFrench)).toBe(ids.agent2);
    // A call without requirement (and no team default) goes to the longest-idle: agent1.
    const anyone = await queue(teamId);
    expect(await offeredTo(anyone)).toBe(ids.agent1);
    await finish('agent2', needsFrench);
    await finish('agent1', anyone);

    // The team's default applies to calls that name no skill; an unknown skill is reported.
    await call('PUT', `/api/skills/teams/${teamId}`, {
      token: tokens.supervisor1,
      body: { requiredSkills: [{ skillId: french, minLevel: 4 }] },
    });
    await presence('agent2', 'offline');
    const byDefault = await queue(teamId, [{ skill: 'Klingon', minLevel: 5 }]);
    await settleRouting();
    expect((await state(byDefault)).state).toBe('queued');
    const detail = (await call('GET', `/api/calls/${byDefault}`, { token: tokens.admin })).body.data
      .call;
    expect(detail.timeline[0].details).toMatchObject({ unknownSkills: ['Klingon'] });
    await presence('agent2', 'available');
    expect(await offeredTo(byDefault)).toBe(ids.agent2);
    await finish('agent2', byDefault);
  });

  it('reads the skills a batch names with its claim: by name in any case or by id, once at the higher level, unknown ones reported, a new skill known to the next batch', async () => {
    const billing = await newSkill('Batch Billing');
    // No agent in the team: the calls stay queued, only what they require is looked at.
    const teamId = await createTeam(call, tokens.supervisor1, 'Skills batch', []);
    const externalIds: string[] = [];
    const queued = (requiredSkills?: { skill: string; minLevel: number }[]) => {
      const externalId = `pbx-${randomUUID()}`;
      externalIds.push(externalId);
      return {
        id: `${externalId}-queued`,
        type: 'call.queued',
        occurredAt: new Date().toISOString(),
        callId: externalId,
        teamId,
        ...(requiredSkills ? { requiredSkills } : {}),
      };
    };
    const results = await post([
      queued([
        { skill: 'BATCH BILLING', minLevel: 2 },
        { skill: billing, minLevel: 4 },
      ]),
      queued([
        { skill: 'Klingon', minLevel: 3 },
        { skill: ' batch billing ', minLevel: 1 },
      ]),
      queued(),
      queued([{ skill: 'Vulcan', minLevel: 2 }]),
    ]);
    expect(results.map((result) => result.outcome)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    const callIds = results.map((result) => result.callId);
    /** What a call requires, as stored (null: its team's default applies). */
    const required = async (callId: string) => {
      const [row] = await query<{ required: unknown }>(
        api,
        sql`select required_skills as required from calls where id = ${callId}`,
      );
      return typeof row?.required === 'string' ? JSON.parse(row.required) : row?.required;
    };
    const unknownSkills = async (callId: string) =>
      (await call('GET', `/api/calls/${callId}`, { token: tokens.admin })).body.data.call
        .timeline[0].details.unknownSkills;
    expect(await required(callIds[0] as string)).toEqual([{ skillId: billing, minLevel: 4 }]);
    expect(await unknownSkills(callIds[0] as string)).toBeUndefined();
    expect(await required(callIds[1] as string)).toEqual([{ skillId: billing, minLevel: 1 }]);
    expect(await unknownSkills(callIds[1] as string)).toEqual(['Klingon']);
    expect(await required(callIds[2] as string)).toBeNull();
    expect(await required(callIds[3] as string)).toBeNull();
    expect(await unknownSkills(callIds[3] as string)).toEqual(['Vulcan']);

    // Nothing is remembered between requests: a skill added now is known to the next one.
    const vulcan = await newSkill('Vulcan');
    const [next] = await post([queued([{ skill: 'vulcan', minLevel: 2 }])]);
    expect(await required(next?.callId as string)).toEqual([{ skillId: vulcan, minLevel: 2 }]);
    const gone = await post(
      externalIds.map((callId) => ({
        id: `${callId}-gone`,
        type: 'call.abandoned',
        occurredAt: new Date().toISOString(),
        callId,
      })),
    );
    expect(gone.every((result) => result.outcome === 'applied')).toBe(true);
  });

  it('widens the requirement with the wait: the level drops one step per wait, then any agent takes it', async () => {
    const german = await newSkill('German');
    const teamId = await createTeam(call, tokens.supervisor1, 'Skills widening', [ids.agent1]);
    await call('PUT', `/api/skills/teams/${teamId}`, {
      token: tokens.supervisor1,
      body: { requiredSkills: [], widenAfterSeconds: 10 },
    });
    await setSkills('agent1', [{ skillId: german, level: 2 }]);
    await presence('agent1', 'available');

    // German 4, just queued: agent1 (German 2) does not qualify, nor after one step (3).
    const fresh = await queue(teamId, [{ skill: 'German', minLevel: 4 }]);
    const oneStep = await queue(teamId, [{ skill: 'German', minLevel: 4 }], 12);
    await settleRouting();
    expect((await state(fresh)).state).toBe('queued');
    expect((await state(oneStep)).state).toBe('queued');
    // Two steps (20 s) lower it to 2: agent1 qualifies. The PBX's time is the queue time.
    const twoSteps = await queue(teamId, [{ skill: 'German', minLevel: 4 }], 21);
    expect(await offeredTo(twoSteps)).toBe(ids.agent1);
    await finish('agent1', twoSteps);

    // A skill the agent lacks: still required at level 1 (two steps), dropped after three.
    const otherSkill = await newSkill('Italian');
    const three = await queue(teamId, [{ skill: 'Italian', minLevel: 3 }], 25);
    await settleRouting();
    expect((await state(three)).state).toBe('queued');
    const dropped = await queue(teamId, [{ skill: otherSkill, minLevel: 3 }], 31);
    expect(await offeredTo(dropped)).toBe(ids.agent1);
    await finish('agent1', dropped);
    await presence('agent1', 'offline');
  });
});
