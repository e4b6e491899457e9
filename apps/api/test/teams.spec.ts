import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const PASSWORD = 'poscalls4u-demo';

describe.each(DATABASES)('teams on %s', (kind) => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  async function signIn(name: string): Promise<void> {
    const response = await call('POST', '/api/auth/login', {
      body: { email: `${name}@poscalls4u.test`, password: PASSWORD },
    });
    expect(response.status).toBe(200);
    tokens[name] = response.body.data.token;
    ids[name] = response.body.data.user.id;
  }

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    for (const name of [
      'admin',
      'supervisor1',
      'supervisor2',
      'agent1',
      'agent2',
      'agent3',
      'agent4',
    ])
      await signIn(name);
  });
  afterAll(() => api.close());

  it('runs the seed brief examples: a supervisor creates a team and adds a member', async () => {
    const created = await call('POST', '/api/teams', {
      token: tokens.supervisor1,
      body: {
        name: 'Sales Team Alpha',
        description: 'Primary sales team for enterprise clients',
        maxMembers: 10,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.team).toMatchObject({
      name: 'Sales Team Alpha',
      maxMembers: 10,
      serviceLevelTargetPercent: 80,
      serviceLevelThresholdSeconds: 20,
      memberCount: 1,
      members: [expect.objectContaining({ userId: ids.supervisor1, role: 'supervisor' })],
    });
    const teamId = created.body.data.team.id;
    const added = await call('POST', `/api/teams/${teamId}/members`, {
      token: tokens.supervisor1,
      body: { userId: ids.agent1, role: 'agent' },
    });
    expect(added.status).toBe(201);
    expect(
      added.body.data.team.members.map((member: { userId: string }) => member.userId),
    ).toContain(ids.agent1);

    // The agent reads their own team; another agent does not even see it.
    expect((await call('GET', `/api/teams/${teamId}`, { token: tokens.agent1 })).status).toBe(200);
    expect((await call('GET', `/api/teams/${teamId}`, { token: tokens.agent2 })).status).toBe(404);
    const agentList = await call('GET', '/api/teams', { token: tokens.agent1 });
    expect(agentList.body.data.items.map((team: { id: string }) => team.id)).toEqual([teamId]);
    expect(agentList.body.data).toMatchObject({ total: 1, page: 1, pageSize: 25 });
  });

  it('enforces maxMembers with 409 TEAM_FULL, even for additions at the same moment', async () => {
    const created = await call('POST', '/api/teams', {
      token: tokens.admin,
      body: { name: 'Tiny Team', maxMembers: 2 },
    });
    const teamId = created.body.data.team.id;
    const results = await Promise.all(
      ['agent1', 'agent2', 'agent3', 'agent4'].map((name) =>
        call('POST', `/api/teams/${teamId}/members`, {
          token: tokens.admin,
          body: { userId: ids[name], role: 'agent' },
        }),
      ),
    );
    expect(results.filter((result) => result.status === 201)).toHaveLength(2);
    const refused = results.filter((result) => result.status === 409);
    expect(refused).toHaveLength(2);
    expect(refused.every((result) => result.body.error.code === 'TEAM_FULL')).toBe(true);
    expect(
      (await call('GET', `/api/teams/${teamId}`, { token: tokens.admin })).body.data.team
        .memberCount,
    ).toBe(2);
  });

  it("lets only the team's supervisors and admins manage it", async () => {
    const created = await call('POST', '/api/teams', {
      token: tokens.supervisor1,
      body: { name: 'Support Team' },
    });
    const teamId = created.body.data.team.id;
    // supervisor2 is not a member: the team does not exist for them.
    expect(
      (
        await call('PUT', `/api/teams/${teamId}`, {
          token: tokens.supervisor2,
          body: { name: 'Hijacked' },
        })
      ).status,
    ).toBe(404);
    await call('POST', `/api/teams/${teamId}/members`, {
      token: tokens.supervisor1,
      body: { userId: ids.agent2, role: 'agent' },
    });
    // An agent of the team reads it but cannot change it or its members.
    expect(
      (
        await call('PUT', `/api/teams/${teamId}`, {
          token: tokens.agent2,
          body: { name: 'Mine now' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('POST', `/api/teams/${teamId}/members`, {
          token: tokens.agent2,
          body: { userId: ids.agent3, role: 'agent' },
        })
      ).status,
    ).toBe(403);
    const renamed = await call('PUT', `/api/teams/${teamId}`, {
      token: tokens.supervisor1,
      body: { name: 'Support Team EMEA', serviceLevelTargetPercent: 90 },
    });
    expect(renamed.body.data.team).toMatchObject({
      name: 'Support Team EMEA',
      serviceLevelTargetPercent: 90,
    });
    // Only admins archive; supervisors get 403.
    expect(
      (await call('DELETE', `/api/teams/${teamId}`, { token: tokens.supervisor1 })).status,
    ).toBe(403);
  });

  it('archives instead of deleting, and refuses bad input clearly', async () => {
    const created = await call('POST', '/api/teams', {
      token: tokens.admin,
      body: { name: 'Old Team' },
    });
    const teamId = created.body.data.team.id;
    const archived = await call('DELETE', `/api/teams/${teamId}`, { token: tokens.admin });
    expect(archived.status).toBe(200);
    expect(archived.body.data.team.archivedAt).toEqual(expect.any(String));
    expect(
      (await call('GET', '/api/teams', { token: tokens.admin })).body.data.items.map(
        (team: { id: string }) => team.id,
      ),
    ).not.toContain(teamId);
    const withArchived = await call('GET', '/api/teams?includeArchived=true', {
      token: tokens.admin,
    });
    expect(withArchived.body.data.items.map((team: { id: string }) => team.id)).toContain(teamId);
    expect(
      (await call('GET', '/api/teams?includeArchived=true', { token: tokens.supervisor1 })).status,
    ).toBe(403);
    // The name is free again once the old team is archived.
    expect(
      (await call('POST', '/api/teams', { token: tokens.admin, body: { name: 'old team' } }))
        .status,
    ).toBe(201);
    expect(
      (await call('POST', '/api/teams', { token: tokens.admin, body: { name: 'OLD TEAM' } }))
        .status,
    ).toBe(409);

    expect(
      (await call('POST', '/api/teams', { token: tokens.agent1, body: { name: 'Agents only' } }))
        .status,
    ).toBe(403);
    expect(
      (await call('POST', '/api/teams', { token: tokens.admin, body: { name: '' } })).status,
    ).toBe(400);
    expect(
      (
        await call('POST', '/api/teams', {
          token: tokens.admin,
          body: { name: 'X', maxMembers: 0 },
        })
      ).status,
    ).toBe(400);
    expect(
      (await call('POST', '/api/teams', { token: tokens.admin, body: { name: 'X', owner: 'me' } }))
        .status,
    ).toBe(400);
    expect((await call('GET', '/api/teams/not-a-uuid', { token: tokens.admin })).status).toBe(400);
    expect(
      (
        await call('GET', '/api/teams/00000000-0000-4000-8000-000000000000', {
          token: tokens.admin,
        })
      ).status,
    ).toBe(404);
    const team = (
      await call('POST', '/api/teams', { token: tokens.admin, body: { name: 'Rules Team' } })
    ).body.data.team.id;
    const badRole = await call('POST', `/api/teams/${team}/members`, {
      token: tokens.admin,
      body: { userId: ids.agent1, role: 'supervisor' },
    });
    expect(badRole.status).toBe(400);
    await call('POST', `/api/teams/${team}/members`, {
      token: tokens.admin,
      body: { userId: ids.agent1, role: 'agent' },
    });
    expect(
      (
        await call('POST', `/api/teams/${team}/members`, {
          token: tokens.admin,
          body: { userId: ids.agent1, role: 'agent' },
        })
      ).body.error.code,
    ).toBe('CONFLICT');
    expect(
      (await call('DELETE', `/api/teams/${team}/members/${ids.agent1}`, { token: tokens.admin }))
        .status,
    ).toBe(200);
    expect(
      (await call('DELETE', `/api/teams/${team}/members/${ids.agent1}`, { token: tokens.admin }))
        .status,
    ).toBe(404);
  });

  it('pages the list of teams by name with page and pageSize', async () => {
    const all = await call('GET', '/api/teams?pageSize=100', { token: tokens.admin });
    expect(all.status).toBe(200);
    const names: string[] = all.body.data.items.map((team: { name: string }) => team.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(all.body.data.total).toBe(names.length);
    const second = await call('GET', '/api/teams?page=2&pageSize=2', { token: tokens.admin });
    expect(second.body.data).toMatchObject({ total: names.length, page: 2, pageSize: 2 });
    expect(second.body.data.items.map((team: { name: string }) => team.name)).toEqual(
      names.slice(2, 4),
    );
    const beyond = await call('GET', '/api/teams?page=99', { token: tokens.admin });
    expect(beyond.body.data).toMatchObject({ items: [], total: names.length, page: 99 });
    for (const bad of ['page=0', 'pageSize=101', 'pageSize=abc']) {
      const refused = await call('GET', `/api/teams?${bad}`, { token: tokens.admin });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    }
  });
});
