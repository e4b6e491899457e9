import { Call, signInAll } from './support/calls';
import { DATABASES, TestApi, apiClient, startTestApi } from './support/test-api';

const kind = DATABASES[DATABASES.length - 1] ?? 'pglite';

// The published worked example: 100 calls in 30 minutes, AHT 180 s, 80 % answered in 20 s.
const EXAMPLE = {
  callsPerInterval: 100,
  intervalMinutes: 30,
  ahtSeconds: 180,
  serviceLevelTarget: 0.8,
  targetAnswerSeconds: 20,
};

/** The staffing calculator through HTTP: the envelope, the table, who may call it, bad input. */
describe(`workforce staffing on ${kind}`, () => {
  let api: TestApi;
  let call: Call;
  let tokens: Record<string, string>;

  const staffing = (body: unknown, name = 'supervisor1') =>
    call('POST', '/api/workforce/staffing', { token: tokens[name], body });

  beforeAll(async () => {
    api = await startTestApi(kind, { DEMO_SEED: 'true' });
    call = apiClient(api.baseUrl);
    ({ tokens } = await signInAll(call, ['admin', 'supervisor1', 'agent1']));
  });
  afterAll(() => api?.close());

  it('answers the worked example with 14 agents (Erlang C) and the N-2..N+3 table', async () => {
    const response = await staffing({ ...EXAMPLE, shrinkage: 0.3 });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.data)).toEqual(['staffing']);
    const answer = response.body.data.staffing;
    expect(answer).toMatchObject({
      model: 'erlang-c',
      trafficErlangs: 10,
      agents: 14,
      scheduledAgents: 20,
    });
    expect(answer.serviceLevel).toBeCloseTo(0.888, 3);
    expect(answer.asaSeconds).toBeCloseTo(7.84, 2);
    expect(answer.occupancy).toBeCloseTo(0.7143, 4);
    expect(answer.abandonRate).toBeUndefined();
    expect(answer.table.map((row: { agents: number }) => row.agents)).toEqual([
      12, 13, 14, 15, 16, 17,
    ]);
    expect(answer.table.map((row: { meetsTarget: boolean }) => row.meetsTarget)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(answer.table[2]).toMatchObject({ agents: 14, serviceLevel: answer.serviceLevel });
  });

  it('uses Erlang A with a patience, and needs fewer agents', async () => {
    const response = await staffing({ ...EXAMPLE, averagePatienceSeconds: 60 }, 'admin');
    expect(response.status).toBe(200);
    const answer = response.body.data.staffing;
    expect(answer.model).toBe('erlang-a');
    expect(answer.agents).toBeLessThanOrEqual(14);
    expect(answer.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(answer.abandonRate).toBeGreaterThan(0);
    expect(
      answer.table.every((row: { abandonRate?: number }) => row.abandonRate !== undefined),
    ).toBe(true);
  });

  it('applies the occupancy cap, and needs no agent for no calls', async () => {
    const capped = await staffing({ ...EXAMPLE, maxOccupancy: 0.6 });
    expect(capped.body.data.staffing.agents).toBe(17);
    const idle = await staffing({ ...EXAMPLE, callsPerInterval: 0 });
    expect(idle.status).toBe(200);
    expect(idle.body.data.staffing).toMatchObject({
      agents: 0,
      scheduledAgents: 0,
      serviceLevel: 1,
    });
  });

  it('refuses impossible input with a 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...EXAMPLE, serviceLevelTarget: 1 }, 'serviceLevelTarget'],
      [{ ...EXAMPLE, serviceLevelTarget: 1.2 }, 'serviceLevelTarget'],
      [{ ...EXAMPLE, callsPerInterval: -5 }, 'callsPerInterval'],
      [{ ...EXAMPLE, ahtSeconds: 'NaN' }, 'ahtSeconds'],
      [{ ...EXAMPLE, intervalMinutes: 0 }, 'intervalMinutes'],
      [{ ...EXAMPLE, shrinkage: 0.95 }, 'shrinkage'],
      [{ ...EXAMPLE, maxOccupancy: 0 }, 'maxOccupancy'],
      [{ ...EXAMPLE, averagePatienceSeconds: 0 }, 'averagePatienceSeconds'],
      [{ ...EXAMPLE, callsPerInterval: 1_000_000, intervalMinutes: 1 }, 'callsPerInterval'],
      [{ ...EXAMPLE, targetAnswerSeconds: undefined }, 'targetAnswerSeconds'],
    ];
    for (const [body, field] of cases) {
      const response = await staffing(body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('is for supervisors and admins (dashboard:view): agents 403, anonymous 401', async () => {
    expect((await staffing(EXAMPLE, 'agent1')).status).toBe(403);
    expect((await call('POST', '/api/workforce/staffing', { body: EXAMPLE })).status).toBe(401);
  });
});
