import { TestApi, apiClient, startTestApi } from './support/test-api';

const PASSWORD = 'poscalls4u-demo';

describe('demo data', () => {
  let api: TestApi;
  let call: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    api = await startTestApi('pglite', { DEMO_SEED: 'true', DEMO_TEAMS: 'true' });
    call = apiClient(api.baseUrl);
  });
  afterAll(() => api.close());

  async function teamsOf(name: string) {
    const login = await call('POST', '/api/auth/login', {
      body: { email: `${name}@poscalls4u.test`, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const token = login.body.data.token as string;
    const list = await call('GET', '/api/teams', { token });
    return list.body.data.items as Array<{ id: string; name: string; memberCount: number }>;
  }

  it('seeds the two demo queues with a supervisor and five agents each', async () => {
    const all = await teamsOf('admin');
    expect(all.map((team) => [team.name, team.memberCount]).sort()).toEqual([
      ['Sales', 6],
      ['Support', 6],
    ]);
    expect((await teamsOf('agent1')).map((team) => team.name)).toEqual(['Support']);
    expect((await teamsOf('agent6')).map((team) => team.name)).toEqual(['Sales']);
  });
});
