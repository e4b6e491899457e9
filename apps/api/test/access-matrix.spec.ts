import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';

import { Permission, SIGNATURE_HEADER, TEAM_PERMISSIONS } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, createTeam, query, signInAll } from './support/calls';
import { MatrixStatuses, ROUTE_POLICY, RoutePolicy } from './support/route-policy';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

type Persona = keyof MatrixStatuses;

/** What a persona acts on: their team, a member of it who is not them, a call of that member. */
interface Subject {
  token: string;
  teamId: string;
  memberId: string;
  callId: string;
}

interface Request {
  path: string;
  body?: unknown;
}

// The envelope changes under these tests: read bodies through these helpers only.
/* eslint-disable @typescript-eslint/no-explicit-any */
const dataOf = (body: any): any => body?.data;
const idOf = (body: any): string => dataOf(body)?.id ?? dataOf(body)?.team?.id;
const itemsOf = (body: any): any[] => dataOf(body)?.items ?? dataOf(body) ?? [];
const permissionsOf = (body: any): any => dataOf(body)?.permissions ?? dataOf(body);
/* eslint-enable @typescript-eslint/no-explicit-any */

const day = new Date().toISOString().slice(0, 10);
const RANGE = `from=${day}&to=${day}&interval=1h`;

/** How each route of the matrix is called on a persona's subject. */
const REQUESTS: Record<string, (subject: Subject, ids: Record<string, string>) => Request> = {
  'GET /api/auth/permissions': () => ({ path: '/api/auth/permissions' }),
  'GET /api/notifications': () => ({ path: '/api/notifications' }),
  'GET /api/users': () => ({ path: '/api/users' }),
  'PATCH /api/users/{id}': (s) => ({ path: `/api/users/${s.memberId}`, body: { role: 'agent' } }),
  'GET /api/audit': () => ({ path: '/api/audit' }),
  'GET /api/teams/{id}': (s) => ({ path: `/api/teams/${s.teamId}` }),
  'PUT /api/teams/{id}': (s) => ({
    path: `/api/teams/${s.teamId}`,
    body: { description: 'Matrix' },
  }),
  'POST /api/teams/{id}/members': (s, ids) => ({
    path: `/api/teams/${s.teamId}/members`,
    body: { userId: ids.agent4, role: 'agent' },
  }),
  'DELETE /api/teams/{id}/members/{userId}': (s, ids) => ({
    path: `/api/teams/${s.teamId}/members/${ids.agent4}`,
  }),
  'GET /api/teams/{id}/security-profile': (s) => ({
    path: `/api/teams/${s.teamId}/security-profile`,
  }),
  'PUT /api/teams/{id}/security-profile': (s) => ({
    path: `/api/teams/${s.teamId}/security-profile`,
    body: { agents: { grant: [], withhold: [] }, supervisors: { grant: [], withhold: [] } },
  }),
  'GET /api/teams/{id}/alert-thresholds': (s) => ({
    path: `/api/teams/${s.teamId}/alert-thresholds`,
  }),
  'PUT /api/teams/{id}/alert-thresholds': (s) => ({
    path: `/api/teams/${s.teamId}/alert-thresholds`,
    body: { callWaitingLongerThanSeconds: 90 },
  }),
  'GET /api/presence': (s) => ({ path: `/api/presence?teamId=${s.teamId}` }),
  'PUT /api/presence/{userId}': (s) => ({
    path: `/api/presence/${s.memberId}`,
    body: { status: 'offline' },
  }),
  'GET /api/calls/{id}': (s) => ({ path: `/api/calls/${s.callId}` }),
  'POST /api/calls': (s) => ({
    path: '/api/calls',
    body: { teamId: s.teamId, from: '+15550100', to: '+15550199' },
  }),
  'POST /api/calls/outbound': (s) => ({
    path: '/api/calls/outbound',
    body: { teamId: s.teamId, to: '+15550142' },
  }),
  'POST /api/calls/{id}/answer': (s) => ({ path: `/api/calls/${s.callId}/answer` }),
  'POST /api/calls/{id}/wrap-up': (s) => ({
    path: `/api/calls/${s.callId}/wrap-up`,
    body: { disposition: 'resolved', notes: 'Matrix' },
  }),
  'POST /api/calls/{id}/qa-reviews': (s) => ({
    path: `/api/calls/${s.callId}/qa-reviews`,
    body: { score: 90 },
  }),
  'GET /api/stats/teams/{id}': (s) => ({ path: `/api/stats/teams/${s.teamId}?${RANGE}` }),
  'GET /api/stats/teams/compare': (s) => ({
    path: `/api/stats/teams/compare?teamIds=${s.teamId}&${RANGE}`,
  }),
  'GET /api/workforce/forecast': (s) => ({
    path: `/api/workforce/forecast?teamId=${s.teamId}&date=${day}&weeks=2`,
  }),
  'POST /api/workforce/report-schedules': (s) => ({
    path: '/api/workforce/report-schedules',
    body: {
      name: 'Matrix',
      teamIds: [s.teamId],
      kind: 'last-day',
      recipients: ['matrix@example.com'],
      frequency: 'daily',
      localTime: '07:00',
      timeZone: 'UTC',
    },
  }),
  'GET /api/stats/agents/{id}': (s) => ({ path: `/api/stats/agents/${s.memberId}?${RANGE}` }),
  'GET /api/stats/calls': (s) => ({
    path: `/api/stats/calls?${RANGE}&teamId=${s.teamId}&format=csv`,
  }),
};

const key = (entry: { method: string; path: string }) => `${entry.method} ${entry.path}`;
/** A path of the table with its parameters filled in (any value: the guard answers first). */
const filled = (path: string) =>
  path
    .replace(/\{code\}/g, 'anything')
    .replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

/**
 * The route policy table as tests: every route refuses anonymous callers; the admin-only ones
 * refuse everyone else; the routes with a matrix answer each persona as the table says, the
 * horizontal cases included (an agent on another agent's call or figures, a supervisor on a team
 * they do not supervise, a team whose security profile withholds the permission).
 */
describe(`access matrix on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  const subjects = {} as Record<Persona, Subject>;
  let teamA: string;
  let teamW: string;
  let callA: string;

  async function completedCall(name: string, teamId: string, agent: string): Promise<string> {
    const created = await call('POST', '/api/integrations', {
      token: tokens.admin,
      body: { name: `PBX ${name}` },
    });
    const integration = dataOf(created.body)?.integration ?? dataOf(created.body);
    const at = Date.now() - 120_000;
    const events = [
      {
        id: `${name}-q`,
        type: 'call.queued',
        callId: name,
        teamId,
        occurredAt: new Date(at).toISOString(),
      },
      {
        id: `${name}-c`,
        type: 'call.connected',
        callId: name,
        agentEmail: `${agent}@poscalls4u.test`,
        occurredAt: new Date(at + 10_000).toISOString(),
      },
      {
        id: `${name}-e`,
        type: 'call.ended',
        callId: name,
        occurredAt: new Date(at + 70_000).toISOString(),
      },
    ];
    const rawBody = JSON.stringify(events);
    const posted = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, rawBody),
      },
    });
    expect(posted.status).toBe(200);
    const [row] = await query<{ id: string }>(
      api,
      sql`select id from calls where external_id = ${name}`,
    );
    const callId = row?.id as string;
    const done = await call('POST', `/api/calls/${callId}/wrap-up`, {
      token: tokens[agent],
      body: { disposition: 'resolved' },
    });
    expect(done.status).toBe(200);
    return callId;
  }

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, [
      'admin',
      'supervisor1',
      'supervisor2',
      'agent1',
      'agent2',
      'agent3',
      'agent4',
      'agent5',
      'agent6',
    ]));
    // agent5 becomes the supervisor of team W (a role change ends their sessions: sign in again).
    const promoted = await call('PATCH', `/api/users/${ids.agent5}`, {
      token: tokens.admin,
      body: { role: 'supervisor' },
    });
    expect(promoted.status).toBe(200);
    Object.assign(tokens, (await signInAll(call, ['agent5'])).tokens);

    teamA = await createTeam(call, tokens.supervisor1, 'Matrix A', [ids.agent1, ids.agent2]);
    await createTeam(call, tokens.supervisor2, 'Matrix B', [ids.agent3]);
    const created = await call('POST', '/api/teams', {
      token: tokens.admin,
      body: { name: 'Matrix W' },
    });
    teamW = idOf(created.body);
    for (const [userId, role] of [
      [ids.agent5, 'supervisor'],
      [ids.agent6, 'agent'],
    ] as const) {
      const added = await call('POST', `/api/teams/${teamW}/members`, {
        token: tokens.admin,
        body: { userId, role },
      });
      expect(added.status).toBe(201);
    }
    callA = await completedCall('matrix-a', teamA, 'agent2');
    const callW = await completedCall('matrix-w', teamW, 'agent6');
    // W's supervisors keep reading the team's calls, and lose every other team permission.
    const profile = await call('PUT', `/api/teams/${teamW}/security-profile`, {
      token: tokens.admin,
      body: {
        agents: { grant: [], withhold: [Permission.CallsOutbound] },
        supervisors: {
          grant: [],
          withhold: TEAM_PERMISSIONS.filter((p) => p !== Permission.CallsReadTeam),
        },
      },
    });
    expect(profile.status).toBe(200);

    subjects.agent = { token: tokens.agent1, teamId: teamA, memberId: ids.agent2, callId: callA };
    subjects.otherSupervisor = {
      token: tokens.supervisor2,
      teamId: teamA,
      memberId: ids.agent2,
      callId: callA,
    };
    subjects.withheld = {
      token: tokens.agent5,
      teamId: teamW,
      memberId: ids.agent6,
      callId: callW,
    };
    subjects.admin = { token: tokens.admin, teamId: teamA, memberId: ids.agent2, callId: callA };
  }, 120_000);
  afterAll(() => api?.close());

  it('refuses every route but the public ones to an anonymous caller (401)', async () => {
    const wrong: string[] = [];
    for (const entry of ROUTE_POLICY.filter((route) => route.access !== 'public')) {
      const response = await call(entry.method, filled(entry.path), {
        body: entry.method === 'GET' ? undefined : {},
      });
      if (response.status !== 401) wrong.push(`${key(entry)}: ${response.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses the admin-only routes to agents and supervisors (403)', async () => {
    const adminOnly = ROUTE_POLICY.filter(
      (route) =>
        route.access === 'role:admin' || route.access === Permission.SecurityProfilesManage,
    );
    expect(adminOnly.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const entry of adminOnly) {
      for (const name of ['agent1', 'supervisor1'] as const) {
        const response = await call(entry.method, filled(entry.path), {
          token: tokens[name],
          body: entry.method === 'GET' ? undefined : {},
        });
        if (response.status !== 403) wrong.push(`${key(entry)} as ${name}: ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers each persona as the table says', async () => {
    const withMatrix = ROUTE_POLICY.filter(
      (route): route is RoutePolicy & { matrix: MatrixStatuses } => route.matrix !== undefined,
    );
    expect(withMatrix.map(key).sort()).toEqual(Object.keys(REQUESTS).sort());
    const wrong: string[] = [];
    // The admin last: their calls succeed, and some change what the others would see.
    const personas: Persona[] = ['agent', 'otherSupervisor', 'withheld', 'admin'];
    for (const entry of withMatrix) {
      for (const persona of personas) {
        const subject = subjects[persona];
        const request = (REQUESTS[key(entry)] as (typeof REQUESTS)[string])(subject, ids);
        const response = await call(entry.method, request.path, {
          token: subject.token,
          body: request.body,
        });
        if (response.status !== entry.matrix[persona]) {
          const error = typeof response.body === 'object' ? response.body?.error?.message : '';
          wrong.push(
            `${key(entry)} as ${persona}: ${response.status}, expected ${entry.matrix[persona]} (${error ?? ''})`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps an agent to their own calls in lists', async () => {
    const list = await call('GET', '/api/calls', { token: tokens.agent1 });
    expect(list.status).toBe(200);
    expect(itemsOf(list.body).map((item: { id: string }) => item.id)).not.toContain(callA);
  });

  it('names the withheld permission, follows a profile change at once, and audits it', async () => {
    const path = `/api/teams/${teamA}/security-profile`;
    const withhold = await call('PUT', path, {
      token: tokens.admin,
      body: {
        agents: { grant: [Permission.CallsReadTeam, Permission.StatsTeam], withhold: [] },
        supervisors: { grant: [], withhold: [Permission.TeamMembers] },
      },
    });
    expect(withhold.status).toBe(200);
    expect(
      dataOf(withhold.body)?.supervisors ?? dataOf(withhold.body)?.securityProfile?.supervisors,
    ).toEqual({
      grant: [],
      withhold: [Permission.TeamMembers],
    });

    const refused = await call('PUT', `/api/teams/${teamA}`, {
      token: tokens.supervisor1,
      body: { description: 'No' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect(refused.body.error.message).toContain('withholds team:members');

    const mine = permissionsOf(
      (await call('GET', '/api/auth/permissions', { token: tokens.supervisor1 })).body,
    );
    const inA = mine.teams.find((team: { teamId: string }) => team.teamId === teamA);
    expect(inA.permissions).not.toContain(Permission.TeamMembers);
    expect(inA.permissions).toContain(Permission.StatsTeam);

    // Granted to agents: agent1 now reads the team's calls and statistics.
    expect((await call('GET', `/api/calls/${callA}`, { token: tokens.agent1 })).status).toBe(200);
    expect(
      (await call('GET', `/api/stats/teams/${teamA}?${RANGE}`, { token: tokens.agent1 })).status,
    ).toBe(200);

    const audit = await call('GET', '/api/audit?action=teams.security_profile_changed', {
      token: tokens.admin,
    });
    const changes = itemsOf(audit.body).filter(
      (event: { details: { teamId?: string; new?: unknown } | null }) =>
        event.details?.teamId === teamA && event.details.new !== undefined,
    );
    expect(changes.length).toBeGreaterThan(0);

    const reset = await call('PUT', path, {
      token: tokens.admin,
      body: { agents: { grant: [], withhold: [] }, supervisors: { grant: [], withhold: [] } },
    });
    expect(reset.status).toBe(200);
    expect(
      (
        await call('PUT', `/api/teams/${teamA}`, {
          token: tokens.supervisor1,
          body: { description: 'Yes' },
        })
      ).status,
    ).toBe(200);
    expect((await call('GET', `/api/calls/${callA}`, { token: tokens.agent1 })).status).toBe(404);
  });

  it('validates a profile: unknown or organisation permissions, contradictions, unknown team', async () => {
    const put = (teamId: string, body: unknown) =>
      call('PUT', `/api/teams/${teamId}/security-profile`, { token: tokens.admin, body });
    const empty = { grant: [], withhold: [] };
    for (const body of [
      { agents: { grant: ['calls:teleport'], withhold: [] }, supervisors: empty },
      { agents: { grant: [Permission.UsersManage], withhold: [] }, supervisors: empty },
      { agents: empty, supervisors: { grant: ['qa:review'], withhold: ['qa:review'] } },
      { agents: empty },
    ]) {
      const response = await put(teamA, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await put(randomUUID(), { agents: empty, supervisors: empty })).status).toBe(404);
  });
});
