import { Socket, io } from 'socket.io-client';

import { SIGNATURE_HEADER } from '@poscalls4u/contracts';
import { signatureHeader } from '@poscalls4u/server-integrations';

import { Call, createTeam, signInAll, waitFor } from './support/calls';
import { DatabaseKind, TestApi, apiClient, startTestApi } from './support/test-api';

/**
 * Live staffing: "agents needed now" from the last 30 minutes' traffic (through the signed PBX
 * route, placed minutes ago), on the dashboard and its live pushes, and the `understaffed` alert
 * raised while too few agents take calls and cleared when one comes back.
 */
const kind: DatabaseKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';

interface Staffing {
  arrivalsLast30Minutes: number;
  ahtSeconds: number | null;
  trafficErlangs: number;
  agentsNeeded: number | null;
  agentsAvailable: number;
  agentsStaffed: number;
  understaffed: boolean;
}

describe(`live staffing on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;
  let ids: Record<string, string>;
  let socket: Socket | undefined;

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens, ids } = await signInAll(call, ['admin', 'supervisor1', 'agent1']));
  });
  afterAll(async () => {
    socket?.close();
    await api?.close();
  });

  it('shows agents needed now, raises the understaffed alert and clears it', async () => {
    const teamId = await createTeam(call, tokens.supervisor1, 'Staffing Live', [ids.agent1]);
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'offline' } });
    // Connected first: the alert may be raised as soon as the calls are in.
    socket = io(api.baseUrl, {
      auth: { token: tokens.supervisor1 },
      transports: ['websocket'],
      reconnection: false,
    });
    const updates: { scope: { teamId?: string }; staffing?: Staffing }[] = [];
    const notes: { id: string; title: string }[] = [];
    socket.on('dashboard:update', (update) => updates.push(update));
    socket.on('notification', (note) => notes.push(note));
    await new Promise<void>((resolve) => socket?.once('connect', () => resolve()));
    const integration = (
      await call('POST', '/api/integrations', { token: tokens.admin, body: { name: 'Live PBX' } })
    ).body.data.integration as { id: string; secret: string };
    // Two calls 20 and 10 minutes ago, each answered after 5 s and talked 180 s: AHT 180 s,
    // 2 calls / 1800 s × 180 s = 0.2 Erlang; one agent meets 80 % in 20 s (about 81.7 %).
    const events = [20, 10].flatMap((minutesAgo, i) => {
      const start = Date.now() - minutesAgo * 60_000;
      const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
      const callId = `live-staffing-${i}-${start}`;
      return [
        {
          id: `${callId}-q`,
          type: 'call.queued',
          callId,
          teamId,
          direction: 'inbound',
          from: '+15550100',
          to: '+15550199',
          occurredAt: at(0),
        },
        { id: `${callId}-c`, type: 'call.connected', callId, occurredAt: at(5) },
        { id: `${callId}-e`, type: 'call.ended', callId, occurredAt: at(185) },
      ];
    });
    const body = JSON.stringify(events);
    const pushed = await call('POST', `/api/integrations/${integration.id}/call-events`, {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(integration.secret, body),
      },
    });
    expect(pushed.status).toBe(200);

    const teamOf = async () => {
      const response = await call('GET', '/api/stats/dashboard', { token: tokens.supervisor1 });
      expect(response.status).toBe(200);
      const dashboard = response.body.data.dashboard as {
        teams: { teamId: string; staffing: Staffing }[];
        alerts: { id: string; message: string }[];
      };
      return {
        staffing: dashboard.teams.find((team) => team.teamId === teamId)?.staffing,
        alerts: dashboard.alerts.map((alert) => alert.id),
      };
    };
    expect((await teamOf()).staffing).toEqual({
      arrivalsLast30Minutes: 2,
      ahtSeconds: 180,
      trafficErlangs: 0.2,
      serviceLevelTargetPercent: 80,
      serviceLevelThresholdSeconds: 20,
      agentsNeeded: 1,
      agentsAvailable: 0,
      agentsStaffed: 0,
      understaffed: true,
    });

    // Evaluated every 5 s (and after each dashboard flush): raised, stored, notified.
    const alertId = `understaffed:${teamId}`;
    await waitFor(teamOf, (team) => team.alerts.includes(alertId), 8000, 'the alert');
    await waitFor(
      async () => notes,
      (seen) => seen.some((note) => note.id === alertId && note.title === 'Understaffed'),
      8000,
      'the notification',
    );

    // One agent takes calls again: the push carries the new staffing, and the alert clears.
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'available' } });
    const pushedStaffing = await waitFor(
      async () => updates.filter((update) => update.scope.teamId === teamId).at(-1)?.staffing,
      (staffing) => staffing?.agentsStaffed === 1,
      3000,
      'the live push',
    );
    expect(pushedStaffing).toMatchObject({
      agentsNeeded: 1,
      agentsAvailable: 1,
      understaffed: false,
    });
    await waitFor(teamOf, (team) => !team.alerts.includes(alertId), 8000, 'the alert to clear');
    await call('PUT', '/api/presence/me', { token: tokens.agent1, body: { status: 'offline' } });
  }, 40_000);
});
